import { z } from 'zod';
import { type Db, maybeOne } from '../shared/db.ts';
import type { Question, SurveyDefinition } from '../surveys/definition.ts';
import { latestVersion } from '../surveys/survey-queries.ts';
import { type SmsSurveys, type VisitType, visitTypes } from './sms-settings.ts';

const override = z.object({ node: z.number().int(), type: z.enum(visitTypes), survey: z.string().min(1) });
export type SmsSurveyOverride = z.infer<typeof override>;

export async function smsSurveyOverrides(db: Db): Promise<SmsSurveyOverride[]> {
  const row = await maybeOne<{ value: unknown }>(db, "select value from setting where key = 'sms_survey_overrides'");
  return z
    .array(override)
    .catch([])
    .parse(row?.value ?? []);
}

export async function saveSmsSurveyOverrides(db: Db, overrides: SmsSurveyOverride[]): Promise<void> {
  await db.query(
    `insert into setting (key, value) values ('sms_survey_overrides', $1) on conflict (key) do update set value = excluded.value, updated_at = now()`,
    [JSON.stringify(z.array(override).parse(overrides))],
  );
}

/** The unit and the nodes above it, nearest first. */
export async function nodePath(db: Db, nodeId: number): Promise<number[]> {
  const rows = await db.query<{ id: number }>(
    `with recursive up(id, parent_id, depth) as (select id, parent_id, 0 from org_node where id = $1
       union all select n.id, n.parent_id, up.depth + 1 from org_node n join up on n.id = up.parent_id)
     select id from up order by depth`,
    [nodeId],
  );
  return rows.map((r) => r.id);
}

/** The survey asked by SMS for this kind of visit at a unit: the nearest override above it, or none. */
export function overrideFor(overrides: readonly SmsSurveyOverride[], path: readonly number[], type: VisitType): SmsSurveyOverride | undefined {
  for (const node of path) {
    const found = overrides.find((o) => o.node === node && o.type === type);
    if (found) return found;
  }
  return undefined;
}

/**
 * The questions an SMS asks of a survey chosen for a part of the organisation: its first four
 * that take an answer and depend on no other (a text message cannot skip a question).
 */
export function smsQuestionsOf(def: SurveyDefinition): Question[] {
  return def.questions.filter((q) => q.type !== 'info' && !q.showIf).slice(0, 4);
}

/**
 * Adds (or replaces) the survey a part of the organisation asks by SMS for a kind of visit.
 * False when the node code or the survey is unknown.
 */
export async function addSmsSurveyOverride(db: Db, input: { node: string; type: VisitType; survey: string }): Promise<boolean> {
  const node = await maybeOne<{ id: number }>(db, 'select id from org_node where code = $1', [input.node]);
  const survey = await maybeOne(db, 'select 1 from survey where id = $1', [input.survey]);
  if (!node || !survey) return false;
  const kept = (await smsSurveyOverrides(db)).filter((o) => !(o.node === node.id && o.type === input.type));
  await saveSmsSurveyOverrides(db, [...kept, { node: node.id, type: input.type, survey: input.survey }]);
  return true;
}

/** Removes one part of the organisation's choice, by its place in the list; false when there is none. */
export async function removeSmsSurveyOverride(db: Db, index: number): Promise<boolean> {
  const all = await smsSurveyOverrides(db);
  if (!Number.isInteger(index) || !all[index]) return false;
  await saveSmsSurveyOverrides(
    db,
    all.filter((_, i) => i !== index),
  );
  return true;
}

/**
 * The county's SMS plans from the SMS page's form: per kind of visit a survey, its ticked questions
 * and the hours. Another survey than before starts from its first questions an SMS can ask.
 */
export async function smsPlansFromForm(db: Db, current: SmsSurveys, body: Record<string, string | string[] | undefined>): Promise<SmsSurveys> {
  const surveys = new Set((await db.query<{ id: string }>('select id from survey')).map((r) => r.id));
  const next = { ...current };
  for (const type of visitTypes) {
    const chosen = body[`${type}.survey`];
    const survey = typeof chosen === 'string' && surveys.has(chosen) ? chosen : current[type].survey;
    const questions =
      survey === current[type].survey
        ? [body[`${type}.questions`] ?? []].flat()
        : smsQuestionsOf((await latestVersion(db, survey)).definition).map((q) => q.key);
    const within = Number(body[`${type}.withinHours`] ?? current[type].withinHours);
    next[type] = { ...current[type], survey, questions, withinHours: within };
  }
  return next;
}
