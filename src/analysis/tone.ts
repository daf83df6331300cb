import type { TextLanguage } from './language.ts';
import { lexicons } from './tone-lexicon.ts';

export type Tone = 'positive' | 'negative' | 'neutral' | 'mixed';

export interface ToneResult {
  tone: Tone;
  confidence: number;
  /** Summed weights, for explaining and for measuring "no signal at all". */
  positive: number;
  negative: number;
}

function weight(list: [string, number][], not: string[], token: string, compounds: boolean): number {
  if (not.some((n) => token.startsWith(n))) return 0;
  let best = 0;
  for (const [prefix, w] of list) if (token.startsWith(prefix) && w > best) best = w;
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
  let clauseWeight = 1;
  let negatedFor = 0;
  let intensity = 1;
  const tokens = text.toLowerCase().match(/[\p{L}']+|[.!?;,:]/gu) ?? [];
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
    const pos = weight(lex.positive, lex.not, tok, false);
    const neg = weight(lex.negative, lex.not, tok, lang !== 'en');
    const w = clauseWeight * intensity;
    if (pos > neg) {
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
  if (total < 0.5) return { tone: 'neutral', confidence: total === 0 ? 0.5 : 0.6, positive, negative };
  const low = Math.min(positive, negative);
  const high = Math.max(positive, negative);
  const strength = Math.min(1, total / 3);
  if (low >= 1 && low / high >= 0.4) return { tone: 'mixed', confidence: round(0.5 + 0.4 * strength * (low / high)), positive, negative };
  return { tone: positive > negative ? 'positive' : 'negative', confidence: round(0.5 + 0.45 * strength * ((high - low) / total)), positive, negative };
}

const round = (n: number) => Math.round(n * 100) / 100;
