import type { Db } from '../shared/db.ts';
import type { SurveyDefinition } from '../surveys/definition.ts';
import { rollupLayout, valueCondition } from './rollup-layout.ts';

const REFRESH_LOCK = 7_412_003;
/** Answers received this long before the watermark are looked at again: a transaction that began
 *  before the last refresh may have committed after it. */
export const rollupSafetyMargin = '10 minutes';

/** The two sizes of sums: whole months, and days for periods that start or end mid-month. */
export const grains = {
  month: {
    table: 'response_rollup',
    bgTable: 'response_rollup_bg',
    column: 'month',
    of: (ts: string) => `date_trunc('month', ${ts} at time zone 'Europe/Helsinki')::date`,
    length: "interval '1 month'",
  },
  day: {
    table: 'response_rollup_day',
    bgTable: 'response_rollup_bg_day',
    column: 'day',
    of: (ts: string) => `(${ts} at time zone 'Europe/Helsinki')::date`,
    length: "interval '1 day'",
  },
} as const;
export type Grain = keyof typeof grains;

/**
 * Each slice is summed per channel and once more for all channels together under this name:
 * most views take no channel filter, and read a fifth of the rows.
 */
export const allChannels = '*';

const sliceBatch = 4;

export async function rollupWatermark(db: Db): Promise<string> {
  const [row] = await db.query<{ value: string }>("select value from setting where key = 'rollup_watermark'");
  return row?.value ?? '1970-01-01T00:00:00Z';
}

/**
 * Recomputes the sums of every survey version and period (month, day) that has ended and either
 * received answers since the last refresh or ended since then. The current month and day are
 * never summed: they change all the time and are counted from the answers. Idempotent; one
 * instance at a time (others skip), a few slices per transaction. Returns how many slices were
 * recomputed.
 */
export async function refreshRollup(db: Db, opts: { onProgress?: (done: number, total: number) => void } = {}): Promise<number> {
  const locked = async (tx: Db) => (await tx.query<{ locked: boolean }>('select pg_try_advisory_xact_lock($1) as locked', [REFRESH_LOCK]))[0]?.locked ?? false;
  const plan = await db.transaction(async (tx) => {
    if (!(await locked(tx))) return undefined;
    const [{ started }] = (await tx.query<{ started: string }>("select to_json(now())#>>'{}' as started")) as [{ started: string }];
    const watermark = await rollupWatermark(tx);
    const work: { grain: Grain; survey_id: string; survey_version: number; period: string; definition: SurveyDefinition }[] = [];
    for (const grain of Object.keys(grains) as Grain[]) {
      const g = grains[grain];
      const current = g.of('now()');
      const slices = await tx.query<{ survey_id: string; survey_version: number; period: string; definition: SurveyDefinition }>(
        `select d.survey_id, d.survey_version, to_char(d.period, 'YYYY-MM-DD') as period, v.definition
         from (select survey_id, survey_version, ${g.of('submitted_at')} as period
               from response where received_at > $1::timestamptz - interval '${rollupSafetyMargin}'
               union
               -- periods that ended since the last refresh, whenever their answers arrived
               select survey_id, survey_version, ${g.of('submitted_at')}
               from response
               where submitted_at >= (${g.of('$1::timestamptz')})::timestamp at time zone 'Europe/Helsinki'
                 and submitted_at < (${current})::timestamp at time zone 'Europe/Helsinki') d
         join survey_version v on v.survey_id = d.survey_id and v.version = d.survey_version
         where d.period < ${current}
         order by 1, 2, 3`,
        [watermark],
      );
      work.push(...slices.map((s) => ({ grain, ...s })));
    }
    return { started, work };
  });
  if (!plan) return 0;
  const { started, work } = plan;
  // A few slices per transaction: on the embedded database (one connection) requests go on between them, and a
  // slice is always replaced whole (its delete, inserts and rollup_period row commit together).
  let done = 0;
  for (let at = 0; at < work.length; at += sliceBatch) {
    const finished = await db.transaction(async (tx) => {
      if (!(await locked(tx))) return false;
      for (const slice of work.slice(at, at + sliceBatch)) {
        const g = grains[slice.grain];
        const layout = rollupLayout(slice.definition);
        const params: unknown[] = [slice.survey_id, slice.survey_version, slice.period];
        const extracts = layout.map((s, i) => {
          params.push(s.question.key);
          return `r.answers->>$${params.length} as a${i}`;
        });
        const counts = layout.flatMap((s, i) => s.values.map((v) => `count(*) filter (where ${valueCondition(s.question, `x.a${i}`, v)})::int`));
        const answersOfSlice = `from response r
                 where r.survey_id = $1 and r.survey_version = $2
                   and r.submitted_at >= ($3::date)::timestamp at time zone 'Europe/Helsinki'
                   and r.submitted_at < ($3::date + ${g.length})::timestamp at time zone 'Europe/Helsinki'`;
        for (const table of [g.table, g.bgTable])
          await tx.query(`delete from ${table} where survey_id = $1 and survey_version = $2 and ${g.column} = $3`, params.slice(0, 3));
        await tx.query(
          `insert into ${g.table} (survey_id, survey_version, ${g.column}, node_id, channel, answers, counts)
           select $1, $2, $3::date, x.node_id, coalesce(x.channel, '${allChannels}'), count(*)::int, array[${counts.join(', ')}]
           from (select r.node_id, r.channel, ${extracts.join(', ')} ${answersOfSlice}) x
           group by grouping sets ((x.node_id, x.channel), (x.node_id))`,
          params,
        );
        await tx.query(
          `insert into ${g.bgTable} (survey_id, survey_version, ${g.column}, node_id, channel, bg_key, bg_value, answers, counts)
           select $1, $2, $3::date, x.node_id, coalesce(x.channel, '${allChannels}'), x.bg_key, x.bg_value, count(*)::int, array[${counts.join(', ')}]
           from (select r.node_id, r.channel, b.key as bg_key, b.value as bg_value, ${extracts.join(', ')}
                 ${answersOfSlice.replace('from response r', 'from response r cross join lateral jsonb_each_text(r.background) b')}) x
           group by grouping sets ((x.node_id, x.channel, x.bg_key, x.bg_value), (x.node_id, x.bg_key, x.bg_value))`,
          params,
        );
        await tx.query(
          `insert into rollup_period (survey_id, grain, period) values ($1, $2, $3::date)
           on conflict (survey_id, grain, period) do update set summed_at = now()`,
          [slice.survey_id, slice.grain, slice.period],
        );
        done++;
        opts.onProgress?.(done, work.length);
      }
      return true;
    });
    if (!finished) return done; // another instance is refreshing
  }
  await db.transaction(async (tx) => {
    if (await locked(tx)) await tx.query("update setting set value = to_jsonb($1::text), updated_at = now() where key = 'rollup_watermark'", [started]);
  });
  return done;
}
