import type { SurveyDefinition } from '../surveys/definition.ts';
import { rollupLayout, valueCondition } from './rollup-layout.ts';

/**
 * Each slice is summed per channel and once more for all channels together under this name:
 * most views take no channel filter, and read a fifth of the rows.
 */
export const allChannels = '*';

/** The two sizes of sums: days, the unit every answer is added to, and months, the sums of their days. */
export const grains = {
  month: {
    table: 'response_rollup',
    bgTable: 'response_rollup_bg',
    column: 'month',
    of: (ts: string) => `date_trunc('month', ${ts} at time zone 'Europe/Helsinki')::date`,
  },
  day: {
    table: 'response_rollup_day',
    // background variables are summed by month only (migration 0038)
    bgTable: undefined,
    column: 'day',
    of: (ts: string) => `(${ts} at time zone 'Europe/Helsinki')::date`,
  },
} as const;
export type Grain = keyof typeof grains;

/**
 * The SQL that reads a version's answers out of their JSON once (`extracts`, as a0, a1 … of r)
 * and counts them slot by slot (`counts`, over x): the layout of response_rollup.counts. The
 * question keys are pushed onto params.
 */
export function countColumns(definition: SurveyDefinition, params: unknown[]): { extracts: string; counts: string } {
  const layout = rollupLayout(definition);
  const extracts = layout.map((s, i) => `, r.answers->>$${params.push(s.question.key)} as a${i}`).join('');
  const counts = layout.flatMap((s, i) => s.values.map((v) => `count(*) filter (where ${valueCondition(s.question, `x.a${i}`, v)})::int`));
  return { extracts, counts: `array[${counts.join(', ')}]::int[]` };
}

const rollupKeys = {
  response_rollup: 'survey_id, month, node_id, survey_version, channel',
  response_rollup_day: 'survey_id, day, node_id, survey_version, channel',
  response_rollup_bg: 'survey_id, month, bg_key, bg_value, node_id, survey_version, channel',
} as const;

/**
 * The insert that sums the answers `answers` selects (`from response r where …`, of one survey
 * version whose SQL is `survey`, `version`) into the day sums, the month sums or the month's
 * background sums: per unit and channel and for all channels together, added to a row that is
 * there already. `columns` is countColumns' output for that version.
 */
export function sumIntoSql(
  target: 'day' | 'month' | 'bg',
  answers: string,
  survey: string,
  version: string,
  columns: { extracts: string; counts: string },
): string {
  const bg = target === 'bg';
  const g = bg ? grains.month : grains[target];
  const table = bg ? grains.month.bgTable : g.table;
  const from = bg ? answers.replace('from response r', 'from response r cross join lateral jsonb_each_text(r.background) b') : answers;
  const byValue = bg ? ', x.bg_key, x.bg_value' : '';
  return `insert into ${table} (survey_id, survey_version, ${g.column}, node_id, channel${bg ? ', bg_key, bg_value' : ''}, answers, counts)
    select ${survey}, ${version}, x.period, x.node_id, coalesce(x.channel, '${allChannels}')${byValue}, count(*)::int, ${columns.counts}
    from (select ${g.of('r.submitted_at')} as period, r.node_id, r.channel${bg ? ', b.key as bg_key, b.value as bg_value' : ''}${columns.extracts} ${from}) x
    group by grouping sets ((x.period, x.node_id, x.channel${byValue}), (x.period, x.node_id${byValue}))
    on conflict (${rollupKeys[table]}) do update set answers = ${table}.answers + excluded.answers, counts = rollup_add(${table}.counts, excluded.counts)`;
}
