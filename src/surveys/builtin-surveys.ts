import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Db } from '../shared/db.ts';
import { type SurveyDefinition, surveyDefinitionSchema } from './definition.ts';
import { storedTranslations, withTranslation } from './language-packs.ts';
import { forgetSurveyVersions } from './lookup-cache.ts';

const dir = path.join(path.dirname(fileURLToPath(import.meta.url)), 'definitions');

export function builtinDefinitions(): SurveyDefinition[] {
  return fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => surveyDefinitionSchema.parse(JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8'))));
}

/** JSON with keys in sorted order: jsonb keeps its own key order, so a stored definition never
 *  stringifies like the file it came from. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    return `{${Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`)
      .join(',')}}`;
  }
  return JSON.stringify(value);
}

const nationalPart = (d: SurveyDefinition) => canonical({ ...d, questions: d.questions.filter((q) => q.national) });

// Instances starting together on one server take turns, so each built-in is published once.
const BUILTIN_LOCK = 7_412_004;

/**
 * Makes sure every built-in survey exists. When a release changes a built-in's national part
 * (a new THL wording, a new language), a new version is published that keeps the county's own
 * questions; answers given to earlier versions keep their version.
 */
export async function ensureBuiltinSurveys(db: Db): Promise<string[]> {
  const published: string[] = [];
  for (const file of builtinDefinitions()) {
    await db.transaction(async (tx) => {
      // A county's own languages (language packs) stay on THL's questions across releases.
      const def = (await storedTranslations(tx, file.id)).reduce((d, { code, t }) => withTranslation(d, code, t), file);
      await tx.query('select pg_advisory_xact_lock($1)', [BUILTIN_LOCK]);
      await tx.query('insert into survey (id, builtin, name) values ($1, true, $2) on conflict (id) do update set name = excluded.name', [
        def.id,
        JSON.stringify(def.name),
      ]);
      const [latest] = await tx.query<{ version: number; definition: SurveyDefinition }>(
        'select version, definition from survey_version where survey_id = $1 order by version desc limit 1 for update',
        [def.id],
      );
      if (latest && nationalPart(latest.definition) === nationalPart(def)) return;
      const own = latest ? latest.definition.questions.filter((q) => !q.national) : [];
      const next: SurveyDefinition = { ...def, questions: [...def.questions, ...own] };
      await tx.query('insert into survey_version (survey_id, version, definition) values ($1, $2, $3)', [
        def.id,
        (latest?.version ?? 0) + 1,
        JSON.stringify(next),
      ]);
      published.push(`${def.id} v${(latest?.version ?? 0) + 1}`);
    });
  }
  forgetSurveyVersions(db);
  return published;
}
