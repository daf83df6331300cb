import fs from 'node:fs';
import path from 'node:path';
import { mask } from '../src/analysis/mask.ts';

/** Counts masked names against the wanted masking of each sentence. */
export function scoreNames(rows: [text: string, want: string][]) {
  let expected = 0,
    hit = 0,
    extra = 0;
  const misses: string[] = [];
  for (const [text, want] of rows) {
    const got = mask(text).text;
    const wantN = (want.match(/\[nimi\]/g) ?? []).length;
    const gotN = (got.match(/\[nimi\]/g) ?? []).length;
    expected += wantN;
    hit += got === want ? wantN : Math.min(wantN, gotN);
    extra += Math.max(0, gotN - wantN);
    if (got !== want) misses.push(`${got}  (wanted: ${want})`);
  }
  return { sentences: rows.length, names: expected, recall: hit / expected, precision: hit / (hit + extra), misses };
}

/** Names' recall and precision on sentences written with names outside Kaiku's own name lists. */
export function evaluateNames() {
  return scoreNames(
    fs
      .readFileSync(path.join(import.meta.dirname, 'data/names-labelled.tsv'), 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((l) => l.split('\t') as [string, string]),
  );
}

if (process.argv[1] && import.meta.url.endsWith(path.basename(process.argv[1]))) {
  const r = evaluateNames();
  console.log(`names: recall ${(r.recall * 100).toFixed(1)} %, precision ${(r.precision * 100).toFixed(1)} % (${r.names} names in ${r.sentences} sentences)`);
  for (const m of r.misses) console.log(`  ${m}`);
}
