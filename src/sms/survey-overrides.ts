import { z } from 'zod';
import { type Db, maybeOne } from '../shared/db.ts';
import type { Question, SurveyDefinition } from '../surveys/definition.ts';
import { type VisitType, visitTypes } from './sms-settings.ts';

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
