import { createRequire } from 'node:module';

// @nlpjs/lang-fi is CommonJS without types: its StemmerFi is the Snowball Finnish algorithm.
const { StemmerFi } = createRequire(import.meta.url)('@nlpjs/lang-fi') as { StemmerFi: new () => { stemWord(word: string): string } };
const stemmer = new StemmerFi();
const cache = new Map<string, string>();

/**
 * The Snowball stem of a Finnish word, where Voikko is not installed: "hinnat" and "hinta"
 * both give "hin", "odotin" and "odottaa" "odot". Cruder than base forms, but it carries
 * inflection and consonant gradation.
 */
export function stemFi(word: string): string {
  let stem = cache.get(word);
  if (stem === undefined) {
    stem = stemmer.stemWord(word);
    if (cache.size > 100_000) cache.clear();
    cache.set(word, stem);
  }
  return stem;
}
