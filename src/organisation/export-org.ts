import type { Db } from '../shared/db.ts';

/** The stored tree in the import format, parents first; importing it back changes nothing. */
export async function exportOrgCsv(db: Db): Promise<string> {
  const rows = await db.query<{
    code: string;
    parent_code: string | null;
    kind: string;
    name_fi: string;
    name_sv: string | null;
    name_en: string | null;
    active: boolean;
  }>(
    `with recursive t as (
       select id, 0 as depth from org_node where parent_id is null
       union all select c.id, t.depth + 1 from org_node c join t on c.parent_id = t.id)
     select n.code, p.code as parent_code, n.kind, n.name_fi, n.name_sv, n.name_en, n.active
     from t join org_node n on n.id = t.id left join org_node p on p.id = n.parent_id
     order by t.depth, n.id`,
  );
  const esc = (v: string | null) => (v === null ? '' : /[",;\n\t]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
  const lines = ['code,parent_code,kind,name_fi,name_sv,name_en,active'];
  for (const r of rows) lines.push([r.code, r.parent_code, r.kind, r.name_fi, r.name_sv, r.name_en, String(r.active)].map(esc).join(','));
  return `${lines.join('\n')}\n`;
}
