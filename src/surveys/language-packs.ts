import { z } from 'zod';
import { canPublishSurveys } from '../access/permissions.ts';
import type { Principal } from '../access/roles.ts';
import { actorLabel } from '../access/roles.ts';
import { roots } from '../organisation/tree-queries.ts';
import type { Db } from '../shared/db.ts';
import { AppError } from '../shared/errors.ts';
import { definitionLanguages, type SurveyDefinition, surveyDefinitionSchema } from './definition.ts';
import { builtinRespondentLanguages, respondentTexts, respondentTextsSchema, setCountyLanguages } from './respondent-texts.ts';
import { latestVersion, listSurveys } from './survey-queries.ts';
import { forgetSurveyVersions } from './lookup-cache.ts';

const text = z.string().trim().min(1).max(2000);

/** One survey's texts in the added language, by question key and option key. */
const surveyTranslation = z.object({
  name: text,
  intro: text.optional(),
  questions: z
    .record(
      z.string().max(40),
      z.object({
        text,
        altText: text.optional(),
        imageAlt: text.optional(),
        options: z.record(z.string().max(40), text).optional(),
      }),
    )
    .default({}),
});
export type SurveyTranslation = z.infer<typeof surveyTranslation>;

/**
 * A language pack: the respondent pages' texts and, per survey, its texts in the language. A
 * translator fills in the template (`/admin/surveys/languages/template.json`), which holds the
 * Finnish texts as a guide.
 */
export const languagePackSchema = z.object({
  code: z
    .string()
    .regex(/^[a-z]{2,3}$/, 'a language code of two or three lower-case letters, e.g. se')
    .refine((c) => !builtinRespondentLanguages.includes(c), 'fi, sv and en are built in'),
  respondent: respondentTextsSchema,
  surveys: z.record(z.string().max(63), surveyTranslation).default({}),
});
export type LanguagePack = z.infer<typeof languagePackSchema>;

/** A definition with the pack's texts in `code` put in where given; nothing else changes. */
export function withTranslation(def: SurveyDefinition, code: string, t: SurveyTranslation | undefined): SurveyDefinition {
  if (!t) return def;
  return {
    ...def,
    name: { ...def.name, [code]: t.name },
    ...(def.intro && t.intro ? { intro: { ...def.intro, [code]: t.intro } } : {}),
    questions: def.questions.map((q) => {
      const qt = t.questions[q.key];
      if (!qt) return q;
      return {
        ...q,
        text: { ...q.text, [code]: qt.text },
        ...(q.altText && qt.altText ? { altText: { ...q.altText, [code]: qt.altText } } : {}),
        ...(q.image && qt.imageAlt ? { image: { ...q.image, alt: { ...q.image.alt, [code]: qt.imageAlt } } } : {}),
        ...(q.options ? { options: q.options.map((o) => (qt.options?.[o.key] ? { ...o, text: { ...o.text, [code]: qt.options[o.key]! } } : o)) } : {}),
      };
    }),
  };
}

/** The template a translator fills in: every text to translate, in Finnish. */
export async function languagePackTemplate(db: Db, code: string): Promise<LanguagePack> {
  const surveys: Record<string, SurveyTranslation> = {};
  for (const s of await listSurveys(db)) {
    const d = (await latestVersion(db, s.id)).definition;
    surveys[s.id] = {
      name: d.name.fi!,
      ...(d.intro ? { intro: d.intro.fi } : {}),
      questions: Object.fromEntries(
        d.questions.map((q) => [
          q.key,
          {
            text: q.text.fi!,
            ...(q.altText ? { altText: q.altText.fi } : {}),
            ...(q.image ? { imageAlt: q.image.alt.fi } : {}),
            ...(q.options ? { options: Object.fromEntries(q.options.map((o) => [o.key, o.text.fi!])) } : {}),
          },
        ]),
      ),
    };
  }
  return { code, respondent: { ...respondentTexts.fi!, languageName: '' }, surveys };
}

/** The problems of a pack, by path, for the page to show in the staff member's language. */
export interface PackIssue {
  path: string;
  /** missing: a text not given; empty: given empty; unknown: no such survey; code: a bad language code; invalid: anything else */
  kind: 'missing' | 'empty' | 'unknown' | 'code' | 'invalid';
}

