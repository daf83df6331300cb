import { answerValues, type QuestionType, questionTypes } from './definition.ts';
import type { SurveyInput, SurveyIssue } from './county-surveys.ts';
import { identifierFrom } from './identifiers.ts';

/** The editor's languages: a county-added respondent language gets its texts through the API. */
export const editorLanguages = ['fi', 'sv', 'en'] as const;
type EditorLang = (typeof editorLanguages)[number];
type Texts = Record<EditorLang, string>;

/** One question as typed into the editor: strings only, so whatever was typed is shown again. */
export interface EditorQuestion {
  /** Empty until first saved; then kept, so results stay comparable across versions. */
  key: string;
  type: QuestionType;
  text: Texts;
  /** One option per line, the lines of each language in the same order. */
  options: Texts;
  /** The options' stored values by line, once saved: a reworded option keeps its value. */
  optionValues: string;
  required: boolean;
  /** Starts a new page (step) for the respondent. */
  newPage: boolean;
  /** The number (1-based) of the earlier question this one depends on; '' for none. */
  showIf: string;
  /** The answers that show it, as people write them: "ei", "0-6", an option's text. */
  showIfIn: string;
  /** An uploaded picture (survey_image id) and its alternative text; '' for none. */
  imageId: string;
  imageAlt: Texts;
}

export interface EditorState {
  key: string;
  title: Texts;
  intro: Texts;
  startsAt: string;
  endsAt: string;
  questions: EditorQuestion[];
}

const emptyTexts = (): Texts => ({ fi: '', sv: '', en: '' });

export const blankQuestion = (): EditorQuestion => ({
  key: '',
  type: 'likert',
  text: emptyTexts(),
  options: emptyTexts(),
  optionValues: '',
  required: false,
  newPage: false,
  showIf: '',
  showIfIn: '',
  imageId: '',
  imageAlt: emptyTexts(),
});

export const blankSurvey = (): EditorState => ({ key: '', title: emptyTexts(), intro: emptyTexts(), startsAt: '', endsAt: '', questions: [blankQuestion()] });

const MAX_QUESTIONS = 60;

/** The editor's form as it was sent; anything missing or odd becomes empty, never an error here. */
export function stateFromBody(body: unknown): EditorState {
  const b = (body && typeof body === 'object' ? body : {}) as Record<string, unknown>;
  const str = (k: string) => (typeof b[k] === 'string' ? (b[k] as string) : '');
  const texts = (prefix: string): Texts => ({ fi: str(`${prefix}_fi`), sv: str(`${prefix}_sv`), en: str(`${prefix}_en`) });
  const count = Math.min(Math.max(Number.parseInt(str('count'), 10) || 0, 0), MAX_QUESTIONS);
  const questions: EditorQuestion[] = [];
  for (let i = 0; i < count; i++) {
    const p = `q${i}`;
    const type = str(`${p}_type`);
    questions.push({
      key: str(`${p}_key`).trim(),
      type: (questionTypes as readonly string[]).includes(type) ? (type as QuestionType) : 'likert',
      text: texts(p),
      options: texts(`${p}_options`),
      optionValues: str(`${p}_optionValues`),
      required: str(`${p}_required`) === 'true',
      newPage: str(`${p}_newPage`) === 'true',
      showIf: str(`${p}_showIf`),
      showIfIn: str(`${p}_showIfIn`),
      imageId: /^[0-9a-f]{64}$/.test(str(`${p}_imageId`)) ? str(`${p}_imageId`) : '',
      imageAlt: texts(`${p}_imageAlt`),
    });
  }
  return {
    key: str('key').trim(),
    title: texts('title'),
    intro: texts('intro'),
    startsAt: str('startsAt').trim(),
    endsAt: str('endsAt').trim(),
    questions,
  };
}

const lines = (s: string) =>
  s
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter(Boolean);

const given = (t: Texts): Record<string, string> => Object.fromEntries(editorLanguages.filter((l) => t[l].trim()).map((l) => [l, t[l].trim()]));

const words: Record<string, string> = { kyllä: 'yes', kylla: 'yes', ja: 'yes', yes: 'yes', ei: 'no', nej: 'no', no: 'no' };

