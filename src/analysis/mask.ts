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
// Finnish numbers start with 0 (040 123 4567, 09 1234 5678, (09) 123 4567) or +/00 and a country
// code; spaces and hyphens may split them, dots and commas may not (those are dates and money).
const phone = /(?<![\p{L}\p{N}])(?:\+|00)\d{1,3}[ -]?(?:\(0\)[ -]?)?\d(?:[ -]?\d){5,11}(?![\p{N}])|(?<![\p{L}\p{N}+])(?:\(0\d{1,3}\)|0\d{1,3})[ -]?\d(?:[ -]?\d){4,8}(?![\p{N}])/gu;
const streetSuffix = '(?:katu|tie|kuja|polku|väylä|kaari|rinne|puistikko|raitti|ranta|tori|aukio|gatan|vägen|gränd|stigen|street|road|avenue|lane)';
// "Mannerheimintie 12 A 3", "Storgatan 4 b", "Rantatie 3", with an optional postcode and town.
const address = new RegExp(`(?<![\\p{L}])\\p{Lu}[\\p{L}-]*${streetSuffix}\\s+\\d{1,4}(?:\\s?[A-Ka-k](?![\\p{L}]))?(?:\\s?\\d{1,3}(?![\\p{N}.:]))?(?:,?\\s+\\d{5}(?:\\s+\\p{Lu}\\p{L}+)?)?`, 'gu');

/** A capitalised word, possibly double-barrelled (Anna-Liisa). */
const capitalised = /^\p{Lu}[\p{Ll}]+(?:-\p{Lu}?[\p{Ll}]+)?$/u;

const nameClasses = new Set(['etunimi', 'sukunimi']);
const properNameClasses = new Set(['etunimi', 'sukunimi', 'nimi', 'paikannimi']);

/** Voikko knows the word only as a first name or surname, in any inflection ("Sirkulle", "Rautiaiselle"). */
function voikkoName(word: string): boolean {
  const classes = voikko()?.analyseWord(word).classes ?? [];
  return classes.some((c) => nameClasses.has(c)) && classes.every((c) => properNameClasses.has(c) && c !== 'paikannimi');
}

/** Names: a known first name or surname, a -nen surname after another name, or any capitalised word after a title. */
function findNames(text: string, taken: (s: number, e: number) => boolean): { start: number; end: number }[] {
  const out: { start: number; end: number }[] = [];
  const tokens = [...text.matchAll(/[\p{L}][\p{L}-]*/gu)].map((m) => ({ w: m[0], start: m.index!, end: m.index! + m[0].length }));
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    if (!capitalised.test(t.w) || taken(t.start, t.end)) continue;
    const lower = t.w.toLowerCase();
    const base = lower.replace(/(lle|lla|lta|n|a|ä|in|sta|ssa)$/u, '');
    const prev = tokens[i - 1];
    const next = tokens[i + 1];
    const sentenceStart = i === 0 || /[.!?]\s*$/.test(text.slice(prev!.end, t.start));
    const known = firstNames.has(lower) || firstNames.has(base) || surnames.has(lower) || surnames.has(base) || voikkoName(t.w);
    const afterTitle = prev !== undefined && titles.has(prev.w.toLowerCase()) && !sentenceStart;
    const nextIsName = next !== undefined && /^\p{Lu}/u.test(next.w) && (surnames.has(next.w.toLowerCase()) || /nen$|sen$/u.test(next.w));
    if (known && (!sentenceStart || nextIsName || afterTitle || surnames.has(lower))) out.push(t);
    else if (afterTitle) out.push(t);
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
  const add = (kind: MaskKind, re: RegExp) => {
    for (const m of text.matchAll(re)) {
      const start = m.index!;
      const end = start + m[0].trimEnd().length;
      if (!taken(start, end)) found.push({ kind, start, end });
    }
  };
  add('hetu', henkilotunnusPattern);
  add('email', email);
  add('phone', phone);
  add('address', address);
  for (const n of findNames(text, taken)) found.push({ kind: 'name', ...n });
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
