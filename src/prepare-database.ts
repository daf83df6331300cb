import type { Db } from './shared/db.ts';
import { migrate } from './shared/migrate.ts';
import { ensureBuiltinSurveys } from './surveys/builtin-surveys.ts';

/** Schema and built-in data every Kaiku database has: migrations, then the THL surveys. */
export async function prepareDatabase(db: Db): Promise<void> {
  await migrate(db);
  await ensureBuiltinSurveys(db);
}
