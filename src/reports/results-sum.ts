import type { Db } from '../shared/db.ts';
import type { SurveyDefinition } from '../surveys/definition.ts';
import { allChannels, grains } from './refresh-rollup.ts';
import { rollupLayout } from './rollup-layout.ts';
import { groupingKeySql, type ResultsPlan } from './results-plan.ts';
import { addCount, type Tally } from './results-tally.ts';

/**
 * Adds the whole months and days of the plan from the sums (response_rollup*, and their
 * background tables for one background variable): each version's counts added up in SQL, then
 * mapped to the question keys of the definition asked for by that version's layout.
 */
export async function sumFromRollups(db: Db, plan: ResultsPlan, tally: Tally): Promise<void> {
  const { q, node, def, cte, groupKey, sums } = plan;
  // From the sums: add up each version's counts, then map them to question keys by that version's layout.
  const layouts = new Map<number, ReturnType<typeof rollupLayout>>();
  if (sums.months.length || sums.days.length) {
    const versions = await db.query<{ version: number; definition: SurveyDefinition }>('select version, definition from survey_version where survey_id = $1', [
      q.survey,
    ]);
    for (const v of versions) layouts.set(v.version, rollupLayout(v.definition));
  }
  const width = Math.max(0, ...[...layouts.values()].map((l) => l.reduce((a, s) => a + s.values.length, 0)));
  const addRow = (groupName: string, row: { survey_version: number; answers: number; counts: number[] }, sign: 1 | -1) => {
    const grp = tally.group(groupName);
    grp.answers += sign * row.answers;
    for (const slot of layouts.get(row.survey_version) ?? []) {
      const wanted = def.questions.find((x) => x.key === slot.question.key && x.type === slot.question.type);
      if (!wanted) continue;
      for (const [i, v] of slot.values.entries()) addCount(grp, wanted.key, v, sign * (row.counts[slot.offset - 1 + i] ?? 0));
    }
  };
  for (const [grain, periods] of [
    ['month', sums.months],
    ['day', sums.days],
  ] as const) {
    if (!periods.length) continue;
    const g = grains[grain];
    const sumOf = async (table: string, key: string, extra: [string, unknown][] = []) => {
      const params: unknown[] = [node.id, q.survey, periods];
      const where = ['r.survey_id = $2', `r.${g.column} = any($3::date[])`];
      if (q.version) where.push(`r.survey_version = $${params.push(q.version)}`);
      if (q.channel?.length) where.push(`r.channel = any($${params.push(q.channel)})`);
      else where.push(q.groupBy === 'channel' ? `r.channel <> '${allChannels}'` : `r.channel = '${allChannels}'`);
      for (const [column, value] of extra) where.push(`r.${column} = $${params.push(value)}`);
      const sums = Array.from({ length: width }, (_, i) => `coalesce(sum(r.counts[${i + 1}]), 0)::int`);
      return db.query<{ group_key: string; survey_version: number; answers: number; counts: number[] }>(
        `${cte}
         select ${key} as group_key, r.survey_version, sum(r.answers)::int as answers, array[${sums.join(', ') || '0'}] as counts
         from ${table} r join sub s on s.id = r.node_id where ${where.join(' and ')} group by 1, 2`,
        params,
      );
    };
    if (groupKey) {
      // each value from its sums; "not given" is everything else: the total minus the values
      for (const row of await sumOf(g.table, "'(none)'")) addRow('(none)', row, 1);
      for (const row of await sumOf(g.bgTable!, 'r.bg_value', [['bg_key', groupKey]])) {
        addRow(row.group_key, row, 1);
        addRow('(none)', row, -1);
      }
      continue;
    }
    const key = groupingKeySql(q.groupBy, `r.${g.column}`);
    const [filter] = Object.entries(q.background);
    const rows = filter
      ? await sumOf(g.bgTable!, key, [
          ['bg_key', filter[0]],
          ['bg_value', filter[1]],
        ])
      : await sumOf(g.table, key);
    for (const row of rows) addRow(row.group_key, row, 1);
  }
  if (tally.groups.get('(none)')?.answers === 0) tally.groups.delete('(none)');
}
