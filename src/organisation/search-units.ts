import type { Db } from '../shared/db.ts';
import { foldForSearch } from './search-text.ts';

export interface UnitHit {
  code: string;
  kind: string;
  name: { fi: string; sv: string | null; en: string | null };
  /** Ancestor names from the county down, Finnish names with the others beside. */
  path: { fi: string; sv: string | null; en: string | null }[];
}

export interface SearchUnitsInput {
  q: string;
  limit?: number;
  /** Only nodes of these kinds; default units and services. */
  kinds?: string[];
  /** Only within the subtree of this node code. */
  within?: string;
}

/**
 * Typeahead over active units and services: every word typed must appear in some name or
 * the code, in any language, case and ä/ö/å folded. Names that start with what was typed
 * come first, then names that start with its first word.
 */
export async function searchUnits(db: Db, input: SearchUnitsInput): Promise<UnitHit[]> {
  const words = foldForSearch(input.q)
    .split(' ')
    .filter((w) => w.length > 0)
    .slice(0, 6);
  if (words.length === 0) return [];
  const limit = Math.min(Math.max(input.limit ?? 20, 1), 50);
  const kinds = input.kinds ?? ['unit', 'service'];
  const like = (w: string) => w.replace(/[\\%_]/g, (c) => `\\${c}`);
  const params: unknown[] = [kinds, limit, like(words.join(' ')), like(words[0]!)];
  const conditions = words.map((w) => {
    params.push(`%${like(w)}%`);
    return `n.search_text like $${params.length}`;
  });
  let within = '';
  if (input.within) {
    params.push(input.within);
    within = `and n.id in (with recursive sub as (
        select id from org_node where code = $${params.length}
        union all select c.id from org_node c join sub on c.parent_id = sub.id)
      select id from sub)`;
  }
  const rows = await db.query<{
    id: number;
    code: string;
    kind: string;
    name_fi: string;
    name_sv: string | null;
    name_en: string | null;
    path: { fi: string; sv: string | null; en: string | null; depth: number }[];
  }>(
    `with recursive hits as (
       select n.id, n.code, n.kind, n.name_fi, n.name_sv, n.name_en, n.parent_id,
              case when n.search_text like $3 || '%' or n.search_text like '%| ' || $3 || '%' then 0
                   when n.search_text like $4 || '%' or n.search_text like '%| ' || $4 || '%' then 1
                   else 2 end as rank
       from org_node n
       where n.active and n.kind = any($1) and ${conditions.join(' and ')} ${within}
       order by rank, n.name_fi
       limit $2),
     up as (
       select h.id as hit_id, p.id, p.parent_id, p.name_fi, p.name_sv, p.name_en, 1 as depth
       from hits h join org_node p on p.id = h.parent_id
       union all
       select up.hit_id, p.id, p.parent_id, p.name_fi, p.name_sv, p.name_en, up.depth + 1
       from up join org_node p on p.id = up.parent_id where up.depth < 20)
     select h.code, h.kind, h.name_fi, h.name_sv, h.name_en,
            coalesce((select json_agg(json_build_object('fi', u.name_fi, 'sv', u.name_sv, 'en', u.name_en, 'depth', u.depth)
                      order by u.depth desc) from up u where u.hit_id = h.id), '[]'::json) as path
     from hits h order by h.rank, h.name_fi`,
    params,
  );
  return rows.map((r) => ({
    code: r.code,
    kind: r.kind,
    name: { fi: r.name_fi, sv: r.name_sv, en: r.name_en },
    path: r.path.map(({ depth: _d, ...names }) => names),
  }));
}
