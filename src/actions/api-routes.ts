import type { FastifyInstance } from 'fastify';
import { requirePrincipal } from '../http/context.ts';
import type { Db } from '../shared/db.ts';
import { z } from 'zod';
import { helsinkiToday } from '../shared/i18n/format.ts';
import { actionsNode } from './action-node.ts';
import { actionsUnder } from './action-queries.ts';

/** GET /api/v1/actions?node=CODE (issue 22's integration contract): a subtree's development actions, for a county's own dashboards. */
export async function actionApiRoutes(app: FastifyInstance, opts: { db: Db }) {
  const { db } = opts;
  const query = z.object({ node: z.string().max(200).optional(), status: z.enum(['open', 'finished', 'all']).default('all') });
  app.get('/api/v1/actions', async (request) => {
    const p = requirePrincipal(request);
    const q = query.parse(request.query);
    const node = await actionsNode(db, p, q.node);
    const rows = await actionsUnder(db, node.id, request.lang, helsinkiToday(), q.status);
    return {
      node: node.code,
      actions: rows.map((a) => ({
        id: a.id,
        title: a.title,
        node: a.node_code,
        status: a.status,
        outcome: a.outcome,
        dueOn: a.due_on,
        followUpOn: a.follow_up_on,
        doneAt: a.done_at,
        late: a.late,
        followUpDue: a.follow_up_due,
        feedbackCount: a.feedback_count,
        resultSubject: a.result_subject,
        owner: a.owner_name,
      })),
    };
  });
}
