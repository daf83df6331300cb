import type { Db } from '../shared/db.ts';
import type { SurveyDefinition } from '../surveys/definition.ts';
import { addToExisting, allChannels, countColumns, grains, rollupKeys } from './rollup-sql.ts';

export type DefinitionOf = (tx: Db, survey: string, version: number) => Promise<SurveyDefinition>;

/**
 * Adds these answers, just taken off the queue in the same transaction, to the sums of their days,
 * their months and their months' background values: one upsert per table and survey version, in
 * proportion to the answers, whatever periods they fall in. A month row stays the sum of its days.
 */
export async function addAnswersToSums(tx: Db, ids: number[], definitionOf: DefinitionOf): Promise<void> {
  const versions = await tx.query<{ survey_id: string; survey_version: number }>(
    'select distinct survey_id, survey_version from response where id = any($1::bigint[]) order by 1, 2',
    [ids],
  );
  for (const v of versions) {
    const params: unknown[] = [ids, v.survey_id, v.survey_version];
    const { extracts, counts } = countColumns(await definitionOf(tx, v.survey_id, v.survey_version), params);
    const answers = 'from response r where r.id = any($1::bigint[]) and r.survey_id = $2 and r.survey_version = $3';
    for (const g of [grains.day, grains.month]) {
      await tx.query(
        `insert into ${g.table} (survey_id, survey_version, ${g.column}, node_id, channel, answers, counts)
         select $2, $3, x.period, x.node_id, coalesce(x.channel, '${allChannels}'), count(*)::int, ${counts}
         from (select ${g.of('r.submitted_at')} as period, r.node_id, r.channel${extracts} ${answers}) x
         group by grouping sets ((x.period, x.node_id, x.channel), (x.period, x.node_id))
         ${addToExisting(g.table, rollupKeys[g.table])}`,
        params,
      );
    }
    const bg = grains.month.bgTable;
    await tx.query(
      `insert into ${bg} (survey_id, survey_version, month, node_id, channel, bg_key, bg_value, answers, counts)
       select $2, $3, x.period, x.node_id, coalesce(x.channel, '${allChannels}'), x.bg_key, x.bg_value, count(*)::int, ${counts}
       from (select ${grains.month.of('r.submitted_at')} as period, r.node_id, r.channel, b.key as bg_key, b.value as bg_value${extracts}
             ${answers.replace('from response r', 'from response r cross join lateral jsonb_each_text(r.background) b')}) x
       group by grouping sets ((x.period, x.node_id, x.channel, x.bg_key, x.bg_value), (x.period, x.node_id, x.bg_key, x.bg_value))
       ${addToExisting(bg, rollupKeys[bg])}`,
      params,
    );
  }
}
