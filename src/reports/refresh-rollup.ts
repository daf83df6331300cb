import type { Db } from '../shared/db.ts';
import type { SurveyDefinition } from '../surveys/definition.ts';
import { rollupLayout, valueCondition } from './rollup-layout.ts';

const REFRESH_LOCK = 7_412_003;

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
    // background variables are summed by month only (migration 0038)
    bgTable: undefined,
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

/** A marked slice: a survey version's day or month whose sums are stale. */
interface Slice {
  survey_id: string;
  survey_version: number;
  period: string;
}

const helsinkiToday = "(now() at time zone 'Europe/Helsinki')::date";
const helsinkiMonth = "date_trunc('month', now() at time zone 'Europe/Helsinki')::date";

/** Re-sums one day or month from its answers: its sums per unit and channel, and per background value. */
async function sumSlice(tx: Db, grain: Grain, slice: Slice, definition: SurveyDefinition): Promise<void> {
  const g = grains[grain];
  const layout = rollupLayout(definition);
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
    if (table) await tx.query(`delete from ${table} where survey_id = $1 and survey_version = $2 and ${g.column} = $3`, params.slice(0, 3));
  await tx.query(
    `insert into ${g.table} (survey_id, survey_version, ${g.column}, node_id, channel, answers, counts)
     select $1, $2, $3::date, x.node_id, coalesce(x.channel, '${allChannels}'), count(*)::int, array[${counts.join(', ')}]::int[]
     from (select r.node_id, r.channel, ${extracts.join(', ')} ${answersOfSlice}) x
     group by grouping sets ((x.node_id, x.channel), (x.node_id))`,
    params,
  );
  if (!g.bgTable) return;
  await tx.query(
    `insert into ${g.bgTable} (survey_id, survey_version, ${g.column}, node_id, channel, bg_key, bg_value, answers, counts)
     select $1, $2, $3::date, x.node_id, coalesce(x.channel, '${allChannels}'), x.bg_key, x.bg_value, count(*)::int, array[${counts.join(', ')}]::int[]
     from (select r.node_id, r.channel, b.key as bg_key, b.value as bg_value, ${extracts.join(', ')}
           ${answersOfSlice.replace('from response r', 'from response r cross join lateral jsonb_each_text(r.background) b')}) x
     group by grouping sets ((x.node_id, x.channel, x.bg_key, x.bg_value), (x.node_id, x.bg_key, x.bg_value))`,
    params,
  );
}

/**
 * Re-sums what answers have marked stale (rollup_dirty): each marked day that has ended, from its
 * answers, then each marked month that has ended, from its day sums. The current day and month are
 * never summed: they change all the time and are counted from the answers. A slice's mark is taken
 * in the transaction that replaces its sums, before they are read, so an answer arriving meanwhile
 * marks it again. Does nothing when nothing is marked; one instance at a time (others skip); a few
 * slices per transaction, so requests go on between them on the embedded database. Returns how
 * many slices were recomputed.
 */
export async function refreshRollup(db: Db, opts: { onProgress?: (done: number, total: number) => void } = {}): Promise<number> {
  const locked = async (tx: Db) => (await tx.query<{ locked: boolean }>('select pg_try_advisory_xact_lock($1) as locked', [REFRESH_LOCK]))[0]?.locked ?? false;
  const marked = (grain: Grain) =>
    db.query<Slice>(
      `select survey_id, survey_version, to_char(period, 'YYYY-MM-DD') as period from rollup_dirty
       where grain = $1 and period < ${grain === 'day' ? helsinkiToday : helsinkiMonth} order by 1, 2, 3`,
      [grain],
    );
  const definitions = new Map<string, SurveyDefinition>();
  const definition = async (s: Slice) => {
    const key = `${s.survey_id}\u0000${s.survey_version}`;
    if (!definitions.has(key)) {
      const [v] = await db.query<{ definition: SurveyDefinition }>('select definition from survey_version where survey_id = $1 and version = $2', [
        s.survey_id,
        s.survey_version,
      ]);
      definitions.set(key, v!.definition);
    }
    return definitions.get(key)!;
  };
  let done = 0;
  for (const grain of ['day', 'month'] as const) {
    const work = await marked(grain);
    const total = done + work.length;
    for (let at = 0; at < work.length; at += sliceBatch) {
      const batch = work.slice(at, at + sliceBatch);
      const defs = await Promise.all(batch.map(definition));
      const finished = await db.transaction(async (tx) => {
        if (!(await locked(tx))) return false;
        for (const [i, slice] of batch.entries()) {
          const taken = await tx.query('delete from rollup_dirty where survey_id = $1 and survey_version = $2 and grain = $3 and period = $4 returning 1', [
            slice.survey_id,
            slice.survey_version,
            grain,
            slice.period,
          ]);
          if (taken.length === 0) continue; // another refresh took it
          await sumSlice(tx, grain, slice, defs[i]!);
          if (grain === 'day')
            await tx.query(
              `insert into rollup_dirty (survey_id, survey_version, grain, period) values ($1, $2, 'month', date_trunc('month', $3::date)::date)
               on conflict do nothing`,
              [slice.survey_id, slice.survey_version, slice.period],
            );
          await tx.query(
            `insert into rollup_period (survey_id, grain, period) values ($1, $2, $3::date)
             on conflict (survey_id, grain, period) do update set summed_at = now()`,
            [slice.survey_id, grain, slice.period],
          );
          done++;
          opts.onProgress?.(done, total);
        }
        return true;
      });
      if (!finished) return done; // another instance is refreshing
    }
  }
  return done;
}
