import type { Db } from '../shared/db.ts';
import type { DefinitionOf } from './rollup-add.ts';
import { countColumns, grains, sumIntoSql } from './rollup-sql.ts';

const inMonth = `r.survey_id = $1
  and r.submitted_at >= ($2::date)::timestamp at time zone 'Europe/Helsinki'
  and r.submitted_at < ($2::date + interval '1 month')::timestamp at time zone 'Europe/Helsinki'`;

/**
 * Sums one survey's month again from its answers: its days from the answers, the month from its
 * days, the background values from the answers, and the month's queued answers off the queue (they
 * are in the new sums; returns how many). Must run in a repeatable-read transaction, so that the answers summed and
 * the answers taken off the queue are the same ones: an answer committed meanwhile stays queued.
 */
export async function resumMonth(tx: Db, survey: string, month: string, definitionOf: DefinitionOf): Promise<number> {
  const dequeued = await tx.query(`delete from rollup_pending r where ${inMonth} returning 1`, [survey, month]);
  await tx.query('delete from response_rollup where survey_id = $1 and month = $2::date', [survey, month]);
  await tx.query('delete from response_rollup_bg where survey_id = $1 and month = $2::date', [survey, month]);
  await tx.query("delete from response_rollup_day where survey_id = $1 and day >= $2::date and day < $2::date + interval '1 month'", [survey, month]);
  const versions = await tx.query<{ v: number }>(`select distinct r.survey_version as v from response r where ${inMonth} order by 1`, [survey, month]);
  for (const { v } of versions) {
    const params: unknown[] = [survey, month, v];
    const columns = countColumns(await definitionOf(tx, survey, v), params);
    const answers = `from response r where ${inMonth} and r.survey_version = $3`;
    // the days and the background values from the answers; the month below from its days
    for (const target of ['day', 'bg'] as const) await tx.query(sumIntoSql(target, answers, '$1', '$3', columns), params);
  }
  await tx.query(
    `insert into response_rollup (survey_id, survey_version, month, node_id, channel, answers, counts)
     select survey_id, survey_version, $2::date, node_id, channel, sum(answers)::int, rollup_sum(counts)
     from response_rollup_day where survey_id = $1 and day >= $2::date and day < $2::date + interval '1 month'
     group by survey_id, survey_version, node_id, channel`,
    [survey, month],
  );
  return dequeued.length;
}

/**
 * The next month a survey still to be summed again (rollup_rebuild) needs, from the month of its
 * first answer to the month of its last; null when none is left. A survey is taken off the list
 * after its last month.
 */
export async function nextMonthToResum(tx: Db): Promise<{ survey: string; month: string } | null> {
  for (;;) {
    const [row] = await tx.query<{ survey_id: string; month: string | null; last: string | null }>(
      `select b.survey_id,
         to_char(coalesce(b.next_month, (select ${grains.month.of('min(r.submitted_at)')} from response r where r.survey_id = b.survey_id)), 'YYYY-MM-DD') as month,
         to_char((select ${grains.month.of('max(r.submitted_at)')} from response r where r.survey_id = b.survey_id), 'YYYY-MM-DD') as last
       from rollup_rebuild b order by b.survey_id limit 1`,
    );
    if (!row) return null;
    if (row.month !== null && row.last !== null && row.month <= row.last) return { survey: row.survey_id, month: row.month };
    await tx.query('delete from rollup_rebuild where survey_id = $1', [row.survey_id]);
  }
}

export async function markMonthResummed(tx: Db, survey: string, month: string): Promise<void> {
  await tx.query("update rollup_rebuild set next_month = $2::date + interval '1 month' where survey_id = $1", [survey, month]);
}
