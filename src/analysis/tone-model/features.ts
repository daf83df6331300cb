import type { TextLanguage } from '../language.ts';
import { lexicons } from '../tone-lexicon.ts';
import { scoreTone } from '../tone.ts';
import { voikko } from '../voikko.ts';

/** Hashed feature space: 2^18 buckets, enough that collisions cost nothing measurable. */
export const featureBits = 18;
const mask = (1 << featureBits) - 1;

/** FNV-1a: stable across runs and machines, so a weight file means the same everywhere. */
function hash(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0) & mask;
}

const clauseBreak: Record<TextLanguage, RegExp> = {
  fi: /[.!?;]+|\b(?:mutta|mut|kuitenkin|silti|vaikka|toisaalta)\b/u,
  sv: /[.!?;]+|\b(?:men|dock|ändå|fast|fastän|trots)\b/u,
  en: /[.!?;]+|\b(?:but|however|although|though|yet)\b/u,
};

export interface Features {
  index: Uint32Array;
  value: Float32Array;
}

const bin = (x: number) => (x === 0 ? '0' : x <= 1 ? '1' : x <= 2 ? '2' : x <= 4 ? '4' : 'more');

/**
 * What the tone model reads: character 2–5-grams (they survive typos, dialect and inflection),
 * words and word pairs, Finnish words as Voikko's base forms, words in a negator's reach marked
 * "n:" ("ei ystävällinen" is not "ystävällinen") and words after a "but" marked "b:" (what
 * follows it weighs more, and both sides together make mixed), and the lexicon's own scores.
 * Values are scaled to unit length so a long complaint and a short SMS weigh the same.
 */
export function features(text: string, lang: TextLanguage): Features {
  const counts = new Map<number, number>();
  const add = (f: string) => {
    const h = hash(f);
    counts.set(h, (counts.get(h) ?? 0) + 1);
  };
  const lower = text.toLowerCase().normalize('NFC').replace(/\s+/g, ' ').trim();
  add(`lang:${lang}`);
  const padded = ` ${lower} `;
  for (let n = 2; n <= 5; n++) for (let i = 0; i + n <= padded.length; i++) add(`c${padded.slice(i, i + n)}`);

  const lex = lexicons[lang];
  const v = lang === 'fi' ? voikko() : null;
  const tokens = lower.match(/[\p{L}\p{N}']+|[.!?;,:]/gu) ?? [];
  let negated = 0;
  let afterBut = false;
  // words before a "but" in the same sentence, marked too: praise before it and a complaint after it make mixed
  let beforeBut = false;
  const butAhead = (from: number) => {
    for (let j = from; j < tokens.length && !/^[.!?;]$/.test(tokens[j]!); j++) if (lex.contrast.has(tokens[j]!)) return true;
    return false;
  };
  beforeBut = butAhead(0);
  let prev = '^';
  let words = 0;
  for (const [at, tok] of tokens.entries()) {
    if (/^[.!?;]$/.test(tok)) {
      negated = 0;
      afterBut = false;
      beforeBut = butAhead(at + 1);
      add(`p:${tok}`);
      prev = '^';
      continue;
    }
    if (tok === ',' || tok === ':') {
      negated = 0;
      continue;
    }
    words++;
    const mark = `${negated > 0 ? 'n:' : ''}${afterBut ? 'b:' : beforeBut ? 'a:' : ''}`;
    add(`w:${mark}${tok}`);
    add(`ww:${prev}_${tok}`);
    if (v) {
      const base = v.analyseWord(tok).baseforms[0];
      if (base && base !== tok) add(`l:${mark}${base}`);
    }
    prev = tok;
    if (negated > 0) negated--;
    if (lex.negators.has(tok)) negated = 3;
    if (lex.contrast.has(tok)) {
      afterBut = true;
      beforeBut = false;
      add('has:contrast');
    }
  }
  add(`len:${bin(Math.floor(words / 4))}`);
  const lexicon = scoreTone(text, lang);
  add(`lx:${lexicon.tone}`);
  add(`lx:p${bin(lexicon.positive)}`);
  add(`lx:n${bin(lexicon.negative)}`);
  add(`lx:p${bin(lexicon.positive)}n${bin(lexicon.negative)}`);

  // praise with a "but": the lexicon's tone of each clause, so "kind, but the wait was long"
  // shows as a positive clause and a negative one in every language alike
  const signs: string[] = [];
  for (const clause of lower.split(clauseBreak[lang])) {
    if (!/\p{L}/u.test(clause)) continue;
    const t = scoreTone(clause, lang);
    signs.push(t.positive > t.negative + 0.3 ? 'P' : t.negative > t.positive + 0.3 ? 'N' : '0');
  }
  if (signs.length > 1) {
    add(`cl:${signs[0]}>${signs[signs.length - 1]}`);
    if (signs.includes('P') && signs.includes('N')) add('cl:both');
  }
  for (const sign of new Set(signs)) add(`cl:has${sign}`);

  const index = new Uint32Array(counts.size);
  const value = new Float32Array(counts.size);
  let norm = 0;
  for (const c of counts.values()) norm += c * c;
  const scale = 1 / Math.sqrt(norm || 1);
  let i = 0;
  for (const [h, c] of counts) {
    index[i] = h;
    value[i] = c * scale;
    i++;
  }
  return { index, value };
}
