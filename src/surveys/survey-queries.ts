import { type Db, maybeOne } from '../shared/db.ts';
import { AppError } from '../shared/errors.ts';
import type { SurveyDefinition } from './definition.ts';

export interface SurveyVersion {
  survey_id: string;
  version: number;
  definition: SurveyDefinition;
  published_at: Date;
}

export async function latestVersion(db: Db, surveyId: string): Promise<SurveyVersion> {
  const v = await maybeOne<SurveyVersion>(
    db,
    'select survey_id, version, definition, published_at from survey_version where survey_id = $1 order by version desc limit 1',
    [surveyId],
  );
  if (!v) throw new AppError('not_found', `No survey "${surveyId}"`);
  return v;
}

export async function surveyVersion(db: Db, surveyId: string, version: number): Promise<SurveyVersion> {
  const v = await maybeOne<SurveyVersion>(db, 'select survey_id, version, definition, published_at from survey_version where survey_id = $1 and version = $2', [
    surveyId,
    version,
  ]);
  if (!v) throw new AppError('not_found', `No version ${version} of survey "${surveyId}"`);
  return v;
}

export async function listSurveys(db: Db): Promise<{ id: string; builtin: boolean; name: Record<string, string>; versions: SurveyVersion[] }[]> {
  const surveys = await db.query<{ id: string; builtin: boolean; name: Record<string, string> }>(
    'select id, builtin, name from survey order by builtin desc, id',
  );
  const versions = await db.query<SurveyVersion>('select survey_id, version, definition, published_at from survey_version order by survey_id, version');
  return surveys.map((s) => ({ ...s, versions: versions.filter((v) => v.survey_id === s.id) }));
}
