import { francAll } from 'franc';
import { voikko } from './voikko.ts';

export type TextLanguage = 'fi' | 'sv' | 'en';

// The commonest short words of each language: franc's letter statistics need more text than
// feedback often has ("Tack!", "ei toiminut"), while these settle most short texts.
const functionWords: Record<TextLanguage, Set<string>> = {
  fi: new Set(
    'ja ei en on oli ole olen olin se että mutta kun kuin tai myös niin vaan vain minä mä mun minun minua meille hyvä kiitos todella tosi erittäin aina koska jo vielä sitten nyt heti'.split(
      ' ',
    ),
  ),
  sv: new Set('och jag inte det är var ett att på med för som till men fick har hade mycket tack bra min mitt vi ni de den kan inga aldrig'.split(' ')),
  en: new Set('the and i was not to of a is it for with my but thanks thank very had have were are they this that no never'.split(' ')),
};

const codes: Record<string, TextLanguage> = { fin: 'fi', swe: 'sv', eng: 'en' };

/** Finnish, Swedish or English: function words first, franc's trigram model for the rest. */
export function detectLanguage(text: string): TextLanguage {
  const words = text.toLowerCase().match(/[\p{L}']+/gu) ?? [];
  const hits = (['fi', 'sv', 'en'] as const).map((l) => [l, words.filter((w) => functionWords[l].has(w)).length] as const).sort((a, b) => b[1] - a[1]);
  if (hits[0]![1] > hits[1]![1]) return hits[0]![0];
  if (/å/i.test(text) && !/[äö]{2}/i.test(text)) return 'sv';
  // Voikko knows Finnish words in every inflection; trigrams mistake short Finnish for English
  const v = voikko();
  if (v && words.length > 0 && words.filter((w) => v.analyseWord(w).baseforms.length > 0).length / words.length >= 0.6) return 'fi';
  const [best] = francAll(text, { only: ['fin', 'swe', 'eng'], minLength: 1 });
  return codes[best?.[0] ?? 'fin'] ?? 'fi';
}
