import type { Db } from '../shared/db.ts';
import { type Lang, translator } from '../shared/i18n/index.ts';
import { nps, type Nps } from './nps.ts';

/** Imported results to set beside the county's own: the whole country, or the other counties together. */
export interface Benchmark {
  kind: 'national' | 'county';
  /** The national source's name, or "Other wellbeing services counties (n)" in the reader's language. */
  name: string;
  sources: number;
  answers: number;
  nps: Nps;
  /** Share of 4–5 per statement key, in whole per cent. */
  top2: Record<string, number | null>;
}

/**
 * The imported aggregates of a survey for the months a period touches (whole months: the files
 * hold months), summed per national source and over all other counties. Empty when nothing has
 * been imported for them.
 */
export async function benchmarks(db: Db, survey: string, from: string, to: string, lang: Lang): Promise<Benchmark[]> {
  const params = [survey, from, to];
  const where = "a.survey = $1 and a.month between date_trunc('month', $2::date) and $3::date";
  const group = "case when s.kind = 'national' then s.id else 0 end";
  const [totals, statements] = await Promise.all([
    db.query<{ grp: number; kind: 'national' | 'county'; name: string; sources: number; answers: string; p: string; pa: string; d: string }>(
      `select ${group} as grp, min(s.kind) as kind, min(coalesce(case $4 when 'sv' then s.name_sv when 'en' then s.name_en end, s.name_fi)) as name,
         count(distinct s.id)::int as sources, sum(a.answers) as answers, sum(a.promoters) as p, sum(a.passives) as pa, sum(a.detractors) as d
       from benchmark_aggregate a join benchmark_source s on s.id = a.source_id
       where ${where} group by 1 order by 2 desc, 3`,
      [...params, lang],
    ),
    db.query<{ grp: number; key: string; top: string; answered: string }>(
      `select ${group} as grp, q.key, sum(coalesce((q.value->>'4')::int, 0) + coalesce((q.value->>'5')::int, 0)) as top,
         sum(coalesce((q.value->>'1')::int, 0) + coalesce((q.value->>'2')::int, 0) + coalesce((q.value->>'3')::int, 0)
           + coalesce((q.value->>'4')::int, 0) + coalesce((q.value->>'5')::int, 0)) as answered
       from benchmark_aggregate a join benchmark_source s on s.id = a.source_id cross join lateral jsonb_each(a.questions) q
       where ${where} and q.value ? '5' group by 1, 2`,
      params,
    ),
  ]);
  return totals.map((t) => ({
    kind: t.kind,
    name: t.kind === 'county' ? translator(lang)('portal.otherCounties', { n: t.sources }) : t.name,
    sources: t.sources,
    answers: Number(t.answers),
    nps: nps({ promoters: Number(t.p), passives: Number(t.pa), detractors: Number(t.d) }),
    top2: Object.fromEntries(
      statements.filter((s) => s.grp === t.grp).map((s) => [s.key, Number(s.answered) ? Math.round((100 * Number(s.top)) / Number(s.answered)) : null]),
    ),
  }));
}
