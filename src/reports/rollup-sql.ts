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

/** An upsert's tail that adds the new counts to a row that is there already. */
export const addToExisting = (table: string, key: string) =>
  `on conflict (${key}) do update set answers = ${table}.answers + excluded.answers, counts = rollup_add(${table}.counts, excluded.counts)`;

export const rollupKeys = {
  response_rollup: 'survey_id, month, node_id, survey_version, channel',
  response_rollup_day: 'survey_id, day, node_id, survey_version, channel',
  response_rollup_bg: 'survey_id, month, bg_key, bg_value, node_id, survey_version, channel',
} as const;
