import { type Db, one } from '../shared/db.ts';
import type { Lang } from '../shared/i18n/index.ts';
import { nodeName, type OrgNode } from '../organisation/node.ts';

/** What waits for the coordinator: new expert requests and council applications still open. */
export interface OpenParticipationWork {
  requests: number;
  applications: number;
}

export async function openParticipationWork(db: Db): Promise<OpenParticipationWork> {
  return one<OpenParticipationWork>(
    db,
    `select (select count(*)::int from expert_request where status = 'new') as requests,
            (select count(*)::int from council_application where status in ('received', 'interview')) as applications`,
  );
}

export interface StaffNode {
  id: number;
  code: string;
  name: string;
  kind: string;
}

/** The parts of the organisation whose staff a coordinator may invite: down to result areas under their own grants. */
export async function staffRoundNodes(db: Db, grantNodeIds: number[], lang: Lang): Promise<StaffNode[]> {
  if (!grantNodeIds.length) return [];
  const rows = await db.query<OrgNode>(
    `with recursive sub as (select id from org_node where id = any($1) union select c.id from org_node c join sub on c.parent_id = sub.id)
     select n.* from org_node n join sub on sub.id = n.id where n.active and n.kind in ('county', 'division', 'result_area')
     order by case n.kind when 'county' then 0 when 'division' then 1 else 2 end, n.name_fi`,
    [grantNodeIds],
  );
  return rows.map((n) => ({ id: n.id, code: n.code, name: nodeName(n, lang), kind: n.kind }));
}
