import type { Db } from '../shared/db.ts';
import type { SurveyDefinition } from './definition.ts';

/**
 * What every answer sent to the API looks up and never changes once it exists: a unit code's node
 * id (nodes are never deleted and keep their code) and a published survey version's definition.
 * Kept per database in this process, so a busy integration costs one INSERT per batch rather than
 * three more queries; a code or version not found is asked of the database every time.
 */
const unitIds = new WeakMap<object, Map<string, number>>();
const definitions = new WeakMap<object, Map<string, SurveyDefinition>>();
const maxEntries = 50_000;

function cacheOf<T>(all: WeakMap<object, Map<string, T>>, db: Db): Map<string, T> {
  let cache = all.get(db.identity);
  if (!cache || cache.size > maxEntries) all.set(db.identity, (cache = new Map()));
  return cache;
}

/** Node ids of the units named by these codes; codes nobody has are left out. */
export async function unitIdsByCode(db: Db, codes: string[]): Promise<Map<string, number>> {
  const known = cacheOf(unitIds, db);
  const missing = codes.filter((c) => !known.has(c));
  if (missing.length)
    for (const n of await db.query<{ id: number; code: string }>('select id, code from org_node where code = any($1)', [missing])) known.set(n.code, n.id);
  return new Map(codes.flatMap((c) => (known.has(c) ? [[c, known.get(c)!] as const] : [])));
}

/**
 * Which versions each survey has, kept for five seconds: a batch without a version number is
 * stored under the newest one, and asking for the list on every single answer was half the cost
 * of a request. Publishing through this instance forgets the lists at once (`forgetSurveyVersions`);
 * another instance takes a new version as the newest within the five seconds. A survey with no
 * versions is asked about every time, so a new survey takes answers at once.
 */
const versionLists = new WeakMap<object, Map<string, { at: number; versions: number[] }>>();
const versionListMs = 5_000;

export function forgetSurveyVersions(db: Db): void {
  versionLists.delete(db.identity);
}

async function versionNumbers(db: Db, surveyIds: string[]): Promise<{ survey_id: string; version: number }[]> {
  let lists = versionLists.get(db.identity);
  if (!lists || lists.size > maxEntries) versionLists.set(db.identity, (lists = new Map()));
  const now = Date.now();
  const fresh = (id: string) => {
    const hit = lists.get(id);
    return hit && now - hit.at < versionListMs && now >= hit.at ? hit : undefined;
  };
  const missing = surveyIds.filter((id) => !fresh(id));
  if (missing.length) {
    const rows = await db.query<{ survey_id: string; version: number }>('select survey_id, version from survey_version where survey_id = any($1)', [missing]);
    for (const id of missing) {
      const versions = rows.filter((r) => r.survey_id === id).map((r) => r.version);
      if (versions.length) lists.set(id, { at: now, versions });
      else lists.delete(id);
    }
  }
  return surveyIds.flatMap((id) => (lists.get(id)?.versions ?? []).map((version) => ({ survey_id: id, version })));
}

/** The versions of these surveys, each with its definition (loaded once per version). */
export async function surveyVersionsOf(db: Db, surveyIds: string[]): Promise<{ survey_id: string; version: number; definition: SurveyDefinition }[]> {
  const known = cacheOf(definitions, db);
  const versions = await versionNumbers(db, surveyIds);
  const key = (v: { survey_id: string; version: number }) => `${v.survey_id}\u0000${v.version}`;
  const missing = versions.filter((v) => !known.has(key(v)));
  if (missing.length)
    for (const v of await db.query<{ survey_id: string; version: number; definition: SurveyDefinition }>(
      'select survey_id, version, definition from survey_version where (survey_id, version) in (select * from unnest($1::text[], $2::int[]))',
      [missing.map((v) => v.survey_id), missing.map((v) => v.version)],
    ))
      known.set(key(v), v.definition);
  return versions.flatMap((v) => (known.has(key(v)) ? [{ ...v, definition: known.get(key(v))! }] : []));
}
