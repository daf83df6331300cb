import { actorLabel, type Principal } from '../access/roles.ts';
import { type Db, maybeOne } from '../shared/db.ts';
import type { EditorState } from './editor-form.ts';

export interface SurveyDraft {
  id: string;
  input: EditorState;
  updated_by: string;
  updated_at: string;
}

export function saveDraft(db: Db, actor: Principal, state: EditorState): Promise<unknown> {
  return db.query(
    `insert into survey_draft (id, input, updated_by) values ($1, $2, $3)
     on conflict (id) do update set input = excluded.input, updated_by = excluded.updated_by, updated_at = now()`,
    [state.key, JSON.stringify(state), actorLabel(actor)],
  );
}

export function findDraft(db: Db, id: string): Promise<SurveyDraft | undefined> {
  return maybeOne<SurveyDraft>(db, 'select id, input, updated_by, updated_at from survey_draft where id = $1', [id]);
}

/** Drafts not yet published as a first version: they have no survey row to be listed by. */
export function unpublishedDrafts(db: Db): Promise<SurveyDraft[]> {
  return db.query<SurveyDraft>('select id, input, updated_by, updated_at from survey_draft where id not in (select id from survey) order by updated_at desc');
}

export function deleteDraft(db: Db, id: string): Promise<unknown> {
  return db.query('delete from survey_draft where id = $1', [id]);
}

export interface SurveyUse {
  /** Open collection points asking the survey, per channel, with their units. */
  points: { channel: string; units: string[] }[];
  /** Kinds of visit whose SMS asks the survey. */
  smsVisitTypes: string[];
}

/** Where a survey is asked today: what publishing a new version changes at once. */
export async function surveyUse(db: Db, id: string): Promise<SurveyUse> {
  const points = await db.query<{ channel: string; units: string[] }>(
    `select cp.channel, array_agg(distinct n.name_fi order by n.name_fi) as units
       from collection_point cp join org_node n on n.id = cp.node_id
      where cp.survey_id = $1 and cp.active group by cp.channel order by cp.channel`,
    [id],
  );
  const [sms] = await db.query<{ value: Record<string, { survey?: string }> | null }>("select value from setting where key = 'sms_surveys'");
  const smsVisitTypes = Object.entries(sms?.value ?? {})
    .filter(([, v]) => v?.survey === id)
    .map(([k]) => k);
  return { points, smsVisitTypes };
}
