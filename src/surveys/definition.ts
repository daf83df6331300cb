import { z } from 'zod';

/** Text per language code ("fi", "sv", "en", and any language added as data, e.g. "se"). */
export const localText = z.record(z.string().regex(/^[a-z]{2,3}$/), z.string().min(1).max(2000)).refine((t) => 'fi' in t, 'a Finnish text is required');
export type LocalText = z.infer<typeof localText>;

export const questionImage = z.object({ id: z.string().regex(/^[0-9a-f]{64}$/, 'an uploaded picture'), alt: localText });

export const questionTypes = ['nps', 'likert', 'yesno', 'choice', 'multichoice', 'open', 'info'] as const;
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
  /** A picture shown with the question (survey_image), with its alternative text in every language of the survey. */
  image: questionImage.optional(),
  /** Shown only when an earlier question was answered with one of these values ("yes"/"no", a number, an option key). */
  showIf: z
    .object({
      question: z.string(),
      in: z.array(z.string().min(1).max(40)).min(1).max(40),
    })
    .optional(),
});
export type Question = z.infer<typeof questionSchema>;

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date YYYY-MM-DD');

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
    /** A time-limited survey takes answers from startsAt to endsAt (dates in Helsinki, both included). */
    startsAt: isoDate.optional(),
    endsAt: isoDate.optional(),
    background: z.array(backgroundSchema).default([]),
    questions: z.array(questionSchema).min(1).max(60),
  })
  .superRefine((d, ctx) => {
    const keys = new Set<string>();
    d.questions.forEach((q, i) => {
      if (keys.has(q.key)) ctx.addIssue({ code: 'custom', path: ['questions', i, 'key'], message: `duplicate key ${q.key}` });
      keys.add(q.key);
      if ((q.type === 'choice' || q.type === 'multichoice') && (q.options?.length ?? 0) < 2)
        ctx.addIssue({ code: 'custom', path: ['questions', i, 'options'], message: 'a choice question needs at least two options' });
      if (q.options && new Set(q.options.map((o) => o.key)).size !== q.options.length)
        ctx.addIssue({ code: 'custom', path: ['questions', i, 'options'], message: 'option values must differ' });
      if (q.type === 'info' && q.required) ctx.addIssue({ code: 'custom', path: ['questions', i, 'required'], message: 'an instruction takes no answer' });
      if (q.showIf) {
        const on = d.questions.slice(0, i).find((x) => x.key === q.showIf!.question);
        if (!on) ctx.addIssue({ code: 'custom', path: ['questions', i, 'showIf', 'question'], message: 'must be an earlier question' });
        else if (on.type === 'open' || on.type === 'info')
          ctx.addIssue({ code: 'custom', path: ['questions', i, 'showIf', 'question'], message: 'must be a question with set answers' });
        else if (on.page >= q.page) ctx.addIssue({ code: 'custom', path: ['questions', i, 'showIf', 'question'], message: 'must be on an earlier page' });
        else {
          const allowed = answerValues(on);
          const bad = q.showIf.in.find((v) => !allowed.includes(v));
          if (bad) ctx.addIssue({ code: 'custom', path: ['questions', i, 'showIf', 'in'], message: `${bad} is not an answer of ${on.key}` });
        }
      }
      const firstOwn = d.questions.findIndex((x) => !x.national);
      if (q.national && firstOwn !== -1 && i > firstOwn) ctx.addIssue({ code: 'custom', path: ['questions', i], message: 'national questions come first' });
    });
    if (d.startsAt && d.endsAt && d.endsAt < d.startsAt) ctx.addIssue({ code: 'custom', path: ['endsAt'], message: 'must not be before startsAt' });
    if (!d.questions.some((q) => q.type !== 'info')) ctx.addIssue({ code: 'custom', path: ['questions'], message: 'a survey needs a question' });
  });
export type SurveyDefinition = z.infer<typeof surveyDefinitionSchema>;

/** The answers a question with set answers takes, as conditions and sums name them. */
export function answerValues(q: Pick<Question, 'type' | 'options'>): string[] {
  switch (q.type) {
    case 'nps':
      return Array.from({ length: 11 }, (_, v) => String(v));
    case 'likert':
      return ['1', '2', '3', '4', '5'];
    case 'yesno':
      return ['yes', 'no'];
    case 'choice':
    case 'multichoice':
      return (q.options ?? []).map((o) => o.key);
    default:
      return [];
  }
}

/** Every text a respondent may read in a definition: a language is offered only when it has them all. */
function texts(d: SurveyDefinition): LocalText[] {
  return [
    d.name,
    ...(d.intro ? [d.intro] : []),
    ...d.questions.flatMap((q) => [q.text, ...(q.altText ? [q.altText] : []), ...(q.image ? [q.image.alt] : []), ...(q.options ?? []).map((o) => o.text)]),
  ];
}

/** Languages a definition can be answered in: those with every text of it. */
export function definitionLanguages(d: SurveyDefinition): string[] {
  const all = texts(d);
  return Object.keys(d.name).filter((l) => all.every((t) => l in t));
}

/** Languages in which some text of the definition exists but not all: what would be lost. */
export function incompleteLanguages(d: SurveyDefinition): string[] {
  const all = texts(d);
  const complete = definitionLanguages(d);
  return [...new Set(all.flatMap((t) => Object.keys(t)))].filter((l) => !complete.includes(l));
}

export function localise(t: LocalText | undefined, lang: string): string {
  if (!t) return '';
  return t[lang] ?? t.fi ?? '';
}

/** Whether a time-limited survey takes answers on this day (YYYY-MM-DD in Helsinki). */
export function openOn(d: Pick<SurveyDefinition, 'startsAt' | 'endsAt'>, day: string): boolean {
  return (!d.startsAt || day >= d.startsAt) && (!d.endsAt || day <= d.endsAt);
}
