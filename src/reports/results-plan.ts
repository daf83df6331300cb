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

const monthOf = (d: string) => `${d.slice(0, 8)}01`;

/** The dates from `a` up to `b` (exclusive), stepping by `next`. */
function steps(a: string, b: string, next: (p: string) => string): string[] {
  const out: string[] = [];
  for (let p = a; p < b; p = next(p)) out.push(p);
  return out;
}

export interface SumPlan {
  months: string[];
  days: string[];
  /** Half-open date ranges (null = unbounded) counted from the answers themselves. */
  raw: [string | null, string | null][];
  /** The range the sums cover, where the answers not yet summed (rollup_pending) are counted on top. */
  pending: [string | null, string | null] | null;
}

/**
 * Which parts of the period come from the monthly sums, which from the daily sums, and which are
 * counted from the answers. Every answer is in the sums or in the queue, so the sums plus the
 * queued answers of the same stretch are exact; after a backfill a query counts only what is queued.
 * A survey whose sums are being made again (rollup_rebuild) is counted from its answers.
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
  const start = from ?? null;
  const end = to ? nextDay(to) : null;
  const counted: SumPlan = { months: [], days: [], raw: [[start, end]], pending: null };
  if (!useSums) return counted;
  const [state] = await db.query<{ rebuilding: boolean; first: string | null; last: string | null }>(
    `select exists (select 1 from rollup_rebuild where survey_id = $1) as rebuilding,
       (select to_char(min(month), 'YYYY-MM-DD') from response_rollup where survey_id = $1) as first,
       (select to_char(max(month), 'YYYY-MM-DD') from response_rollup where survey_id = $1) as last`,
    [survey],
  );
  if (!state || state.rebuilding) return counted;
  // the whole months inside the period; an unbounded end takes the months there are sums for
  const wholeFrom = start === null ? null : start === monthOf(start) ? start : nextMonth(monthOf(start));
  const wholeTo = end === null ? null : monthOf(end);
  const months =
    state.first && state.last
      ? steps(
          wholeFrom === null || wholeFrom < state.first ? state.first : wholeFrom,
          wholeTo === null || wholeTo > nextMonth(state.last) ? nextMonth(state.last) : wholeTo,
          nextMonth,
        )
      : [];
  // the partial months at either end: from the day sums, or with a background variable from the answers
  const edges: [string, string][] =
    start !== null && end !== null && (wholeFrom === null || wholeTo === null || wholeFrom >= wholeTo)
      ? [[start, end]]
      : [
          ...(start !== null && wholeFrom !== null && start < wholeFrom ? [[start, wholeFrom] as [string, string]] : []),
          ...(end !== null && wholeTo !== null && wholeTo < end ? [[wholeTo, end] as [string, string]] : []),
        ];
  if (useDays) return { months, days: edges.flatMap(([a, b]) => steps(a, b, nextDay)), raw: [], pending: [start, end] };
  const whole = edges.length === 1 && edges[0]![0] === start && edges[0]![1] === end;
  return { months: whole ? [] : months, days: [], raw: edges, pending: whole ? null : [wholeFrom, wholeTo] };
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
