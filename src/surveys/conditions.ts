import type { Question } from './definition.ts';
import type { AnswerValue } from './validate-answers.ts';

/** An answer as conditions name it: "yes"/"no", a number as digits, option keys. */
function named(value: AnswerValue | undefined): string[] {
  if (value === null || value === undefined) return [];
  if (Array.isArray(value)) return value;
  if (typeof value === 'boolean') return [value ? 'yes' : 'no'];
  return [String(value)];
}

/**
 * Whether a question is asked, given the answers to the questions before it. A question whose
 * condition's question was itself not asked is not asked either.
 */
export function isShown(q: Question, answers: Readonly<Record<string, AnswerValue>>, questions: readonly Question[]): boolean {
  if (!q.showIf) return true;
  const on = questions.find((x) => x.key === q.showIf!.question);
  if (!on || !isShown(on, answers, questions)) return false;
  return named(answers[on.key]).some((v) => q.showIf!.in.includes(v));
}