/**
 * The answers of a condition as people write them, in the terms the definition uses: "ei" → no,
 * "0-6" → 0…6, an option by its text in any language or by its value. What matches nothing is
 * kept as typed, so the check names it at the field.
 */
export function conditionValues(typed: string, on: EditorQuestion, optionValues: string[]): string[] {
  const out: string[] = [];
  for (const token of typed
    .split(/[,;]/)
    .map((t) => t.trim())
    .filter(Boolean)) {
    const lower = token.toLowerCase();
    const range = /^(\d{1,2})\s*[-–]\s*(\d{1,2})$/.exec(lower);
    if (range && (on.type === 'nps' || on.type === 'likert')) {
      for (let v = Number(range[1]); v <= Number(range[2]); v++) out.push(String(v));
    } else if (on.type === 'yesno' && words[lower]) out.push(words[lower]!);
    else if (on.type === 'choice' || on.type === 'multichoice') {
      const at = editorLanguages.map((l) => lines(on.options[l]).findIndex((o) => o.toLowerCase() === lower)).find((i) => i >= 0);
      out.push(at !== undefined && optionValues[at] ? optionValues[at]! : token);
    } else out.push(token);
  }
  return [...new Set(out)];
}

/** A choice question's option values by line: the stored ones, then new ones made from the Finnish text. */
function optionValuesOf(q: EditorQuestion): string[] {
  const stored = lines(q.optionValues);
  const taken = new Set(stored);
  return lines(q.options.fi).map((fi, n) => {
    if (stored[n]) return stored[n]!;
    const v = identifierFrom(fi, taken, 40);
    taken.add(v);
    return v;
  });
}

/**
 * The editor's survey in the contract's terms (`POST /api/v1/surveys`). Identifiers are made here,
 * from the Finnish text, so that a condition can name the question it depends on and a saved
 * draft keeps them.
 */
export function inputFromState(s: EditorState): SurveyInput & { questions: { key: string; options?: { value: string }[] }[] } {
  const keys = new Set(s.questions.map((q) => q.key).filter(Boolean));
  const withKeys = s.questions.map((q) => {
    if (q.key) return q;
    const key = identifierFrom(q.text.fi || q.text.sv || q.text.en || q.type, keys);
    keys.add(key);
    return { ...q, key };
  });
  const values = withKeys.map((q) => optionValuesOf(q));
  let page = 1;
  const questions = withKeys.map((q, i) => {
    if (q.newPage && i > 0) page += 1;
    const hasOptions = q.type === 'choice' || q.type === 'multichoice';
    const byLang = editorLanguages.map((l) => lines(q.options[l]));
    const options = hasOptions
      ? byLang[0]!.map((fi, n) => {
          const text: Record<string, string> = { fi };
          editorLanguages.slice(1).forEach((l, li) => {
            const t = byLang[li + 1]![n];
            if (t) text[l] = t;
          });
          return { value: values[i]![n]!, text };
        })
      : undefined;
    const at = q.showIf ? Number(q.showIf) - 1 : -1;
    const on = at >= 0 && at < i ? withKeys[at] : undefined;
    const onValues = on ? (on.type === 'choice' || on.type === 'multichoice' ? values[at]! : answerValues({ type: on.type })) : [];
    return {
      key: q.key,
      type: q.type,
      text: given(q.text) as Record<string, string> & { fi: string },
      ...(options ? { options } : {}),
      required: q.type === 'info' ? false : q.required,
      ...(on ? { showIf: { question: on.key, in: conditionValues(q.showIfIn, on, onValues) } } : {}),
      ...(q.imageId ? { image: { id: q.imageId, alt: given(q.imageAlt) as Record<string, string> & { fi: string } } } : {}),
      page,
    };
  });
  const intro = given(s.intro);
  return {
    key: s.key,
    title: given(s.title) as Record<string, string> & { fi: string },
    ...(Object.keys(intro).length ? { intro: intro as Record<string, string> & { fi: string } } : {}),
    questions,
    ...(s.startsAt ? { startsAt: s.startsAt } : {}),
    ...(s.endsAt ? { endsAt: s.endsAt } : {}),
  };
}

