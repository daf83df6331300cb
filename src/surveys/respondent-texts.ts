import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';

/**
 * The texts of the respondent pages: fi, sv and en as JSON files in ./languages, and any language
 * a county adds as a language pack (respondent_language, language-packs.ts): data, not code.
 */
export const respondentTextsSchema = z.object({
  languageName: z.string(),
  pageTitle: z.string(),
  progress: z.string(),
  next: z.string(),
  back: z.string(),
  submit: z.string(),
  skipHint: z.string(),
  npsLow: z.string(),
  npsHigh: z.string(),
  likert: z.array(z.string()).length(5),
  yes: z.string(),
  no: z.string(),
  noAnswer: z.string(),
  openHint: z.string(),
  multiHint: z.string(),
  optional: z.string(),
  required: z.string(),
  thanksTitle: z.string(),
  thanksText: z.string(),
  nextTitle: z.string(),
  nextFeedback: z.string(),
  nextResults: z.string(),
  nextClose: z.string(),
  notFoundNext: z.string(),
  kioskThanks: z.string(),
  startOver: z.string(),
  errorSummary: z.string(),
  errorRequired: z.string(),
  errorInvalid: z.string(),
  errorTooLong: z.string(),
  errorExpired: z.string(),
  notFound: z.string(),
  closed: z.string(),
  invitationUsed: z.string(),
  languages: z.string(),
  unitLabel: z.string(),
  anonymous: z.string(),
  idleWarning: z.string(),
  keepAnswering: z.string(),
});
export type RespondentTexts = z.infer<typeof respondentTextsSchema>;

const dir = path.join(path.dirname(fileURLToPath(import.meta.url)), 'languages');

export const respondentTexts: Record<string, RespondentTexts> = Object.fromEntries(
  fs
    .readdirSync(dir)
    .filter((f) => /^[a-z]{2,3}\.json$/.test(f))
    .sort()
    .map((f) => [f.slice(0, -5), respondentTextsSchema.parse(JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8')))]),
);

/** The languages shipped as files; a county's own are added beside them and never replace these. */
export const builtinRespondentLanguages = Object.keys(respondentTexts);

/** Puts a county's own respondent languages beside the built-in ones (and drops one no longer stored). */
export function setCountyLanguages(languages: Record<string, RespondentTexts>): void {
  for (const code of Object.keys(respondentTexts)) if (!builtinRespondentLanguages.includes(code) && !(code in languages)) delete respondentTexts[code];
  for (const [code, texts] of Object.entries(languages)) if (!builtinRespondentLanguages.includes(code)) respondentTexts[code] = texts;
}

export function fill(template: string, params: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (m, k: string) => (k in params ? String(params[k]) : m));
}

/** The best of the offered languages for an Accept-Language header; Finnish when none fits. */
export function negotiateLanguage(header: string | undefined, offered: string[]): string {
  const fallback = offered.includes('fi') ? 'fi' : (offered[0] ?? 'fi');
  if (!header) return fallback;
  const ranked = header
    .split(',')
    .map((p) => {
      const [tag, ...params] = p.trim().toLowerCase().split(';');
      const q = params.map((x) => x.trim()).find((x) => x.startsWith('q='));
      return { lang: (tag ?? '').split('-')[0] ?? '', q: q ? Number(q.slice(2)) : 1 };
    })
    .filter((x) => x.q > 0 && !Number.isNaN(x.q))
    .sort((a, b) => b.q - a.q);
  return ranked.find((r) => offered.includes(r.lang))?.lang ?? fallback;
}
