import { textAnalysisOf } from '../analysis/corrections.ts';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { redirectWithNotice, requireUser, takeNotice } from '../http/context.ts';
import { sendPage } from '../http/render.tsx';
import type { Config } from '../shared/config.ts';
import type { Db } from '../shared/db.ts';
import type { MessageKey } from '../shared/i18n/index.ts';
import { AppError } from '../shared/errors.ts';
import { ancestry, findNodeByCode } from '../organisation/tree-queries.ts';
import { searchUnits } from '../organisation/search-units.ts';
import { addComment, markFormal, markHandled, markOpened, moveFeedback, replyToCustomer, tellManager } from './handle-feedback.ts';
import { type InboxFilter, inbox, readFeedback } from './inbox.ts';
import { FeedbackPage, type FormState, InboxPage, issueKeys, type Section } from './inbox-views.tsx';
import { canLeadActions, canUseFeedbackInbox } from '../access/permissions.ts';
import { actionsOfFeedback } from '../actions/action-queries.ts';

export async function inboxRoutes(app: FastifyInstance, opts: { db: Db; config: Config }) {
  const { db, config } = opts;

  const inboxQuery = z.object({
    show: z.string().optional(),
    q: z.string().max(200).optional().catch(undefined),
    overdue: z.string().optional(),
    reply: z.string().optional(),
  });

  app.get('/admin/feedback', async (request, reply) => {
    const user = requireUser(request);
    if (!canUseFeedbackInbox(user)) throw new AppError('forbidden', 'Handlers, managers and administrators only');
    const query = inboxQuery.parse(request.query);
    const filter: InboxFilter = {
      show: query.show === 'handled' ? 'handled' : 'open',
      q: query.q,
      overdueOnly: query.overdue === '1',
      wantsReplyOnly: query.reply === '1',
    };
    return sendPage(reply, <InboxPage request={request} inbox={await inbox(db, user, filter)} filter={filter} />);
  });

  const detail = async (request: FastifyRequest, reply: FastifyReply, id: number, form?: FormState) => {
    const user = requireUser(request);
    if (!form) await markOpened(db, user, id);
    const f = await readFeedback(db, user, id);
    const mayOpenAction = canLeadActions(
      user,
      (await ancestry(db, f.target_node_id)).map((n) => n.id),
    );
    return sendPage(
      reply,
      <FeedbackPage
        request={request}
        notice={takeNotice(request, reply)}
        f={f}
        form={form}
        actions={await actionsOfFeedback(db, id)}
        mayOpenAction={mayOpenAction}
        analysis={await textAnalysisOf(db, { source: 'feedback', id, question: '' }, request.lang)}
      />,
      form?.status ?? (form?.errors.length ? 400 : 200),
    );
  };

  const idParam = z.object({ id: z.coerce.number().int().positive() });
  type Body = Record<string, string | string[] | undefined>;
  const str = (v: string | string[] | undefined) => (Array.isArray(v) ? (v[0] ?? '') : (v ?? ''));

  /** Runs one handling action; on bad input shows the page again with the form as it was typed. */
  const action =
    (
      section: Section,
      done: MessageKey,
      // biome-ignore lint/suspicious/noConfusingVoidType: a refused action gives back the form, the others give nothing
      run: (user: ReturnType<typeof requireUser>, id: number, body: Body, request: FastifyRequest) => Promise<FormState | void>,
    ) =>
    async (request: FastifyRequest, reply: FastifyReply) => {
      const user = requireUser(request);
      const { id } = idParam.parse(request.params);
      const body = (request.body ?? {}) as Body;
      const values = Object.fromEntries(
        Object.entries(body)
          .filter(([k]) => k !== '_csrf')
          .map(([k, v]) => [k, v ?? '']),
      ) as Record<string, string | string[]>;
      try {
        const again = await run(user, id, body, request);
        if (again) return detail(request, reply, id, again);
      } catch (err) {
        if (err instanceof AppError && err.code === 'conflict' && section === 'handle')
          return detail(request, reply, id, { section, errors: ['handle.errClosed'], values, status: 409 });
        if (!(err instanceof AppError) || err.code !== 'invalid') throw err;
        const issues = (err.details as { issues: string[] }).issues;
        const errors = [...new Set(issues.map((i) => issueKeys[i] ?? (section === 'handle' ? 'handle.errEffects' : 'error.invalid')))] as MessageKey[];
        return detail(request, reply, id, { section, errors, values });
      }
      return redirectWithNotice(reply, `/admin/feedback/${id}`, done);
    };

  app.get('/admin/feedback/:id', async (request, reply) => detail(request, reply, idParam.parse(request.params).id));

  app.post(
    '/admin/feedback/:id/handled',
    action('handle', 'handle.done', async (user, id, body) => {
      await markHandled(db, user, id, { effects: [body.effects ?? []].flat(), description: str(body.description) });
    }),
  );

  app.post(
    '/admin/feedback/:id/comment',
    action('comment', 'comment.done', async (user, id, body) => {
      await addComment(db, user, id, { body: str(body.body) });
    }),
  );

  app.post(
    '/admin/feedback/:id/reply',
    action('reply', 'reply.done', async (user, id, body) => {
      await replyToCustomer(db, user, id, { channel: str(body.channel) || 'email', body: str(body.body) });
    }),
  );

  app.post(
    '/admin/feedback/:id/tell-manager',
    action('manager', 'toManager.done', async (user, id, body) => {
      await tellManager(db, user, id, { note: str(body.note) || undefined }, config.publicUrl);
    }),
  );

  app.post(
    '/admin/feedback/:id/formal',
    action('formal', 'formal.done', async (user, id, body) => {
      await markFormal(db, user, id, { process: str(body.process), note: str(body.note) || undefined });
    }),
  );

  // The target is a code, or a name to search for: one match moves it there, several are offered.
  app.post(
    '/admin/feedback/:id/move',
    action('move', 'move.done', async (user, id, body) => {
      const typed = str(body.target).trim();
      let code = typed;
      if (typed && !(await findNodeByCode(db, typed))) {
        const hits = await searchUnits(db, { q: typed, limit: 10, kinds: ['unit', 'service', 'result_area', 'division', 'county'] });
        // A name typed in full is the one meant, even when it is also part of other names.
        const exact = hits.filter((h) => [h.name.fi, h.name.sv, h.name.en].some((n) => n?.toLocaleLowerCase('fi') === typed.toLocaleLowerCase('fi')));
        if (hits.length > 1 && exact.length !== 1) return { section: 'move', errors: [], values: { target: typed }, moveChoices: hits };
        code = (exact[0] ?? hits[0])?.code ?? typed;
      }
      await moveFeedback(db, user, id, { target: code }, config.publicUrl);
    }),
  );
}
