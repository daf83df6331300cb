import { backgroundVariables } from './background.ts';
import { isShown } from './conditions.ts';
import type { Question, SurveyDefinition } from './definition.ts';

export type AnswerValue = number | boolean | string | string[] | null;

export type AnswerErrorReason =
  | 'required'
  | 'out_of_range'
  | 'wrong_type'
  | 'too_long'
  | 'unknown_question'
  | 'unknown_option'
  | 'unknown_background'
  | 'bad_background_value'
  | 'no_answer_taken';

export interface AnswerError {
  field: string;
  reason: AnswerErrorReason;
  message: string;
  max?: number;
}

const defaultMaxLength = 2000;

/** Reads one value, whether it came from a form (strings) or from JSON (numbers, booleans). */
function coerce(q: Question, raw: unknown): { value: AnswerValue } | { error: AnswerErrorReason; max?: number } {
  if (raw === null || raw === undefined || raw === '' || raw === 'skip') return { value: null };
  switch (q.type) {
    case 'nps':
    case 'likert': {
      const n = typeof raw === 'number' ? raw : typeof raw === 'string' && /^\d{1,2}$/.test(raw.trim()) ? Number(raw) : NaN;
      if (Number.isNaN(n) || !Number.isInteger(n)) return { error: 'wrong_type' };
      const [lo, hi] = q.type === 'nps' ? [0, 10] : [1, 5];
      return n < lo || n > hi ? { error: 'out_of_range' } : { value: n };
    }
    case 'yesno':
      if (raw === true || raw === 'yes') return { value: true };
      if (raw === false || raw === 'no') return { value: false };
      return { error: 'wrong_type' };
    case 'choice':
      if (typeof raw !== 'string') return { error: 'wrong_type' };
      return q.options?.some((o) => o.key === raw) ? { value: raw } : { error: 'unknown_option' };
    case 'multichoice': {
      // JSON sends an array; a form sends the ticked boxes, carried between steps comma-joined
      const list = typeof raw === 'string' ? raw.split(',') : Array.isArray(raw) && raw.length <= 40 ? raw : undefined;
      if (!list || list.some((v) => typeof v !== 'string')) return { error: 'wrong_type' };
      const chosen = [...new Set((list as string[]).map((v) => v.trim()).filter((v) => v !== '' && v !== 'skip'))];
      if (chosen.some((v) => !q.options?.some((o) => o.key === v))) return { error: 'unknown_option' };
      // kept in the definition's order, so that the same choice is always stored the same way
      return { value: chosen.length ? (q.options ?? []).map((o) => o.key).filter((k) => chosen.includes(k)) : null };
    }
    case 'info':
      return { error: 'no_answer_taken' };
    case 'open': {
      if (typeof raw !== 'string') return { error: 'wrong_type' };
      const text = raw.replace(/\r\n/g, '\n').trim();
      const max = q.maxLength ?? defaultMaxLength;
      if (text.length > max) return { error: 'too_long', max };
      return { value: text === '' ? null : text };
    }
  }
}

const messages: Record<AnswerErrorReason, (q?: Question, max?: number) => string> = {
  required: () => 'an answer is required',
  out_of_range: (q) => (q?.type === 'nps' ? 'must be an integer from 0 to 10' : 'must be an integer from 1 to 5'),
  wrong_type: (q) =>
    q?.type === 'yesno'
      ? 'must be true/false or "yes"/"no"'
      : q?.type === 'open'
        ? 'must be text'
        : q?.type === 'choice'
          ? 'must be an option key'
          : q?.type === 'multichoice'
            ? 'must be an array of option keys'
            : 'must be an integer',
  too_long: (_q, max) => `must be at most ${max} characters`,
  unknown_question: () => 'no such question in this survey version',
  unknown_option: (q) => `must be one of ${q?.options?.map((o) => o.key).join(', ')}`,
  unknown_background: () => `unknown background variable (known: ${Object.keys(backgroundVariables).join(', ')})`,
  bad_background_value: () => 'not an allowed value for this background variable',
  no_answer_taken: () => 'an instruction between questions takes no answer',
};

/**
 * Checks answers against a survey version. `only` limits the check to some questions (one page
 * of a web form); unknown keys are errors only for a whole submission, so a client cannot slip
 * in answers to questions the version does not have. A question not asked (its condition not
 * met by the answers before it) keeps no answer and is never required.
 */
export function validateAnswers(
  def: SurveyDefinition,
  raw: Record<string, unknown>,
  only?: readonly string[],
): { answers: Record<string, AnswerValue>; errors: AnswerError[] } {
  const answers: Record<string, AnswerValue> = {};
  const errors: AnswerError[] = [];
  // Conditions look back at earlier answers, so every question is read in order; `only` limits what is checked.
  const seen: Record<string, AnswerValue> = {};
  for (const q of def.questions) {
    const r0 = coerce(q, raw[q.key]);
    if (!('error' in r0)) seen[q.key] = r0.value;
  }
  const questions = (only ? def.questions.filter((q) => only.includes(q.key)) : def.questions).filter((q) => isShown(q, seen, def.questions));
  for (const q of questions) {
    if (q.type === 'info') {
      if (raw[q.key] !== undefined && raw[q.key] !== null && raw[q.key] !== '')
        errors.push({ field: q.key, reason: 'no_answer_taken', message: messages.no_answer_taken() });
      continue;
    }
    const r = coerce(q, raw[q.key]);
    if ('error' in r) {
      errors.push({ field: q.key, reason: r.error, message: messages[r.error](q, r.max), ...(r.max ? { max: r.max } : {}) });
      continue;
    }
    if (r.value === null && q.required) {
      errors.push({ field: q.key, reason: 'required', message: messages.required() });
      continue;
    }
    answers[q.key] = r.value;
  }
  if (!only) {
    for (const key of Object.keys(raw)) {
      if (!def.questions.some((q) => q.key === key)) errors.push({ field: key, reason: 'unknown_question', message: messages.unknown_question() });
    }
  }
  return { answers, errors };
}

export function validateBackground(def: SurveyDefinition, raw: Record<string, unknown>): { background: Record<string, string>; errors: AnswerError[] } {
  const background: Record<string, string> = {};
  const errors: AnswerError[] = [];
  for (const [key, value] of Object.entries(raw)) {
    const allowed = backgroundVariables[key] ?? def.background.find((b) => b.key === key)?.values;
    if (!allowed) {
      errors.push({ field: `background.${key}`, reason: 'unknown_background', message: messages.unknown_background() });
    } else if (value === null || value === undefined || value === '') {
    } else if (typeof value !== 'string' || !allowed.includes(value)) {
      errors.push({ field: `background.${key}`, reason: 'bad_background_value', message: `must be one of ${allowed.join(', ')}` });
    } else {
      background[key] = value;
    }
  }
  for (const b of def.background) {
    if (b.required && !(b.key in background) && !errors.some((e) => e.field === `background.${b.key}`)) {
      errors.push({ field: `background.${b.key}`, reason: 'required', message: `required: one of ${b.values.join(', ')}` });
    }
  }
  return { background, errors };
}
