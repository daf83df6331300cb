import type { Db } from '../shared/db.ts';
import type { SurveyDefinition } from '../surveys/definition.ts';
import { rollupLayout, valueCondition } from './rollup-layout.ts';

const REFRESH_LOCK = 7_412_003;
/** Answers received this long before the watermark are looked at again: a transaction that began
 *  before the last refresh may have committed after it. */
export const rollupSafetyMargin = '10 minutes';

export async function rollupWatermark(db: Db): Promise<string> {
  const [row] = await db.query<{ value: string }>("select value from setting where key = 'rollup_watermark'");
  return row?.value ?? '1970-01-01T00:00:00Z';
}

/**
 * Recomputes the monthly counts of every survey version and past month that received answers
 * since the last refresh. Idempotent; one instance at a time (others skip). Returns the slices redone.
 */
export async function refreshRollup(db: Db, opts: { onProgress?: (done: number, total: number) => void } = {}): Promise<number> {
  return db.transaction(async (tx) => {
    const [{ locked }] = (await tx.query<{ locked: boolean }>('select pg_try_advisory_xact_lock($1) as locked', [REFRESH_LOCK])) as [{ locked: boolean }];
    if (!locked) return 0;
    const [{ started }] = (await tx.query<{ started: string }>("select to_json(now())#>>'{}' as started")) as [{ started: string }];
    const watermark = await rollupWatermark(tx);
    const dirty = await tx.query<{ survey_id: string; survey_version: number; month: string; definition: SurveyDefinition }>(
      `select d.survey_id, d.survey_version, to_char(d.month, 'YYYY-MM-DD') as month, v.definition
       from (select distinct survey_id, survey_version, date_trunc('month', submitted_at at time zone 'Europe/Helsinki')::date as month
             from response where received_at > $1::timestamptz - interval '${rollupSafetyMargin}') d
       join survey_version v on v.survey_id = d.survey_id and v.version = d.survey_version
       -- only months that have ended: the current one changes every minute and is counted from the answers
       where d.month < date_trunc('month', now() at time zone 'Europe/Helsinki')::date
       order by 1, 2, 3`,
      [watermark],
    );
    let done = 0;
    for (const slice of dirty) {
      const layout = rollupLayout(slice.definition);
      const params: unknown[] = [slice.survey_id, slice.survey_version, slice.month];
      const extracts = layout.map((s, i) => {
        params.push(s.question.key);
        return `r.answers->>$${params.length} as a${i}`;
      });
      const counts = layout.flatMap((s, i) => s.values.map((v) => `count(*) filter (where ${valueCondition(s.question, `x.a${i}`, v)})::int`));
      await tx.query('delete from response_rollup where survey_id = $1 and survey_version = $2 and month = $3', params.slice(0, 3));
      await tx.query(
        `insert into response_rollup (survey_id, survey_version, month, node_id, channel, answers, counts)
         select $1, $2, $3::date, x.node_id, x.channel, count(*)::int, array[${counts.join(', ')}]
         from (select r.node_id, r.channel, ${extracts.join(', ')}
               from response r
               where r.survey_id = $1 and r.survey_version = $2
                 and r.submitted_at >= ($3::date)::timestamp at time zone 'Europe/Helsinki'
                 and r.submitted_at < ($3::date + interval '1 month')::timestamp at time zone 'Europe/Helsinki') x
         group by x.node_id, x.channel`,
        params,
      );
      done++;
      opts.onProgress?.(done, dirty.length);
    }
    await tx.query("update setting set value = to_jsonb($1::text), updated_at = now() where key = 'rollup_watermark'", [started]);
    return done;
  });
}
