import { answerValues, type Question, type SurveyDefinition } from '../surveys/definition.ts';

export interface Slot {
  question: Question;
  /** 1-based position of the first count in response_rollup.counts */
  offset: number;
  /** The answer values counted, in order: "0".."10", "1".."5", "yes"/"no", option keys (a multiple choice
   *  then "answered": respondents who ticked any), "answered" for an open question; none for an instruction. */
  values: string[];
}

export const answeredSlot = 'answered';

export function slotValues(q: Question): string[] {
  switch (q.type) {
    case 'open':
      return [answeredSlot];
    case 'info':
      return [];
    case 'multichoice':
      // "=key" per option, so that an option named "answered" is never mistaken for the respondents' count
      return [...answerValues(q).map((k) => `=${k}`), answeredSlot];
    default:
      return answerValues(q);
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
  if (q.type === 'open' || (q.type === 'multichoice' && value === answeredSlot)) return `${col} is not null`;
  // a multiple choice is stored as a JSON array of option keys: its text holds each chosen key in quotes
  if (q.type === 'multichoice') return `strpos(${col}, '"${value.slice(1).replace(/'/g, "''")}"') > 0`;
  if (q.type === 'yesno') return `${col} = '${value === 'yes' ? 'true' : 'false'}'`;
  // values come from the definition (digits or option keys checked by the schema), never from a request
  return `${col} = '${value.replace(/'/g, "''")}'`;
}
