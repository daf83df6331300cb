import { helsinkiToday } from '../shared/i18n/format.ts';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { hasAnyGrant } from '../access/permissions.ts';
import { z } from 'zod';
import { audit } from '../access/audit.ts';
import { requireUser, redirectWithNotice } from '../http/context.ts';
import { sendPage } from '../http/render.tsx';
import { ancestry } from '../organisation/tree-queries.ts';
import type { Db } from '../shared/db.ts';
import { AppError } from '../shared/errors.ts';
import { latestVersion } from '../surveys/survey-queries.ts';
import { portalNode } from './portal.ts';
import { canSetTargets, effectiveTargets, setTargets } from './targets.ts';
import { TargetsPage } from './targets-views.tsx';

/** Setting a node's OKR targets for a year: NPS and each statement's share of 4–5. */
export async function targetRoutes(app: FastifyInstance, opts: { db: Db }) {
  const { db } = opts;

  const targetQuery = z.object({
    node: z.string().min(1).max(200),
    year: z.coerce
      .number()
      .int()
      .min(2000)
      .max(2100)
      .default(() => Number(helsinkiToday().slice(0, 4))),
    survey: z.string().default('thl-national'),
  });

  /** The targets form; after a refused save, with what was typed and why. */
  const targetPage = async (request: FastifyRequest, reply: FastifyReply, errors?: string[], typed?: Record<string, string>) => {
    const user = requireUser(request);
    const input = targetQuery.parse({ ...(request.query as object), ...(request.body as object | undefined) });
    const node = await portalNode(db, user, input.node);
    if (
      !canSetTargets(
        user,
        (await ancestry(db, node.id)).map((n) => n.id),
      )
    )
      throw new AppError('forbidden', 'Targets are set by administrators and managers');
    const def = (await latestVersion(db, input.survey)).definition;
    const targets = await effectiveTargets(db, node.id, input.survey, input.year);
    return sendPage(
      reply,
      <TargetsPage request={request} node={node} input={input} def={def} targets={targets} errors={errors} typed={typed} />,
      errors ? 400 : 200,
    );
  };

  app.get('/portal/targets', (request, reply) => targetPage(request, reply));

  app.post('/portal/targets', async (request, reply) => {
    const user = requireUser(request);
    if (!hasAnyGrant(user, ['admin', 'manager'])) throw new AppError('forbidden', 'Targets are set by administrators and managers');
    const body = (request.body ?? {}) as Record<string, unknown>;
    const input = targetQuery.parse(body);
    const node = await portalNode(db, user, input.node);
    if (
      !canSetTargets(
        user,
        (await ancestry(db, node.id)).map((n) => n.id),
      )
    )
      throw new AppError('forbidden', 'Targets are set by administrators and managers');
    const def = (await latestVersion(db, input.survey)).definition;
    const keys = ['nps', ...def.questions.filter((q) => q.type === 'likert').map((q) => q.key)];
    const values: Record<string, number | null> = {};
    const errors: string[] = [];
    const typed: Record<string, string> = {};
    for (const key of keys) {
      const raw = String(body[`t_${key}`] ?? '')
        .trim()
        .replace(',', '.');
      typed[key] = raw;
      if (raw === '') values[key] = null;
      else {
        const n = Number(raw);
        const [min, max] = key === 'nps' ? [-100, 100] : [0, 100];
        if (!Number.isFinite(n) || n < min || n > max) errors.push(request.t('portal.targetInvalid', { field: key === 'nps' ? 'NPS' : key, min, max }));
        else values[key] = Math.round(n);
      }
    }
    if (errors.length) return targetPage(request, reply, errors, typed);
    await setTargets(db, user.username, node.id, input.survey, input.year, values);
    await audit(db, user, { action: 'targets_set', targetType: 'org_node', targetId: node.code, details: { year: input.year, survey: input.survey, values } });
    return redirectWithNotice(reply, `/portal?node=${encodeURIComponent(node.code)}`, 'portal.targetsSaved');
  });
}
