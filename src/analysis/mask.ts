import { henkilotunnusPattern } from './henkilotunnus.ts';
import { firstNames, surnames, titles } from './names.ts';
import { voikko } from './voikko.ts';

export type MaskKind = 'hetu' | 'email' | 'phone' | 'address' | 'name';

/** The placeholders shown instead of personal data, typed so a reader knows what was there. */
export const placeholders: Record<MaskKind, string> = {
  hetu: '[henkilötunnus]',
  email: '[sähköposti]',
  phone: '[puhelin]',
  address: '[osoite]',
  name: '[nimi]',
};

export interface Masked {
  text: string;
  found: { kind: MaskKind; start: number; end: number }[];
}

const email = /[\p{L}\p{N}._%+-]+@[\p{L}\p{N}.-]+\.\p{L}{2,}/gu;

/**
 * Unicode spaces and dashes (no-break and thin spaces, en and em dashes, the minus sign …) read as
 * a plain space and hyphen. Each is one UTF-16 unit, as is its replacement, so positions hold.
 */
export function normaliseSeparators(text: string): string {
  return text.replace(/[\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]/g, ' ').replace(/[\u2010-\u2015\u2212\ufe58\ufe63\uff0d]/g, '-');
}

// Phone numbers: Finnish ones start with 0 (040 123 4567, 09 1234 5678, (09) 123 4567), or with a
// country code after +, 00 or (for 358) nothing. Spaces, hyphens, dots and slashes may split the
// digits; a number that reads as a date is left alone, and so are dates, times and money, which
// do not start that way.
const sep = '[ ./-]?';
const phone = new RegExp(
  [
    `(?<![\\p{L}\\p{N}])(?:\\+|00) ?\\d{1,3}${sep}(?:\\(0\\)${sep})?\\d(?:${sep}\\d){5,11}(?![\\p{N}])`,
    // 358 without a plus: only a whole Finnish number, with no more digit groups after it (a reference number)
    `(?<![\\p{L}\\p{N}+]|\\p{N}[ ./-])358 ?(?:\\(0\\) ?)?(?:4\\d|50|[1-9]\\d?)${sep}\\d(?:${sep}\\d){4,8}(?![\\p{N}]|[ ./-]\\d)`,
    // not a later group of a longer number ("49828 09583 65195", "RF13 0856 0080")
    `(?<![\\p{L}\\p{N}+]|\\p{N}[ ./-])(?:\\(0\\d{1,3}\\)|0\\d{1,3}) ?${sep}\\d(?:${sep}\\d){4,8}(?![\\p{N}])`,
  ].join('|'),
  'gu',
);
const dateLike = /^\d{1,2}[./]\d{1,2}[./](\d{2}|\d{4})$/;

const streetSuffix = '(?:katu|tie|kuja|polku|väylä|kaari|rinne|puistikko|raitti|ranta|tori|aukio|gatan|vägen|gränd|stigen|street|road|avenue|lane)';
// "Mannerheimintie 12 A 3", "Storgatan 4 b", "Rantatie 3", with an optional postcode and town.
const address = new RegExp(
  `(?<![\\p{L}])\\p{Lu}[\\p{L}-]*${streetSuffix}\\s+\\d{1,4}(?:\\s?[A-Ka-k](?![\\p{L}]))?(?:\\s?\\d{1,3}(?![\\p{N}.:]))?(?:,?\\s+\\d{5}(?:\\s+\\p{Lu}\\p{L}+)?)?`,
  'gu',
);

/** A capitalised word, possibly double-barrelled (Anna-Liisa). */
const capitalised = /^\p{Lu}[\p{Ll}]+(?:-\p{Lu}?[\p{Ll}]+)?$/u;

const nameClasses = new Set(['etunimi', 'sukunimi']);
const properNameClasses = new Set(['etunimi', 'sukunimi', 'nimi', 'paikannimi']);

/**
 * What Voikko says of a capitalised word: only a person's name in any inflection ("Sirkulle",
 * "Rautiaiselle"), a name that is also an ordinary word ("Anna" gives, "Toivo" hopes), or neither.
 */
function voikkoName(word: string): 'name' | 'ambiguous' | 'none' {
  const classes = voikko()?.analyseWord(word).classes ?? [];
  if (!classes.some((c) => nameClasses.has(c))) return 'none';
  return classes.every((c) => properNameClasses.has(c) && c !== 'paikannimi') ? 'name' : 'ambiguous';
}

