import type { Principal } from '../access/roles.ts';
import { canReadResults } from '../access/permissions.ts';
import type { OrgNode } from '../organisation/node.ts';
import { ancestry, getNodeByCode, roots, subtreeByChildCte, subtreeCte } from '../organisation/tree-queries.ts';
import type { Db } from '../shared/db.ts';
import { AppError } from '../shared/errors.ts';
import { backgroundVariables } from '../surveys/background.ts';
import type { SurveyDefinition } from '../surveys/definition.ts';
import { latestVersion, surveyVersion } from '../surveys/survey-queries.ts';
import { anonymityThreshold, type ParsedResultsQuery, type ResultsQuery, resultsQuery } from './results-types.ts';

const nextMonth = (m: string) => {
  const d = new Date(`${m}T00:00:00Z`);
  return new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1)).toISOString().slice(0, 10);
};
const nextDay = (d: string) => new Date(Date.parse(`${d}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);

/** The parts of [start, end) (dates; null = unbounded) not covered by the sorted periods. */
function gaps(start: string | null, end: string | null, covered: string[], next: (p: string) => string): [string | null, string | null][] {
  const out: [string | null, string | null][] = [];
  let at = start;
  for (const p of covered) {
    if (at === null || at < p) out.push([at, p]);
    at = next(p);
  }
  if (end === null || at === null || at < end) out.push([at, end]);
  return out;
}

export interface SumPlan {
  months: string[];
  days: string[];
  /** Half-open date ranges counted from the answers themselves. */
  raw: [string | null, string | null][];
}

/**
 * Which parts of the period come from the monthly sums, which from the daily sums, and which are
 * counted from the answers: a period ended and summed, with no answer received since the last
 * refresh, comes from the sums; everything else from the answers.
 */
async function planSums(
  db: Db,
  survey: string,
  from: string | undefined,
  to: string | undefined,
  useSums: boolean,
  /** Day sums exist without background variables only: with one, a partial month is counted from the answers. */
  useDays = true,
): Promise<SumPlan> {
  const end = to ? nextDay(to) : null;
  if (!useSums) return { months: [], days: [], raw: [[from ?? null, end]] };
  // Slices answers have marked since their sums were made: their own answers are counted instead.
  const dirty = await db.query<{ month: string; day: string | null }>(
    `select distinct to_char(date_trunc('month', period), 'YYYY-MM-DD') as month, case when grain = 'day' then to_char(period, 'YYYY-MM-DD') end as day
     from rollup_dirty where survey_id = $1`,
    [survey],
  );
  const dirtyMonths = new Set(dirty.map((d) => d.month));
  const dirtyDays = new Set(dirty.flatMap((d) => (d.day ? [d.day] : [])));
  const months = (
    await db.query<{ p: string }>(
      `select to_char(period, 'YYYY-MM-DD') as p from rollup_period
     where survey_id = $1 and grain = 'month' and ($2::date is null or period >= $2::date) and ($3::date is null or period + interval '1 month' <= $3::date)
     order by 1`,
      [survey, from ?? null, end],
    )
  )
    .map((r) => r.p)
    .filter((m) => !dirtyMonths.has(m));
  const days: string[] = [];
  const raw: [string | null, string | null][] = [];
  for (const [a, b] of gaps(from ?? null, end, months, nextMonth)) {
    if (a === null || b === null || !useDays) {
      raw.push([a, b]);
      continue;
    }
    const covered = (
      await db.query<{ p: string }>(
        `select to_char(period, 'YYYY-MM-DD') as p from rollup_period where survey_id = $1 and grain = 'day' and period >= $2::date and period < $3::date order by 1`,
        [survey, a, b],
      )
    )
      .map((r) => r.p)
      .filter((d) => !dirtyDays.has(d));
    days.push(...covered);
    raw.push(...gaps(a, b, covered, nextDay));
  }
  return { months, days, raw };
}

/** What a results query will read: the checked query, its node and definition, and where each part of the period comes from. */
export interface ResultsPlan {
  q: ParsedResultsQuery;
  node: OrgNode;
  def: SurveyDefinition;
  threshold: number;
  /** The subtree CTE ("sub"), with each node's top child when grouping by child. */
  cte: string;
  /** The background variable grouped by, if any. */
  groupKey: string | undefined;
  sums: SumPlan;
}

/**
 * The grouping key as SQL, written once for both paths: `month` is the expression of the row's
 * month (a sums table's period or an answer's time), `background` the expression of a background
 * value (only the answers have one per row; the sums group by background their own way).
 */
export function groupingKeySql(groupBy: string, month: string, background?: (name: string) => string): string {
  if (groupBy === 'unit') return 'r.node_id::text';
  // by the node's children: each answer counts for the child whose subtree it lies in (the node's own answers stay the node's)
  if (groupBy === 'child') return 'coalesce(s.top, s.id)::text';
  if (groupBy === 'month') return `to_char(${month}, 'YYYY-MM')`;
  if (groupBy === 'channel') return 'r.channel';
  if (groupBy.startsWith('background.') && background) return background(groupBy.slice(11));
  return "'all'";
}

/** Parses and checks the query (permission, background variables, dates) and plans it. */
export async function planResults(db: Db, actor: Principal, input: ResultsQuery, useRollup: boolean): Promise<ResultsPlan> {
  const q = resultsQuery.parse(input);
  const node = q.node ? await getNodeByCode(db, q.node) : (await roots(db))[0];
  if (!node) throw new AppError('not_found', 'The organisation tree is empty');
  if (
    !canReadResults(
      actor,
      (await ancestry(db, node.id)).map((n) => n.id),
    )
  )
    throw new AppError('forbidden', 'Not allowed to read results for this node');
  for (const key of Object.keys(q.background)) {
    if (!(key in backgroundVariables)) throw new AppError('invalid', `Unknown background variable "${key}"`);
  }
  if (q.from && q.to && q.from > q.to) throw new AppError('invalid', '"from" is after "to"');
  const def = (q.version ? await surveyVersion(db, q.survey, q.version) : await latestVersion(db, q.survey)).definition;
  const threshold = await anonymityThreshold(db);
  const filterKeys = Object.keys(q.background);
  const groupKey = q.groupBy.startsWith('background.') ? q.groupBy.slice(11) : undefined;
  // One background variable, as a filter or as the grouping, is summed too (response_rollup_bg);
  // two or more at once are counted from the answers.
  const summable = groupKey ? filterKeys.length === 0 : filterKeys.length <= 1;
  const cte = q.groupBy === 'child' ? subtreeByChildCte : subtreeCte;
  const sums = await planSums(db, q.survey, q.from, q.to, useRollup && summable, !groupKey && filterKeys.length === 0);
  return { q, node, def, threshold, cte, groupKey, sums };
}
