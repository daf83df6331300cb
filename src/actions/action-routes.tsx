import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { canLeadActions, canSeeActions, canWorkOnAction } from '../access/permissions.ts';
import { redirectWithNotice, requireUser, takeNotice, type SignedInUser } from '../http/context.ts';
import { sendPage } from '../http/render.tsx';
import type { OrgNode } from '../organisation/node.ts';
import { ancestry, findNodeByCode } from '../organisation/tree-queries.ts';
import type { Config } from '../shared/config.ts';
import type { Db } from '../shared/db.ts';
import { AppError } from '../shared/errors.ts';
import { helsinkiToday } from '../shared/i18n/format.ts';
import type { MessageKey } from '../shared/i18n/index.ts';
import { actionsNode, readableAction } from './action-node.ts';
import { actionsUnder, eligibleOwners } from './action-queries.ts';
import { ActionFormPage, ActionPage, ActionsPage } from './action-views.tsx';
import { editAction, linkFeedback, openAction, readableFeedback, recordFollowUp, recordProgress } from './actions.ts';
import { resultLabel } from './result-label.ts';

type Body = Record<string, string | string[] | undefined>;
const str = (v: string | string[] | undefined) => (Array.isArray(v) ? (v[0] ?? '') : (v ?? ''));
const list = (v: string | string[] | undefined) => (v === undefined ? [] : [v].flat());
const issuesOf = (err: unknown): string[] | undefined =>
  err instanceof AppError && err.code === 'invalid' ? ((err.details as { issues?: string[] } | undefined)?.issues ?? ['form:invalid']) : undefined;

