import { z } from 'zod';

/** Text per language code ("fi", "sv", "en", and any language added as data, e.g. "se"). */
export const localText = z.record(z.string().regex(/^[a-z]{2,3}$/), z.string().min(1).max(2000)).refine((t) => 'fi' in t, 'a Finnish text is required');
export type LocalText = z.infer<typeof localText>;

export const questionTypes = ['nps', 'likert', 'yesno', 'choice', 'open'] as const;
export type QuestionType = (typeof questionTypes)[number];

export const questionSchema = z.object({
  key: z.string().regex(/^[a-z][a-z0-9_]{0,39}$/, 'keys are lower-case letters, digits and _'),
  type: z.enum(questionTypes),
  text: localText,
  /** NPS only: the "… if they were in a similar situation" wording THL also allows. */
  altText: localText.optional(),
  required: z.boolean().default(false),
  /** Part of the THL national survey: read-only, always first, in this order. */
  national: z.boolean().default(false),
  /** Questions with the same page number are shown together. */
  page: z.number().int().min(1).max(20),
  options: z.array(z.object({ key: z.string().regex(/^[a-z0-9_]{1,40}$/), text: localText })).optional(),
  maxLength: z.number().int().min(1).max(5000).optional(),
});
export type Question = z.infer<typeof questionSchema>;

export const backgroundSchema = z.object({
  key: z.string().regex(/^[a-zA-Z][a-zA-Z0-9]{0,39}$/),
  values: z.array(z.string().min(1).max(40)).min(1),
  required: z.boolean().default(false),
});

export const surveyDefinitionSchema = z
  .object({
    id: z.string().regex(/^[a-z0-9][a-z0-9-]{1,62}$/),
    name: localText,
    intro: localText.optional(),
    /** customer, relative, child, youth: recorded with every answer as background respondentType. */
    respondentType: z.string().min(1).max(40),
    background: z.array(backgroundSchema).default([]),
    questions: z.array(questionSchema).min(1).max(60),
  })
  .superRefine((d, ctx) => {
    const keys = new Set<string>();
    d.questions.forEach((q, i) => {
      if (keys.has(q.key)) ctx.addIssue({ code: 'custom', path: ['questions', i, 'key'], message: `duplicate key ${q.key}` });
      keys.add(q.key);
      if (q.type === 'choice' && !q.options?.length)
        ctx.addIssue({ code: 'custom', path: ['questions', i, 'options'], message: 'a choice question needs options' });
      const firstOwn = d.questions.findIndex((x) => !x.national);
      if (q.national && firstOwn !== -1 && i > firstOwn) ctx.addIssue({ code: 'custom', path: ['questions', i], message: 'national questions come first' });
    });
  });
export type SurveyDefinition = z.infer<typeof surveyDefinitionSchema>;

/** Languages a definition can be answered in: those with every question's text. */
export function definitionLanguages(d: SurveyDefinition): string[] {
  const langs = Object.keys(d.name);
  return langs.filter((l) => d.questions.every((q) => l in q.text && (!q.options || q.options.every((o) => l in o.text))));
}

export function localise(t: LocalText | undefined, lang: string): string {
  if (!t) return '';
  return t[lang] ?? t.fi ?? '';
}
