import { z } from 'zod';
import { actorLabel, type Principal } from '../access/roles.ts';
import type { Db } from '../shared/db.ts';
import { AppError } from '../shared/errors.ts';
import { roots } from '../organisation/tree-queries.ts';
import { definitionLanguages, localText, questionSchema, type SurveyDefinition, surveyDefinitionSchema } from './definition.ts';
import { canPublishSurveys } from '../access/permissions.ts';
import { latestVersion } from './survey-queries.ts';
import { forgetSurveyVersions } from './lookup-cache.ts';

/** An option as the integration contract names it ({ value, text }) or as definitions store it ({ key, text }). */
const ownOption = z.preprocess(
  (o) => {
    const r = o as { key?: unknown; value?: unknown; text?: unknown } | null;
    return r && typeof r === 'object' && r.key === undefined && r.value !== undefined ? { key: r.value, text: r.text } : o;
  },
  z.object({ key: z.string().regex(/^[a-z0-9_]{1,40}$/), text: localText }),
);

export const ownQuestionsSchema = z
  .array(
    questionSchema
      .omit({ national: true, page: true, options: true })
      .extend({ page: z.number().int().min(1).max(20).optional(), options: z.array(ownOption).max(40).optional() }),
  )
  .max(30);

/** Which part of a question is wrong: the staff pages say it in the person's language. */
export type QuestionProblem = 'key' | 'text' | 'type' | 'national' | 'languages' | 'other';

export interface QuestionIssue {
  /** Index of the county's own question, then the field. */
  path: (string | number)[];
  field: QuestionProblem;
}

function invalidQuestions(issues: { path: PropertyKey[]; message: string }[]): AppError {
  const fields: QuestionIssue[] = issues.map((i) => {
    const path = i.path.filter((p): p is string | number => typeof p !== 'symbol');
    const part = path.find((p) => typeof p === 'string');
    return { path, field: part === 'key' || part === 'text' || part === 'type' ? part : /duplicate key/.test(i.message) ? 'key' : 'other' };
  });
  // The API answers in English with each path; the staff pages translate `issues`.
  return new AppError('invalid', issues.map((i) => `${i.path.map(String).join('.')}: ${i.message}`).join('; '), { issues: fields });
}

/**
 * Publishes a new version with the county's own questions after the national ones. The national
 * part is copied unchanged: it cannot be reordered, reworded or removed. Answers already given
 * keep the version they were given to. A question without a text in a language the survey is
 * offered in would take that language away at every collection point: that is refused unless
 * the language is named in `dropLanguages`.
 */
export async function publishOwnQuestions(
  db: Db,
  actor: Principal,
  surveyId: string,
  ownInput: unknown,
  opts: { dropLanguages?: readonly string[] } = {},
): Promise<{ version: number; definition: SurveyDefinition }> {
  if (
    !canPublishSurveys(
      actor,
      (await roots(db)).map((r) => r.id),
    )
  )
    throw new AppError('forbidden', 'Only county administrators publish surveys');
  const parsed = ownQuestionsSchema.safeParse(ownInput);
  if (!parsed.success) throw invalidQuestions(parsed.error.issues);
  const published = await db.transaction(async (tx) => {
    const latest = await latestVersion(tx, surveyId);
    const national = latest.definition.questions.filter((q) => q.national);
    const lastPage = Math.max(0, ...national.map((q) => q.page));
    const own = parsed.data.map((q) => ({ ...q, national: false, page: Math.max(q.page ?? lastPage + 1, lastPage + 1) }));
    const clash = own.find((q) => national.some((n) => n.key === q.key));
    if (clash) throw new AppError('invalid', `"${clash.key}" is a national question`, { issues: [{ path: [own.indexOf(clash), 'key'], field: 'national' }] });
    const checked = surveyDefinitionSchema.safeParse({ ...latest.definition, questions: [...national, ...own] });
    if (!checked.success)
      throw invalidQuestions(
        checked.error.issues.map((i) => ({ ...i, path: i.path[0] === 'questions' ? [Number(i.path[1]) - national.length, ...i.path.slice(2)] : i.path })),
      );
    const lost = definitionLanguages(latest.definition).filter((l) => !definitionLanguages(checked.data).includes(l) && !opts.dropLanguages?.includes(l));
    if (lost.length)
      throw new AppError('invalid', `the survey would no longer be offered in ${lost.join(', ')}: give the texts in it, or name it in dropLanguages`, {
        issues: [{ path: ['dropLanguages'], field: 'languages' }],
        lost,
      });
    const version = latest.version + 1;
    await tx.query('insert into survey_version (survey_id, version, definition, published_by) values ($1, $2, $3, $4)', [
      surveyId,
      version,
      JSON.stringify(checked.data),
      actorLabel(actor),
    ]);
    return { version, definition: checked.data };
  });
  forgetSurveyVersions(db);
  return published;
}
