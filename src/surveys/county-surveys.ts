import { z } from 'zod';
import { audit } from '../access/audit.ts';
import { canPublishSurveys } from '../access/permissions.ts';
import { actorLabel, type Principal } from '../access/roles.ts';
import { roots } from '../organisation/tree-queries.ts';
import type { Db } from '../shared/db.ts';
import { AppError } from '../shared/errors.ts';
import { backgroundVariables } from './background.ts';
import {
  definitionLanguages,
  incompleteLanguages,
  localText,
  type Question,
  questionImage,
  questionTypes,
  type SurveyDefinition,
  surveyDefinitionSchema,
} from './definition.ts';
import { identifierFrom } from './identifiers.ts';
import { latestVersion } from './survey-queries.ts';
import { surveyImageExists } from './images.ts';
import { forgetSurveyVersions } from './lookup-cache.ts';

/** A condition's values as people write them: 7, true or "yes", "option_key". */
const conditionValue = z
  .union([z.string().min(1).max(40), z.number().int().min(0).max(10), z.boolean()])
  .transform((v) => (typeof v === 'boolean' ? (v ? 'yes' : 'no') : String(v)));

/** One question of `POST /api/v1/surveys`: the integration contract's names (`options[].value`, `showIf.in`). */
export const surveyQuestionInput = z.object({
  key: z.string().max(40).optional(),
  type: z.enum(questionTypes),
  text: localText,
  options: z
    .array(z.object({ value: z.string().max(40).optional(), text: localText }))
    .max(40)
    .optional(),
  required: z.boolean().default(false),
  showIf: z.object({ question: z.string().max(40), in: z.array(conditionValue).min(1).max(40) }).optional(),
  page: z.number().int().min(1).max(20).optional(),
  maxLength: z.number().int().min(1).max(5000).optional(),
  /** A picture uploaded with `POST /api/v1/surveys/images`, and its alternative text. */
  image: questionImage.optional(),
});

export const surveyInput = z.object({
  key: z.string().regex(/^[a-z0-9][a-z0-9-]{1,62}$/, 'lower-case letters, digits and -, 2 to 63 characters'),
  title: localText,
  intro: localText.optional(),
  respondentType: z.enum(backgroundVariables.respondentType as [string, ...string[]]).default('customer'),
  questions: z.array(surveyQuestionInput).min(1).max(60),
  startsAt: z.string().optional(),
  endsAt: z.string().optional(),
  /** Languages the previous version had that this one may lose: without them, losing one is refused. */
  dropLanguages: z
    .array(z.string().regex(/^[a-z]{2,3}$/))
    .max(20)
    .default([]),
});
export type SurveyInput = z.input<typeof surveyInput>;

export interface SurveyIssue {
  /** In the contract's terms: ["questions", 2, "options", 0, "value"], ["title"], ["startsAt"], … */
  path: (string | number)[];
  message: string;
}

const invalid = (issues: SurveyIssue[]) => new AppError('invalid', issues.map((i) => `${i.path.join('.') || 'survey'}: ${i.message}`).join('; '), { issues });

/**
 * Turns the contract's survey into a definition: identifiers made from the Finnish text where
 * none is given, option values likewise, and pages where none are given — one page until a
 * question depends on an answer on the same page, which then starts the next.
 */
export function definitionFromInput(input: z.output<typeof surveyInput>): SurveyDefinition {
  const keys = new Set<string>();
  const questions: Question[] = [];
  let page = 1;
  for (const q of input.questions) {
    const key = q.key?.trim() || identifierFrom(q.text.fi ?? Object.values(q.text)[0] ?? '', keys);
    keys.add(key);
    const values = new Set<string>();
    const options = q.options?.map((o) => {
      const value = o.value?.trim() || identifierFrom(o.text.fi ?? Object.values(o.text)[0] ?? '', values, 40);
      values.add(value);
      return { key: value, text: o.text };
    });
    if (q.page) page = Math.max(page, q.page);
    else if (q.showIf && questions.some((x) => x.key === q.showIf!.question && x.page === page)) page += 1;
    questions.push({
      key,
      type: q.type,
      text: q.text,
      required: q.required,
      national: false,
      page: q.page ?? page,
      ...(options ? { options } : {}),
      ...(q.showIf ? { showIf: { question: q.showIf.question, in: q.showIf.in } } : {}),
      ...(q.maxLength ? { maxLength: q.maxLength } : {}),
      ...(q.image ? { image: q.image } : {}),
    });
  }
  return {
    id: input.key,
    name: input.title,
    ...(input.intro ? { intro: input.intro } : {}),
    respondentType: input.respondentType,
    background: [],
    questions,
    ...(input.startsAt ? { startsAt: input.startsAt } : {}),
    ...(input.endsAt ? { endsAt: input.endsAt } : {}),
  };
}

/** The definition's problems in the contract's terms (an option's `key` is its `value`, the name its `title`). */
function contractPath(path: PropertyKey[]): (string | number)[] {
  const p = path.filter((x): x is string | number => typeof x !== 'symbol');
  if (p[0] === 'name') return ['title', ...p.slice(1)];
  if (p[0] === 'id') return ['key'];
  if (p[0] === 'questions' && p[2] === 'options' && p[4] === 'key') return [...p.slice(0, 4), 'value'];
  return p;
}

