import type { Principal } from '../access/roles.ts';
import type { Db } from '../shared/db.ts';
import { countFromAnswers } from './results-count.ts';
import { finishResults } from './results-finish.ts';
import { planResults } from './results-plan.ts';
import { sumFromRollups } from './results-sum.ts';
import { Tally } from './results-tally.ts';
import type { Results, ResultsQuery } from './results-types.ts';

export { anonymityThreshold, type QuestionResult, type ResultGroup, type Results, type ResultsQuery, resultsQuery } from './results-types.ts';

/**
 * Results for a survey in a subtree and period, grouped as asked. Every group below the
 * anonymity threshold is suppressed: its count is shown, its answers are not.
 *
 * Whole months come from the monthly sums, whole days of partial months from the daily sums, and
 * the answers not yet added to them (rollup_pending) are counted on top; partial months with a
 * background variable, and queries on two or more background variables at once, are counted from
 * the answers themselves. Both give the same numbers.
 */
export async function surveyResults(db: Db, actor: Principal, input: ResultsQuery, opts: { useRollup?: boolean; withTotal?: boolean } = {}): Promise<Results> {
  // plan → sum → count → finish, the way Plausible's query engine splits its work
  const plan = await planResults(db, actor, input, opts.useRollup !== false);
  const tally = new Tally();
  await sumFromRollups(db, plan, tally);
  await countFromAnswers(db, plan, tally);
  return finishResults(db, plan, tally, opts.withTotal === true);
}
