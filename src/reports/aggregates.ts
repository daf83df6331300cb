import { z } from 'zod';
import type { OrgNode } from '../organisation/node.ts';
import { roots } from '../organisation/tree-queries.ts';
import { nextMonth } from '../feedback/figures.ts';
import { clock } from '../shared/clock.ts';
import type { Db } from '../shared/db.ts';
import { AppError } from '../shared/errors.ts';
import type { LikertResult, YesNoResult } from './nps.ts';
import { monthDays } from './period-presets.ts';
import { surveyResults } from './results-query.ts';
import { anonymityThreshold } from './results-types.ts';

/** The name and version of the file format (docs/AGGREGATES.md). */
export const aggregatesFormat = 'kaiku-aggregates/1';

const month = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'YYYY-MM');
const count = z.number().int().min(0).max(100_000_000);
const names = z.object({ fi: z.string().min(1).max(300), sv: z.string().max(300).optional(), en: z.string().max(300).optional() });
const row = z.object({
  survey: z.string().min(1).max(64),
  month,
  unit: z.object({ code: z.string().min(1).max(200), name: z.string().max(300).optional() }),
  answers: count,
  nps: z.object({ promoters: count, passives: count, detractors: count }).optional(),
  statements: z.record(z.string().max(64), z.object({ '1': count, '2': count, '3': count, '4': count, '5': count })).default({}),
  yesNo: z.record(z.string().max(64), z.object({ yes: count, no: count })).default({}),
});
export const aggregatesFile = z.object({
  format: z.literal(aggregatesFormat),
  source: z.object({ code: z.string().min(1).max(200), name: names, kind: z.enum(['county', 'national']) }),
  generated: z.string().datetime({ offset: true }),
  threshold: z.number().int().min(1).max(1000),
  from: month,
  to: month,
  rows: z.array(row).max(2_000_000),
});
export type AggregatesFile = z.infer<typeof aggregatesFile>;
type Row = z.infer<typeof row>;

const system = { kind: 'system', name: 'aggregates' } as const;

/** YYYY-MM from `from` to `to`, both included. */
export function monthsBetween(from: string, to: string): string[] {
  const out: string[] = [];
  for (let m = from; m <= to; m = nextMonth(m)) out.push(m);
  return out;
}

/**
 * The county's results per unit and month, as counts only: answers, NPS's three groups, each THL
 * statement's 1–5 counts and each yes/no question's counts, for every THL survey answered. A unit
 * with fewer answers in a month than the anonymity threshold is left out whole. No texts, no
 * background variables, nothing about a person.
 */
export async function exportAggregates(
  db: Db,
  range: { from: string; to: string },
  onProgress?: (done: number, total: number) => void,
): Promise<AggregatesFile> {
  if (!month.safeParse(range.from).success || !month.safeParse(range.to).success || range.from > range.to)
    throw new AppError('invalid', '--from and --to are months (YYYY-MM), --from not after --to');
  const root: OrgNode | undefined = (await roots(db))[0];
  if (!root) throw new AppError('not_found', 'The organisation tree is empty');
  const surveys = (await db.query<{ id: string }>("select id from survey where builtin and id like 'thl-%' order by id")).map((s) => s.id);
  const months = monthsBetween(range.from, range.to);
  const threshold = await anonymityThreshold(db);
  const rows: Row[] = [];
  let done = 0;
  for (const survey of surveys) {
    for (const m of months) {
      const days = monthDays(m);
      const r = await surveyResults(db, system, { survey, node: root.code, from: days.from, to: days.to, groupBy: 'unit' });
      for (const g of r.groups) {
        if (g.suppressed || g.answers < threshold) continue;
        const statements: Row['statements'] = {};
        const yesNo: Row['yesNo'] = {};
        for (const [key, q] of Object.entries(g.questions ?? {})) {
          if ('distribution' in q && q.distribution && '5' in q.distribution && 'mean' in q) statements[key] = { ...(q as LikertResult).distribution };
          else if ('shareYes' in q) {
            const y = q as YesNoResult;
            const yes = y.shareYes === null ? 0 : Math.round(y.shareYes * y.answered);
            yesNo[key] = { yes, no: y.answered - yes };
          }
        }
        rows.push({
          survey,
          month: m,
          unit: { code: g.key, ...(g.label ? { name: g.label } : {}) },
          answers: g.answers,
          ...(g.nps ? { nps: { promoters: g.nps.promoters, passives: g.nps.passives, detractors: g.nps.detractors } } : {}),
          statements,
          yesNo,
        });
      }
      onProgress?.(++done, surveys.length * months.length);
    }
  }
  return {
    format: aggregatesFormat,
    source: {
      code: root.code,
      name: { fi: root.name_fi, ...(root.name_sv ? { sv: root.name_sv } : {}), ...(root.name_en ? { en: root.name_en } : {}) },
      kind: 'county',
    },
    generated: clock.now().toISOString(),
    threshold,
    from: range.from,
    to: range.to,
    rows,
  };
}