export function checkSurvey(raw: unknown): { input: z.output<typeof surveyInput>; definition: SurveyDefinition } {
  const parsed = surveyInput.safeParse(raw);
  if (!parsed.success) throw invalid(parsed.error.issues.map((i) => ({ path: contractPath(i.path), message: i.message })));
  const definition = definitionFromInput(parsed.data);
  const checked = surveyDefinitionSchema.safeParse(definition);
  if (!checked.success) throw invalid(checked.error.issues.map((i) => ({ path: contractPath(i.path), message: i.message })));
  return { input: parsed.data, definition: checked.data };
}

/** Keys that would stand where the surveys admin has pages of its own (/admin/surveys/new, …). */
export const reservedSurveyKeys = ['new', 'editor', 'drafts', 'templates'];

export interface PublishedSurvey {
  key: string;
  version: number;
  created: boolean;
  languages: string[];
  /** Languages some texts are in but not all: the survey is not offered in them. */
  incompleteLanguages: string[];
}

/**
 * Publishes a county's own survey: the first version, or a new one (answers already given keep
 * theirs). The THL surveys are locked: their own questions are published apart. A new version
 * that would lose a language the survey has is refused unless that language is named in
 * `dropLanguages`.
 */
export async function publishSurvey(db: Db, actor: Principal, raw: unknown): Promise<PublishedSurvey> {
  if (
    !canPublishSurveys(
      actor,
      (await roots(db)).map((r) => r.id),
    )
  )
    throw new AppError('forbidden', 'Only county administrators publish surveys');
  const { input, definition } = checkSurvey(raw);
  if (definition.id.startsWith('thl-')) throw invalid([{ path: ['key'], message: '"thl-" is kept for THL’s national surveys' }]);
  if (reservedSurveyKeys.includes(definition.id)) throw invalid([{ path: ['key'], message: `"${definition.id}" is a page of the surveys admin` }]);
  const pictures = definition.questions.flatMap((q, i) => (q.image ? [{ i, id: q.image.id }] : []));
  const stored = await surveyImageExists(
    db,
    pictures.map((p) => p.id),
  );
  const unknown = pictures.filter((p) => !stored.has(p.id));
  if (unknown.length) throw invalid(unknown.map((p) => ({ path: ['questions', p.i, 'image', 'id'], message: 'no such picture: upload it first' })));
  const published = await db.transaction(async (tx) => {
    const [existing] = await tx.query<{ builtin: boolean }>('select builtin from survey where id = $1 for update', [definition.id]);
    if (existing?.builtin) throw new AppError('conflict', `"${definition.id}" is a THL survey: its national part is locked`);
    const latest = existing ? await latestVersion(tx, definition.id) : undefined;
    if (latest) {
      const lost = definitionLanguages(latest.definition).filter((l) => !definitionLanguages(definition).includes(l) && !input.dropLanguages.includes(l));
      if (lost.length)
        throw new AppError('invalid', `the survey would no longer be offered in ${lost.join(', ')}: give every text in it, or name it in dropLanguages`, {
          issues: [{ path: ['dropLanguages'], message: `would lose ${lost.join(', ')}` }],
          lost,
        });
    }
    await tx.query('insert into survey (id, builtin, name) values ($1, false, $2) on conflict (id) do update set name = excluded.name', [
      definition.id,
      JSON.stringify(definition.name),
    ]);
    const version = (latest?.version ?? 0) + 1;
    await tx.query('insert into survey_version (survey_id, version, definition, published_by) values ($1, $2, $3, $4)', [
      definition.id,
      version,
      JSON.stringify(definition),
      actorLabel(actor),
    ]);
    await audit(tx, actor, { action: 'survey_published', targetType: 'survey', targetId: definition.id, details: { version } });
    return { version, created: !latest };
  });
  forgetSurveyVersions(db);
  return {
    key: definition.id,
    ...published,
    languages: definitionLanguages(definition),
    incompleteLanguages: incompleteLanguages(definition),
  };
}

/** A survey's latest version in the contract's terms, as `GET /api/v1/surveys/{key}` answers. */
export async function surveyInContractTerms(db: Db, key: string) {
  const [survey] = await db.query<{ builtin: boolean }>('select builtin from survey where id = $1', [key]);
  if (!survey) throw new AppError('not_found', `No survey "${key}"`);
  const v = await latestVersion(db, key);
  const { builtin } = survey;
  const d = v.definition;
  return {
    key: d.id,
    builtin,
    version: v.version,
    publishedAt: v.published_at,
    title: d.name,
    ...(d.intro ? { intro: d.intro } : {}),
    respondentType: d.respondentType,
    startsAt: d.startsAt ?? null,
    endsAt: d.endsAt ?? null,
    languages: definitionLanguages(d),
    questions: d.questions.map((q) => ({
      key: q.key,
      type: q.type,
      text: q.text,
      ...(q.options ? { options: q.options.map((o) => ({ value: o.key, text: o.text })) } : {}),
      required: q.required,
      ...(q.showIf ? { showIf: q.showIf } : {}),
      ...(q.image ? { image: q.image } : {}),
      page: q.page,
      national: q.national,
    })),
  };
}
