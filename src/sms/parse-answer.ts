import type { QuestionType } from '../surveys/definition.ts';

/** Words that end the conversation and all future requests to the number. */
const stopWords = new Set(['lopeta', 'stopp', 'stop', 'lopetus', 'sluta', 'unsubscribe']);

const numberWords: Record<string, number> = {
  // Finnish, with the spoken school-grade forms
  nolla: 0,
  yksi: 1,
  yks: 1,
  ykkönen: 1,
  kaksi: 2,
  kaks: 2,
  kakkonen: 2,
  kolme: 3,
  kolmonen: 3,
  neljä: 4,
  nelonen: 4,
  viisi: 5,
  viis: 5,
  vitonen: 5,
  kuusi: 6,
  kuus: 6,
  kutonen: 6,
  seitsemän: 7,
  seiska: 7,
  kahdeksan: 8,
  kasi: 8,
  yhdeksän: 9,
  ysi: 9,
  kymmenen: 10,
  kymppi: 10,
  // Swedish
  noll: 0,
  ett: 1,
  etta: 1,
  två: 2,
  tvåa: 2,
  tre: 3,
  trea: 3,
  fyra: 4,
  fyran: 4,
  fem: 5,
  femma: 5,
  sex: 6,
  sexa: 6,
  sju: 7,
  sjua: 7,
  åtta: 8,
  åttan: 8,
  nio: 9,
  nia: 9,
  tio: 10,
  tia: 10,
  // English
  zero: 0,
  one: 1,
  two: 2,
  three: 3,
  four: 4,
  five: 5,
  six: 6,
  seven: 7,
  eight: 8,
  nine: 9,
  ten: 10,
};

const yes = new Set(['kyllä', 'kylla', 'kyl', 'joo', 'juu', 'k', 'ja', 'jo', 'jaa', 'j', 'yes', 'y', 'yeah', 'yep']);
const no = new Set(['ei', 'e', 'en', 'nej', 'nä', 'n', 'no', 'nope']);

export type ParsedReply = { kind: 'stop' } | { kind: 'answer'; value: number | boolean | string | string[] } | { kind: 'unreadable' };

const words = (text: string) =>
  text
    .toLowerCase()
    .normalize('NFC')
    .replace(/[^\p{L}\p{N}/]+/gu, ' ')
    .trim()
    .split(' ')
    .filter(Boolean);

/**
 * Reads a reply to one question. Numbers may be digits or words in Finnish, Swedish or English
 * ("9", "yhdeksän", "nio", "nine", "kymppi", "10/10", "9 kiitos"); a reply naming two different
 * numbers is not guessed at. The stop words win over everything.
 */
export function parseReply(type: QuestionType, text: string, options: readonly string[] = []): ParsedReply {
  const w = words(text);
  if (w.length > 0 && w.length <= 2 && w.some((x) => stopWords.has(x))) return { kind: 'stop' };
  if (type === 'open') {
    const answer = text.trim().slice(0, 1000);
    return answer ? { kind: 'answer', value: answer } : { kind: 'unreadable' };
  }
  if (type === 'yesno') {
    const first = w[0];
    if (first && yes.has(first) && !w.some((x) => no.has(x) && x !== 'en')) return { kind: 'answer', value: true };
    if (first && no.has(first) && !w.some((x) => yes.has(x))) return { kind: 'answer', value: false };
    return { kind: 'unreadable' };
  }
  if (type === 'choice' || type === 'multichoice') {
    // Options are numbered in the message: "2", "kaksi", "1 ja 3", "1,3".
    if (/(^|\s)-\s*\d/.test(text)) return { kind: 'unreadable' };
    const picked = new Set<number>();
    for (const x of w) {
      if (/^\d{1,2}$/.test(x)) picked.add(Number(x));
      else if (x in numberWords) picked.add(numberWords[x]!);
    }
    const inRange = [...picked].every((n) => n >= 1 && n <= options.length);
    if (picked.size === 0 || !inRange || (type === 'choice' && picked.size > 1)) return { kind: 'unreadable' };
    const values = options.filter((_, i) => picked.has(i + 1));
    return { kind: 'answer', value: type === 'choice' ? values[0]! : values };
  }
  if (type === 'nps' || type === 'likert') {
    if (/(^|\s)-\s*\d/.test(text)) return { kind: 'unreadable' };
    const found = new Set<number>();
    for (const x of w) {
      const fraction = /^(\d{1,2})\/(10|5)$/.exec(x);
      if (fraction) found.add(Number(fraction[1]));
      else if (/^\d{1,2}$/.test(x)) found.add(Number(x));
      else if (x in numberWords) found.add(numberWords[x]!);
    }
    const [value] = [...found];
    const max = type === 'nps' ? 10 : 5;
    const min = type === 'nps' ? 0 : 1;
    if (found.size === 1 && value !== undefined && value >= min && value <= max) return { kind: 'answer', value };
    return { kind: 'unreadable' };
  }
  return { kind: 'unreadable' };
}
