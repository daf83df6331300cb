/**
 * Writes `src/analysis/training-data/xed-fi-projections/fi-projections.tsv` from a checkout of
 * Helsinki-NLP/XED: the Finnish lines of `Projections/fi-projections.tsv` (emotions projected
 * from annotated English subtitles onto their Finnish translations) that Kaiku may train on.
 * A line is left out if it repeats an earlier one, or if it is the same as, or close to
 * (character-trigram Jaccard similarity ≥ 0.40), any sentence of XED's directly annotated
 * Finnish (`AnnotatedData`, both halves): the half Kaiku does not ship is its held-out measure,
 * and a near copy of a held-out sentence in training would flatter it.
 *
 *   npx tsx scripts/xed-projections.ts PATH/TO/XED
 *
 * A development step, run once when the data is refreshed; the product reads the file it writes.
 */
import fs from 'node:fs';
import path from 'node:path';
import { sentenceKey } from '../src/analysis/training-data/labelled.ts';

const xed = process.argv[2];
if (!xed) throw new Error('usage: npx tsx scripts/xed-projections.ts PATH/TO/XED');
const out = path.join(import.meta.dirname, '../src/analysis/training-data/xed-fi-projections/fi-projections.tsv');

const trigrams = (s: string) => {
  const padded = ` ${sentenceKey(s)} `;
  const set = new Set<string>();
  for (let i = 0; i + 3 <= padded.length; i++) set.add(padded.slice(i, i + 3));
  return set;
};
const lines = (file: string) => fs.readFileSync(path.join(xed, file), 'utf8').split('\n');

const annotated = [
  ...lines('AnnotatedData/fi-annotated.tsv').map((l) => l.split('\t')[0] ?? ''),
  ...lines('AnnotatedData/neu_fi.txt').map((l) => l.split('\t')[1] ?? ''),
].filter((s) => sentenceKey(s));
const same = new Set(annotated.map(sentenceKey));
const grams = annotated.map(trigrams);
const byGram = new Map<string, number[]>();
grams.forEach((g, i) => {
  for (const t of g) {
    const list = byGram.get(t);
    if (list) list.push(i);
    else byGram.set(t, [i]);
  }
});
const nearAnnotated = (s: string) => {
  const g = trigrams(s);
  const shared = new Map<number, number>();
  for (const t of g) for (const i of byGram.get(t) ?? []) shared.set(i, (shared.get(i) ?? 0) + 1);
  for (const [i, n] of shared) if (n / (g.size + grams[i]!.size - n) >= 0.4) return true;
  return false;
};

const kept: string[] = [];
const seen = new Set<string>();
let repeats = 0;
let annotatedToo = 0;
let near = 0;
for (const line of lines('Projections/fi-projections.tsv')) {
  const [text = '', labels = ''] = line.split('\t');
  // the file holds a few lines of alignment metadata; a real line is a sentence and its emotions
  if (!/^\d(, ?\d)*$/.test(labels.trim()) || !sentenceKey(text)) continue;
  const key = sentenceKey(text);
  if (seen.has(key)) {
    repeats++;
    continue;
  }
  seen.add(key);
  if (same.has(key)) annotatedToo++;
  else if (nearAnnotated(text)) near++;
  else kept.push(`${text.trim()}\t${labels.trim()}\n`);
}
fs.writeFileSync(out, kept.join(''));
console.log(`${kept.length} lines kept; left out ${repeats} repeats, ${annotatedToo} annotated sentences, ${near} close to one`);