/**
 * Takes another county's (or THL's national) aggregate file: its rows for the months it covers
 * replace what was imported from the same source before. Rows under this county's own anonymity
 * threshold are left out too. The county's own file is refused: it would compare it with itself.
 */
export async function importAggregates(db: Db, raw: unknown): Promise<{ source: string; rows: number; skipped: number }> {
  const parsed = aggregatesFile.safeParse(raw);
  if (!parsed.success) {
    const first = parsed.error.issues.slice(0, 5).map((i) => `${i.path.join('.') || '(file)'}: ${i.message}`);
    throw new AppError('invalid', `Not a ${aggregatesFormat} file:\n${first.join('\n')}`);
  }
  const file = parsed.data;
  const root = (await roots(db))[0];
  if (root && root.code === file.source.code) throw new AppError('invalid', "This is the county's own export: import another county's or the national file");
  const threshold = await anonymityThreshold(db);
  const kept = file.rows.filter((r) => r.answers >= threshold && r.month >= file.from && r.month <= file.to);
  return db.transaction(async (tx) => {
    const [source] = await tx.query<{ id: number }>(
      `insert into benchmark_source (code, name_fi, name_sv, name_en, kind, imported_at) values ($1, $2, $3, $4, $5, $6)
       on conflict (code) do update set name_fi = excluded.name_fi, name_sv = excluded.name_sv, name_en = excluded.name_en, kind = excluded.kind,
         imported_at = excluded.imported_at
       returning id`,
      [file.source.code, file.source.name.fi, file.source.name.sv ?? null, file.source.name.en ?? null, file.source.kind, clock.now()],
    );
    await tx.query('delete from benchmark_aggregate where source_id = $1 and month between $2::date and $3::date', [
      source!.id,
      `${file.from}-01`,
      `${file.to}-01`,
    ]);
    for (let i = 0; i < kept.length; i += 5000) {
      const part = kept.slice(i, i + 5000);
      await tx.query(
        `insert into benchmark_aggregate (source_id, survey, month, unit_code, answers, promoters, passives, detractors, questions)
         select $1, s, (m || '-01')::date, u, a, p, pa, d, q
         from unnest($2::text[], $3::text[], $4::text[], $5::int[], $6::int[], $7::int[], $8::int[], $9::jsonb[]) as t(s, m, u, a, p, pa, d, q)
         on conflict (source_id, survey, month, unit_code) do update set answers = excluded.answers, promoters = excluded.promoters,
           passives = excluded.passives, detractors = excluded.detractors, questions = excluded.questions`,
        [
          source!.id,
          part.map((r) => r.survey),
          part.map((r) => r.month),
          part.map((r) => r.unit.code),
          part.map((r) => r.answers),
          part.map((r) => r.nps?.promoters ?? 0),
          part.map((r) => r.nps?.passives ?? 0),
          part.map((r) => r.nps?.detractors ?? 0),
          part.map((r) => JSON.stringify({ ...r.statements, ...Object.fromEntries(Object.entries(r.yesNo).map(([k, v]) => [k, v])) })),
        ],
      );
    }
    return { source: file.source.code, rows: kept.length, skipped: file.rows.length - kept.length };
  });
}
