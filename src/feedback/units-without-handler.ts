import { administeredNodes } from '../access/permissions.ts';
import type { Principal } from '../access/roles.ts';
import type { Db } from '../shared/db.ts';

export interface UnhandledUnit {
  id: number;
  code: string;
  name_fi: string;
  name_sv: string | null;
  name_en: string | null;
  parent_fi: string | null;
  parent_sv: string | null;
  parent_en: string | null;
  open_feedback: number;
}

/**
 * Active units and services in the administrator's subtrees with no designated handler on them or
 * any node above: their feedback has no one named to handle it. Open feedback first, then by place.
 */
export async function unitsWithoutHandler(db: Db, actor: Principal, limit = 1000): Promise<{ units: UnhandledUnit[]; total: number }> {
  const rows = await db.query<UnhandledUnit & { total: number }>(
    `with recursive scope as (
       select id from org_node where ($1::int[] is null and parent_id is null) or id = any($1::int[])
       union select c.id from org_node c join scope s on c.parent_id = s.id),
     covered as (
       select r.node_id as id from role_assignment r join staff_user u on u.id = r.user_id and u.active where r.role = 'handler'
       union select c.id from org_node c join covered on c.parent_id = covered.id)
     select n.id, n.code, n.name_fi, n.name_sv, n.name_en, p.name_fi as parent_fi, p.name_sv as parent_sv, p.name_en as parent_en,
            (select count(*)::int from feedback f where f.target_node_id = n.id and f.status in ('new', 'in_progress')) as open_feedback,
            count(*) over ()::int as total
     from org_node n left join org_node p on p.id = n.parent_id
     where n.active and n.kind in ('unit', 'service') and n.id in (select id from scope) and n.id not in (select id from covered)
     order by open_feedback desc, p.name_fi, n.name_fi
     limit $2`,
    [administeredNodes(actor) ?? null, limit],
  );
  return { units: rows.map(({ total: _, ...u }) => u), total: rows[0]?.total ?? 0 };
}
