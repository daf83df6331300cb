import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Principal } from '../access/roles.ts';
import type { OrgNode } from '../organisation/node.ts';
import type { Db } from '../shared/db.ts';
import { figuresNode, parsePeriod, type Period } from './figures.ts';

const query = z.object({
  node: z.string().max(200).optional(),
  from: z.string().max(7).optional(),
  to: z.string().max(7).optional(),
});

/** The node (checked against the person's access) and the months a feedback view is about. */
export async function nodeAndPeriod(db: Db, principal: Principal, rawQuery: unknown): Promise<{ node: OrgNode; period: Period }> {
  const q = query.parse(rawQuery);
  const node = await figuresNode(db, principal, q.node);
  return { node, period: parsePeriod(q.from, q.to) };
}

/** The months to show, as a GET form that keeps the node. */
export function PeriodForm({ request, node, period, action }: { request: FastifyRequest; node: OrgNode; period: Period; action: string }) {
  return (
    <form method="get" action={action} class="filters">
      <input type="hidden" name="node" value={node.code} />
      <label>
        {request.t('figures.from')}
        <input type="month" name="from" value={period.from} required />
      </label>
      <label>
        {request.t('figures.to')}
        <input type="month" name="to" value={period.to} required />
      </label>
      <button type="submit">{request.t('common.show')}</button>
    </form>
  );
}