/** A day some weeks ahead on the Helsinki calendar, for the form's first dates. */
const daysAhead = (days: number) => new Date(Date.parse(`${helsinkiToday()}T12:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

export async function actionRoutes(app: FastifyInstance, opts: { db: Db; config: Config }) {
  const { db, config } = opts;

  const listQuery = z.object({ node: z.string().max(200).optional().catch(undefined), show: z.string().optional().catch(undefined) });
  app.get('/admin/actions', async (request, reply) => {
    const user = requireUser(request);
    if (!canSeeActions(user)) throw new AppError('forbidden', 'Development actions are for managers, handlers, analysts and administrators');
    const q = listQuery.parse(request.query);
    const node = await actionsNode(db, user, q.node);
    const show = q.show === 'finished' ? 'finished' : 'open';
    const all = await actionsUnder(db, node.id, request.lang, helsinkiToday());
    const open = all.filter((a) => a.status === 'planned' || a.status === 'in_progress');
    const counts = { open: open.length, finished: all.length - open.length };
    const canOpen = canLeadActions(
      user,
      (await ancestry(db, node.id)).map((n) => n.id),
    );
    return sendPage(
      reply,
      <ActionsPage
        request={request}
        node={node}
        rows={show === 'open' ? open : all.filter((a) => !open.includes(a))}
        counts={counts}
        show={show}
        canOpen={canOpen}
        notice={takeNotice(request, reply)}
      />,
    );
  });

  /** The levels an action may be placed at: the node and those above it that the person leads. */
  const levelsFor = async (user: SignedInUser, node: OrgNode) => {
    const path = await ancestry(db, node.id);
    return path.filter((_n, i) =>
      canLeadActions(
        user,
        path.slice(0, i + 1).map((p) => p.id),
      ),
    );
  };

  const formPage = async (
    request: FastifyRequest,
    reply: FastifyReply,
    node: OrgNode,
    values: Record<string, string | string[]>,
    issues: string[],
    editing?: { id: number; title: string },
  ) => {
    const user = requireUser(request);
    const levels = await levelsFor(user, node);
    if (levels.length === 0) throw new AppError('forbidden', 'Development actions are opened by the node’s managers and administrators');
    const feedback = await readableFeedback(
      db,
      user,
      list(values.feedback)
        .map(Number)
        .filter((n) => Number.isInteger(n) && n > 0),
    );
    return sendPage(
      reply,
      <ActionFormPage
        request={request}
        form={{
          levels,
          owners: await eligibleOwners(db, node.id),
          values,
          feedback,
          resultLabel: await resultLabel(db, request.t, request.lang, str(values.resultSurvey), str(values.resultSubject)),
          issues,
          editing,
        }}
      />,
      issues.length ? 400 : 200,
    );
  };

  const newQuery = z.object({
    node: z.string().max(200).optional().catch(undefined),
    feedback: z
      .union([z.string(), z.array(z.string())])
      .optional()
      .catch(undefined),
    survey: z.string().max(100).optional().catch(undefined),
    subject: z.string().max(100).optional().catch(undefined),
  });
  app.get('/admin/actions/new', async (request, reply) => {
    const user = requireUser(request);
    if (!canSeeActions(user)) throw new AppError('forbidden', 'Development actions are opened by managers and administrators');
    const q = newQuery.parse(request.query);
    const feedback = await readableFeedback(db, user, list(q.feedback).map(Number).filter(Number.isInteger));
    // From a feedback: at its target; from a result or the list: the node named; else the person's own.
    const node =
      (q.node ? await findNodeByCode(db, q.node) : undefined) ??
      (feedback[0] ? (await ancestry(db, feedback[0].target_node_id)).at(-1) : undefined) ??
      (await actionsNode(db, user, undefined));
    const values = {
      node: node.code,
      owner: String(user.userId),
      dueOn: daysAhead(30),
      followUpOn: daysAhead(90),
      feedback: feedback.map((f) => String(f.id)),
      resultSurvey: q.subject ? (q.survey ?? 'thl-national') : '',
      resultSubject: q.subject ?? '',
    };
    return formPage(request, reply, node, values, []);
  });

  const typed = (body: Body) => Object.fromEntries(Object.entries(body).filter(([k]) => k !== '_csrf')) as Record<string, string | string[]>;
  const input = (body: Body) => ({
    node: str(body.node),
    title: str(body.title),
    finding: str(body.finding),
    plan: str(body.plan),
    owner: str(body.owner),
    dueOn: str(body.dueOn),
    followUpOn: str(body.followUpOn),
    publicSummary: str(body.publicSummary),
    feedback: list(body.feedback),
    resultSurvey: str(body.resultSurvey) || undefined,
    resultSubject: str(body.resultSubject) || undefined,
  });
  /** The node a refused form is shown again for: the one chosen, else the first the person leads. */
  const formNode = async (user: SignedInUser, code: string) => (code ? await findNodeByCode(db, code) : undefined) ?? (await actionsNode(db, user, undefined));

  app.post('/admin/actions', async (request, reply) => {
    const user = requireUser(request);
    if (!canSeeActions(user)) throw new AppError('forbidden', 'Development actions are opened by managers and administrators');
    const body = (request.body ?? {}) as Body;
    try {
      const id = await openAction(db, user, input(body), config.publicUrl);
      return redirectWithNotice(reply, `/admin/actions/${id}`, 'actions.opened');
    } catch (err) {
      const issues = issuesOf(err);
      if (!issues) throw err;
      return formPage(request, reply, await formNode(user, str(body.node)), typed(body), issues);
    }
  });

  const idParam = z.object({ id: z.coerce.number().int().positive() });

  const detail = async (request: FastifyRequest, reply: FastifyReply, id: number, issues: string[] = [], typedValues: Record<string, string> = {}) => {
    const user = requireUser(request);
    const read = await readableAction(db, user, id);
    const mayWork = canWorkOnAction(
      user,
      read.path.map((n) => n.id),
      read.action.owner_id,
    );
    const label = await resultLabel(db, request.t, request.lang, read.action.result_survey, read.action.result_subject);
    return sendPage(
      reply,
      <ActionPage
        request={request}
        read={read}
        mayWork={mayWork}
        resultLabel={label}
        notice={takeNotice(request, reply)}
        issues={issues}
        typed={typedValues}
      />,
      issues.length ? 400 : 200,
    );
  };

  app.get('/admin/actions/:id', async (request, reply) => detail(request, reply, idParam.parse(request.params).id));

  app.get('/admin/actions/:id/edit', async (request, reply) => {
    const user = requireUser(request);
    const { id } = idParam.parse(request.params);
    const { action: a, path, leads } = await readableAction(db, user, id);
    if (!leads) throw new AppError('forbidden', 'Development actions are edited by the node’s managers and administrators');
    const values = {
      node: a.node_code,
      title: a.title,
      finding: a.finding,
      plan: a.plan,
      owner: a.owner_id ? String(a.owner_id) : '',
      dueOn: a.due_on,
      followUpOn: a.follow_up_on,
      publicSummary: a.public_summary ?? '',
      resultSurvey: a.result_survey ?? '',
      resultSubject: a.result_subject ?? '',
    };
    return formPage(request, reply, path.at(-1)!, values, [], { id: a.id, title: a.title });
  });

  app.post('/admin/actions/:id/edit', async (request, reply) => {
    const user = requireUser(request);
    const { id } = idParam.parse(request.params);
    const body = (request.body ?? {}) as Body;
    try {
      await editAction(db, user, id, input(body), config.publicUrl);
      return redirectWithNotice(reply, `/admin/actions/${id}`, 'actions.saved');
    } catch (err) {
      const issues = issuesOf(err);
      if (!issues) throw err;
      const { action: a } = await readableAction(db, user, id);
      return formPage(request, reply, await formNode(user, str(body.node)), typed(body), issues, { id, title: a.title });
    }
  });

  /** A change on the action's page; refused input shows the page again with what was typed. */
  const change =
    (done: MessageKey, run: (user: SignedInUser, id: number, body: Body) => Promise<void>, keep: (body: Body) => Record<string, string>) =>
    async (request: FastifyRequest, reply: FastifyReply) => {
      const user = requireUser(request);
      const { id } = idParam.parse(request.params);
      const body = (request.body ?? {}) as Body;
      try {
        await run(user, id, body);
      } catch (err) {
        const issues = issuesOf(err);
        if (!issues) throw err;
        return detail(request, reply, id, issues, keep(body));
      }
      return redirectWithNotice(reply, `/admin/actions/${id}`, done);
    };

  app.post(
    '/admin/actions/:id/status',
    change(
      'actions.progress.done',
      (user, id, body) => recordProgress(db, user, id, { status: str(body.status), note: str(body.note) || undefined }),
      (body) => ({ status: str(body.status), note: str(body.note) }),
    ),
  );
  app.post(
    '/admin/actions/:id/follow-up',
    change(
      'actions.followUp.done',
      (user, id, body) => recordFollowUp(db, user, id, { outcome: str(body.outcome) || undefined, note: str(body.note) || undefined }),
      (body) => ({ outcome: str(body.outcome), outcomeNote: str(body.note) }),
    ),
  );
  app.post(
    '/admin/actions/:id/feedback',
    change(
      'actions.link.done',
      (user, id, body) => linkFeedback(db, user, id, str(body.reference)),
      (body) => ({ reference: str(body.reference) }),
    ),
  );
}
