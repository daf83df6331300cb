import { grantedOver } from '../access/permissions.ts';
import type { Principal } from '../access/roles.ts';
import { ancestorsCte } from '../organisation/tree-queries.ts';
import type { Db } from '../shared/db.ts';

/** Administrators and managers set the targets of their subtree. */
export const canSetTargets = (p: Principal, nodeAndAncestorIds: readonly number[]) => grantedOver(p, ['admin', 'manager'], nodeAndAncestorIds);

export interface Target {
  question: string;
  value: number;
  /** The node whose target it is: this one, or the nearest ancestor with one. */
  nodeCode: string;
  own: boolean;
}

/** Each question's target for a node and year: its own, else the nearest ancestor's. */
export async function effectiveTargets(db: Db, nodeId: number, survey: string, year: number): Promise<Map<string, Target>> {
  const rows = await db.query<{ question: string; value: number; code: string; depth: number }>(
    `${ancestorsCte}
     select distinct on (t.question) t.question, t.value, n.code, up.depth
     from result_target t join up on up.id = t.node_id join org_node n on n.id = t.node_id
     where t.survey_id = $2 and t.year = $3
     order by t.question, up.depth`,
    [nodeId, survey, year],
  );
  return new Map(rows.map((r) => [r.question, { question: r.question, value: Number(r.value), nodeCode: r.code, own: r.depth === 0 }]));
}

/** A node's own targets for a year: a number sets one, null removes it. */
export async function setTargets(db: Db, actor: string, nodeId: number, survey: string, year: number, values: Record<string, number | null>): Promise<void> {
  await db.transaction(async (tx) => {
    for (const [question, value] of Object.entries(values)) {
      if (value === null) {
        await tx.query('delete from result_target where node_id = $1 and survey_id = $2 and question = $3 and year = $4', [nodeId, survey, question, year]);
      } else {
        await tx.query(
          `insert into result_target (node_id, survey_id, question, year, value, set_by) values ($1, $2, $3, $4, $5, $6)
           on conflict (node_id, survey_id, question, year) do update set value = excluded.value, set_by = excluded.set_by, set_at = now()`,
          [nodeId, survey, question, year, value, actor],
        );
      }
    }
  });
}
