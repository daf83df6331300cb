import type { Question, SurveyDefinition } from '../surveys/definition.ts';

export interface Slot {
  question: Question;
  /** 1-based position of the first count in response_rollup.counts */
  offset: number;
  /** The answer values counted, in order: "0".."10", "1".."5", "yes"/"no", option keys, or "answered". */
  values: string[];
}

export function slotValues(q: Question): string[] {
  switch (q.type) {
    case 'nps':
      return Array.from({ length: 11 }, (_, v) => String(v));
    case 'likert':
      return ['1', '2', '3', '4', '5'];
    case 'yesno':
      return ['yes', 'no'];
    case 'choice':
      return (q.options ?? []).map((o) => o.key);
    case 'open':
      return ['answered'];
  }
}

export function rollupLayout(def: SurveyDefinition): Slot[] {
  let offset = 1;
  return def.questions.map((question) => {
    const values = slotValues(question);
    const slot = { question, offset, values };
    offset += values.length;
    return slot;
  });
}

/** SQL that is true when the text value `col` (answers->>key) counts in this slot. */
export function valueCondition(q: Question, col: string, value: string): string {
  if (q.type === 'open') return `${col} is not null`;
  if (q.type === 'yesno') return `${col} = '${value === 'yes' ? 'true' : 'false'}'`;
  // values come from the definition (digits or option keys checked by the schema), never from a request
  return `${col} = '${value.replace(/'/g, "''")}'`;
}