/** Names that are also common words, for when Voikko is not there to tell. */
const ambiguousWithoutVoikko = new Set([
  'anna',
  'aino',
  'toivo',
  'onni',
  'ilo',
  'lempi',
  'sulo',
  'rauha',
  'into',
  'armas',
  'usko',
  'tuuli',
  'satu',
  'kai',
  'pia',
]);

/**
 * Names: a known first name or surname, a -nen surname after another name, or any capitalised
 * word after a title. Inside a sentence a capitalised word that may be a name is one (Finnish
 * writes ordinary words in lower case there). At the start of a sentence a word that is only a
 * name is one ("Sirpa kohteli…"); one that is also an ordinary word ("Anna minulle…") is a name
 * when a third-person verb or another name follows it ("Anna soitti…").
 */
function findNames(text: string, taken: (s: number, e: number) => boolean): { start: number; end: number }[] {
  const out: { start: number; end: number }[] = [];
  const tokens = [...text.matchAll(/[\p{L}][\p{L}-]*/gu)].map((m) => ({ w: m[0], start: m.index!, end: m.index! + m[0].length }));
  const v = voikko();
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    if (!capitalised.test(t.w) || taken(t.start, t.end)) continue;
    const lower = t.w.toLowerCase();
    const base = lower.replace(/(lle|lla|lta|n|a|ä|in|sta|ssa)$/u, '');
    const prev = tokens[i - 1];
    const next = tokens[i + 1];
    const sentenceStart = i === 0 || (/[.!?:;]\s*$|^\s*[-–(]\s*$/.test(text.slice(prev!.end, t.start)) && /[.!?:;(]/.test(text.slice(prev!.end, t.start)));
    const listed = firstNames.has(lower) || firstNames.has(base) || surnames.has(lower) || surnames.has(base);
    const said = voikkoName(t.w);
    const afterTitle = prev !== undefined && titles.has(prev.w.toLowerCase()) && !sentenceStart;
    const nextIsName =
      next !== undefined && /^\p{Lu}/u.test(next.w) && (surnames.has(next.w.toLowerCase()) || /nen$|sen$/u.test(next.w) || voikkoName(next.w) !== 'none');
    // a third-person verb follows, or a word that is not Finnish at all ("Anna ringde tillbaka")
    const nextWord = next && /^\s+$/.test(text.slice(t.end, next.start)) ? v?.analyseWord(next.w.toLowerCase()) : undefined;
    const verbFollows = !!nextWord && (nextWord.thirdPersonVerb || nextWord.classes.length === 0);
    const ambiguous = said === 'ambiguous' || (!v && ambiguousWithoutVoikko.has(lower));
    const maybeName = listed || said !== 'none';
    if (afterTitle) out.push(t);
    else if (!sentenceStart && maybeName) out.push(t);
    else if (sentenceStart && maybeName && (!ambiguous || verbFollows || nextIsName || surnames.has(lower))) out.push(t);
    else if (!sentenceStart && /(nen|sen|selle|sella|stä)$/u.test(lower) && prev && out.some((o) => o.end === prev.end)) out.push(t);
  }
  return out;
}

/**
 * Replaces personal data with typed placeholders: identity codes, e-mail addresses, phone
 * numbers, street addresses and personal names. Dates, times, money and other numbers stay.
 */
export function mask(text: string): Masked {
  const found: Masked['found'] = [];
  const taken = (s: number, e: number) => found.some((f) => s < f.end && e > f.start);
  // Matched on the normalised text, replaced in the original: the positions are the same.
  const plain = normaliseSeparators(text);
  const add = (kind: MaskKind, re: RegExp, keep?: (m: string) => boolean) => {
    for (const m of plain.matchAll(re)) {
      const start = m.index!;
      const end = start + m[0].trimEnd().length;
      if (keep?.(m[0].trim())) continue;
      if (!taken(start, end)) found.push({ kind, start, end });
    }
  };
  add('hetu', henkilotunnusPattern);
  add('email', email);
  add('phone', phone, (m) => dateLike.test(m));
  add('address', address);
  for (const n of findNames(plain, taken)) found.push({ kind: 'name', ...n });
  found.sort((a, b) => a.start - b.start);
  let out = '';
  let at = 0;
  for (const f of found) {
    out += text.slice(at, f.start) + placeholders[f.kind];
    at = f.end;
  }
  // Two names in a row ("Minna Virtanen") read as one.
  return { text: (out + text.slice(at)).replace(/\[nimi\](\s+\[nimi\])+/g, '[nimi]'), found };
}