export function packIssues(raw: unknown): PackIssue[] {
  const r = languagePackSchema.safeParse(raw);
  if (r.success) return [];
  return r.error.issues.slice(0, 30).map((i) => ({
    path: i.path.join('.') || '(pack)',
    kind: i.path[0] === 'code' ? 'code' : i.code === 'invalid_type' ? 'missing' : i.code === 'too_small' ? 'empty' : 'invalid',
  }));
}

export interface SavedPack {
  code: string;
  /** Surveys now offered in the language, and those still missing some text. */
  offered: string[];
  incomplete: string[];
}

/**
 * Stores a language pack and publishes a new version of every survey whose texts it adds; the
 * THL surveys too, whose national part keeps its wording in every other language.
 */
export async function saveLanguagePack(db: Db, actor: Principal, raw: unknown): Promise<SavedPack> {
  if (
    !canPublishSurveys(
      actor,
      (await roots(db)).map((r) => r.id),
    )
  )
    throw new AppError('forbidden', 'Only county administrators add languages');
  const parsed = languagePackSchema.safeParse(raw);
  if (!parsed.success) throw new AppError('invalid', 'langs.err.pack', { issues: packIssues(raw) });
  const pack = parsed.data;
  const known = new Set((await listSurveys(db)).map((s) => s.id));
  const unknown = Object.keys(pack.surveys).filter((id) => !known.has(id));
  if (unknown.length) throw new AppError('invalid', 'langs.err.pack', { issues: unknown.map((id): PackIssue => ({ path: `surveys.${id}`, kind: 'unknown' })) });
  const offered: string[] = [];
  const incomplete: string[] = [];
  await db.transaction(async (tx) => {
    await tx.query(
      `insert into respondent_language (code, respondent, surveys, updated_by) values ($1, $2, $3, $4)
       on conflict (code) do update set respondent = excluded.respondent, surveys = excluded.surveys, updated_by = excluded.updated_by, updated_at = now()`,
      [pack.code, JSON.stringify(pack.respondent), JSON.stringify(pack.surveys), actorLabel(actor)],
    );
    for (const [id, t] of Object.entries(pack.surveys)) {
      const latest = await latestVersion(tx, id);
      const next = surveyDefinitionSchema.parse(withTranslation(latest.definition, pack.code, t));
      (definitionLanguages(next).includes(pack.code) ? offered : incomplete).push(id);
      if (JSON.stringify(next) === JSON.stringify(latest.definition)) continue;
      await tx.query('insert into survey_version (survey_id, version, definition, published_by) values ($1, $2, $3, $4)', [
        id,
        latest.version + 1,
        JSON.stringify(next),
        actorLabel(actor),
      ]);
    }
  });
  forgetSurveyVersions(db);
  await loadCountyLanguages(db);
  return { code: pack.code, offered, incomplete };
}

/** The county's own respondent languages into the running instance: at start-up, after a save, and every minute. */
export async function loadCountyLanguages(db: Db): Promise<void> {
  const rows = await db.query<{ code: string; respondent: unknown }>('select code, respondent from respondent_language');
  const languages: Record<string, z.infer<typeof respondentTextsSchema>> = {};
  for (const r of rows) {
    const parsed = respondentTextsSchema.safeParse(r.respondent);
    if (parsed.success) languages[r.code] = parsed.data;
  }
  setCountyLanguages(languages);
}

/** The stored translations of one survey, to apply again when a release publishes a THL survey anew. */
export async function storedTranslations(db: Db, surveyId: string): Promise<{ code: string; t: SurveyTranslation }[]> {
  const rows = await db.query<{ code: string; t: unknown }>('select code, surveys -> $1 as t from respondent_language where surveys ? $1', [surveyId]);
  return rows.flatMap((r) => {
    const parsed = surveyTranslation.safeParse(r.t);
    return parsed.success ? [{ code: r.code, t: parsed.data }] : [];
  });
}

export interface LanguageRow {
  code: string;
  name: string;
  builtin: boolean;
  /** The surveys a respondent can answer in this language. */
  surveys: string[];
}

/** Every respondent language, built in or the county's, with the surveys offered in it. */
export async function languageOverview(db: Db, lang: string): Promise<LanguageRow[]> {
  const defs = await Promise.all((await listSurveys(db)).map(async (s) => (await latestVersion(db, s.id)).definition));
  return Object.entries(respondentTexts).map(([code, texts]) => ({
    code,
    name: texts.languageName,
    builtin: builtinRespondentLanguages.includes(code),
    surveys: defs.filter((d) => definitionLanguages(d).includes(code)).map((d) => d.name[lang] ?? d.name.fi!),
  }));
}