/** A stored survey (contract terms) back into the editor, keys kept. */
export function stateFromInput(input: {
  key: string;
  title: Record<string, string>;
  intro?: Record<string, string> | undefined;
  startsAt?: string | null | undefined;
  endsAt?: string | null | undefined;
  questions: {
    key?: string | undefined;
    type: QuestionType;
    text: Record<string, string>;
    options?: { value?: string | undefined; text: Record<string, string> }[] | undefined;
    required?: boolean | undefined;
    showIf?: { question: string; in: (string | number | boolean)[] } | undefined;
    page?: number | undefined;
    image?: { id: string; alt: Record<string, string> } | undefined;
  }[];
}): EditorState {
  const texts = (t: Record<string, string> | undefined): Texts => ({ fi: t?.fi ?? '', sv: t?.sv ?? '', en: t?.en ?? '' });
  const questions = input.questions.map((q, i): EditorQuestion => {
    const on = q.showIf ? input.questions.findIndex((x) => x.key === q.showIf!.question) : -1;
    const onQ = on >= 0 ? input.questions[on] : undefined;
    const shown = (q.showIf?.in ?? []).map((v) => {
      const o = onQ?.options?.find((x) => x.value === String(v));
      if (onQ?.type === 'yesno') return String(v) === 'yes' ? 'kyllä' : 'ei';
      return o ? (o.text.fi ?? String(v)) : String(v);
    });
    return {
      key: q.key ?? '',
      type: q.type,
      text: texts(q.text),
      options: Object.fromEntries(editorLanguages.map((l) => [l, (q.options ?? []).map((o) => o.text[l] ?? '').join('\n')])) as Texts,
      optionValues: (q.options ?? []).map((o) => o.value ?? '').join('\n'),
      required: q.required ?? false,
      newPage: i > 0 && (q.page ?? 1) > (input.questions[i - 1]!.page ?? 1),
      showIf: on >= 0 ? String(on + 1) : '',
      showIfIn: shown.join(', '),
      imageId: q.image?.id ?? '',
      imageAlt: texts(q.image?.alt),
    };
  });
  return { key: input.key, title: texts(input.title), intro: texts(input.intro), startsAt: input.startsAt ?? '', endsAt: input.endsAt ?? '', questions };
}

/** The editor field a problem in the contract's terms belongs to. */
export function fieldOf(issue: SurveyIssue): string {
  const [a, i, b] = issue.path;
  if (a === 'key') return 'key';
  if (a === 'title') return 'title_fi';
  if (a === 'intro') return 'intro_fi';
  if (a === 'startsAt' || a === 'endsAt') return a;
  if (a === 'questions' && typeof i === 'number') {
    if (b === 'text') return `q${i}_fi`;
    if (b === 'options') return `q${i}_options_fi`;
    if (b === 'showIf') return issue.path[3] === 'in' ? `q${i}_showIfIn` : `q${i}_showIf`;
    if (b === 'type') return `q${i}_type`;
    if (b === 'image') return `q${i}_imageAlt_fi`;
    return `q${i}_fi`;
  }
  return 'questions';
}

/** The languages the survey would be offered in as typed, and those some texts are in but not all. */
export function stateLanguages(s: EditorState): { offered: string[]; missing: string[] } {
  const optionCount = (q: EditorQuestion, l: EditorLang) => lines(q.options[l]).length;
  const used = editorLanguages.filter((l) => s.title[l].trim() || s.questions.some((q) => q.text[l].trim()));
  const complete = (l: EditorLang) =>
    Boolean(s.title[l].trim()) &&
    (!s.intro.fi.trim() || Boolean(s.intro[l].trim())) &&
    s.questions.every(
      (q) =>
        Boolean(q.text[l].trim()) &&
        (!q.imageId || Boolean(q.imageAlt[l].trim())) &&
        (q.type !== 'choice' && q.type !== 'multichoice' ? true : optionCount(q, l) === optionCount(q, 'fi')),
    );
  const offered = used.filter(complete);
  return { offered, missing: used.filter((l) => !offered.includes(l)) };
}
