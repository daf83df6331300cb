import type { TextLanguage } from './language.ts';
import { lexicons } from './tone-lexicon.ts';
import { voikko } from './voikko.ts';

export type Tone = 'positive' | 'negative' | 'neutral' | 'mixed';

export interface ToneResult {
  tone: Tone;
  confidence: number;
  /** Summed weights, for explaining and for measuring "no signal at all". */
  positive: number;
  negative: number;
}

function weight(list: [string, number][], not: string[], token: string, compounds: boolean, baseforms: string[]): number {
  if (not.some((n) => token.startsWith(n))) return 0;
  let best = 0;
  for (const form of [token, ...baseforms]) for (const [prefix, w] of list) if (form.startsWith(prefix) && w > best) best = w;
  // Finnish and Swedish join words: "puhelinjono", "telefonkö". A complaint word as the last
  // part of a long word still counts.
  if (best === 0 && compounds && token.length > 7) for (const [part, w] of list) if (part.length >= 4 && token.slice(3).includes(part) && w > best) best = w;
  return best;
}

/**
 * Tone from a lexicon, read clause by clause: a negator turns the next few words around
 * ("ei ollut hyvä" is negative, "ei huono" mildly positive), what follows "mutta" / "men" /
 * "but" counts more and what follows "vaikka" / "although" less, and intensifiers add weight.
 * Stop words are not removed: "ei" and "hyvä" are among them.
 */
export function scoreTone(text: string, lang: TextLanguage): ToneResult {
  const lex = lexicons[lang];
  let positive = 0;
  let negative = 0;
  const lower = text.toLowerCase();
  for (const [phrase, w] of lex.phrases) {
    if (!lower.includes(phrase)) continue;
    if (w > 0) positive += w;
    else negative -= w;
  }
  // the tone before a "but", to tell "kind, but the wait was long" (mixed) from a plain complaint
  let beforeContrast: number | undefined;
  let clauseWeight = 1;
  let negatedFor = 0;
  let intensity = 1;
  const tokens = lower.match(/[\p{L}']+|[.!?;,:]/gu) ?? [];
  for (const tok of tokens) {
    if (/^[.!?;]$/.test(tok)) {
      clauseWeight = 1;
      negatedFor = 0;
      intensity = 1;
      continue;
    }
    if (tok === ',' || tok === ':') {
      negatedFor = 0;
      continue;
    }
    if (lex.contrast.has(tok)) {
      // what came before the "but" matters less than what comes after it
      beforeContrast ??= positive - negative;
      positive *= 0.7;
      negative *= 0.7;
      clauseWeight = 1.5;
      negatedFor = 0;
      continue;
    }
    if (lex.concession.has(tok)) {
      clauseWeight = 0.6;
      continue;
    }
    if (lex.negators.has(tok)) {
      negatedFor = 3;
      continue;
    }
    if (lex.intensifiers.has(tok)) {
      intensity = 1.5;
      continue;
    }
    const word = lang === 'fi' ? voikko()?.analyseWord(tok) : undefined;
    const pos = weight(lex.positive, lex.not, tok, false, word?.baseforms ?? []);
    const neg = weight(lex.negative, lex.not, tok, lang !== 'en', word?.baseforms ?? []);
    const w = clauseWeight * intensity;
    if (pos === 0 && neg === 0 && negatedFor > 0 && word?.classes.includes('teonsana') && !word.baseforms.some((b) => neutralWhenNegated.has(b))) {
      // In feedback a negated deed is a complaint: "ei vastannut", "ei osattu", "en saanut".
      negative += 0.75 * w;
      negatedFor = 0;
    } else if (pos > neg) {
      if (negatedFor > 0) negative += Math.max(pos, 1) * w;
      else positive += pos * w;
      intensity = 1;
    } else if (neg > 0) {
      if (negatedFor > 0) positive += neg * 0.5 * w;
      else negative += neg * w;
      intensity = 1;
    }
    if (negatedFor > 0) negatedFor--;
  }
  const total = positive + negative;
  if (beforeContrast !== undefined && beforeContrast !== 0) {
    const after = positive - negative - beforeContrast * 0.7;
    if (Math.sign(after) === -Math.sign(beforeContrast) && Math.abs(after) >= 0.5)
      return { tone: 'mixed', confidence: round(0.5 + 0.3 * Math.min(1, total / 3)), positive, negative };
  }
  if (total < 0.5) return { tone: 'neutral', confidence: total === 0 ? 0.5 : 0.6, positive, negative };
  const low = Math.min(positive, negative);
  const high = Math.max(positive, negative);
  const strength = Math.min(1, total / 3);
  if (low >= 1 && low / high >= 0.4) return { tone: 'mixed', confidence: round(0.5 + 0.4 * strength * (low / high)), positive, negative };
  return { tone: positive > negative ? 'positive' : 'negative', confidence: round(0.5 + 0.45 * strength * ((high - low) / total)), positive, negative };
}

/** Verbs that carry no complaint when negated: "ei tarvinnut odottaa", "en ole". */
const neutralWhenNegated = new Set(['olla', 'tarvita', 'joutua', 'haitata', 'valittaa', 'moittia', 'huomauttaa', 'osata']);

const round = (n: number) => Math.round(n * 100) / 100;
