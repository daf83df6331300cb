import type { Db } from '../shared/db.ts';
import type { SurveyDefinition } from '../surveys/definition.ts';
import { countColumns, sumIntoSql } from './rollup-sql.ts';

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
    const columns = countColumns(await definitionOf(tx, v.survey_id, v.survey_version), params);
    const answers = 'from response r where r.id = any($1::bigint[]) and r.survey_id = $2 and r.survey_version = $3';
    for (const target of ['day', 'month', 'bg'] as const) await tx.query(sumIntoSql(target, answers, '$2', '$3', columns), params);
  }
}
