import fs from 'node:fs';
import path from 'node:path';
import { detectLanguage } from '../src/analysis/language.ts';
import { scoreTone, type Tone } from '../src/analysis/tone.ts';

const dir = path.resolve(import.meta.dirname, '../../shared/data/xed-fi');
const tones: Tone[] = ['positive', 'negative', 'neutral', 'mixed'];

/** The README's mapping from Plutchik emotions to tone; surprise alone is left out. */
function toneOf(labels: number[]): Tone | undefined {
  const pos = labels.some((l) => [2, 5, 8].includes(l));
  const neg = labels.some((l) => [1, 3, 4, 6].includes(l));
  return pos && neg ? 'mixed' : pos ? 'positive' : neg ? 'negative' : undefined;
}

export function xedSet(): { text: string; tone: Tone }[] {
  const out: { text: string; tone: Tone }[] = [];
  for (const line of fs.readFileSync(path.join(dir, 'fi-annotated.tsv'), 'utf8').split('\n')) {
    const [text, labels] = line.split('\t');
    if (!text || !labels) continue;
    const tone = toneOf(labels.split(',').map((x) => Number(x.trim())));
    if (tone) out.push({ text, tone });
  }
  for (const line of fs.readFileSync(path.join(dir, 'fi-neutral.txt'), 'utf8').split('\n')) if (line.trim()) out.push({ text: line.trim(), tone: 'neutral' });
  return out;
}

/** Accuracy, macro-F1 over the four tones, the confusion matrix, and the share with no signal at all. */
export function evaluateTone(set: { text: string; tone: Tone }[], lang?: 'fi' | 'sv' | 'en') {
  return toneMetrics(
    set.map((s) => {
      const r = scoreTone(s.text, lang ?? detectLanguage(s.text));
      return { labelled: s.tone, predicted: r.tone, noSignal: r.positive + r.negative === 0 };
    }),
  );
}

export function toneMetrics(pairs: { labelled: Tone; predicted: Tone; noSignal: boolean }[]) {
  const matrix = Object.fromEntries(tones.map((t) => [t, Object.fromEntries(tones.map((p) => [p, 0]))])) as Record<Tone, Record<Tone, number>>;
  for (const p of pairs) matrix[p.labelled][p.predicted]++;
  const noSignal = pairs.filter((p) => p.noSignal).length;
  const correct = tones.reduce((a, t) => a + matrix[t][t], 0);
  const f1s = tones.map((t) => {
    const tp = matrix[t][t];
    const predicted = tones.reduce((a, x) => a + matrix[x][t], 0);
    const actual = tones.reduce((a, p) => a + matrix[t][p], 0);
    const precision = predicted ? tp / predicted : 0;
    const recall = actual ? tp / actual : 0;
    return precision + recall ? (2 * precision * recall) / (precision + recall) : 0;
  });
  return {
    n: pairs.length,
    accuracy: correct / pairs.length,
    macroF1: f1s.reduce((a, b) => a + b, 0) / f1s.length,
    f1: Object.fromEntries(tones.map((t, i) => [t, f1s[i]!])),
    noSignal: noSignal / pairs.length,
    matrix,
  };
}

export function printToneReport(label: string, r: ReturnType<typeof evaluateTone>) {
  const pct = (x: number) => `${(x * 100).toFixed(1)} %`;
  console.log(
    `\n${label}: ${r.n} texts, accuracy ${pct(r.accuracy)}, macro-F1 ${r.macroF1.toFixed(3)} (${tones.map((t) => `${t} ${(r.f1[t] ?? 0).toFixed(2)}`).join(', ')}), no signal at all ${pct(r.noSignal)}`,
  );
  console.log(`  confusion (rows: labelled, columns: predicted ${tones.join(' / ')})`);
  for (const t of tones) console.log(`  ${t.padEnd(9)} ${tones.map((p) => String(r.matrix[t][p]).padStart(6)).join('')}`);
}

if (process.argv[1] && import.meta.url.endsWith(path.basename(process.argv[1]))) {
  const set = xedSet();
  printToneReport('XED Finnish (movie subtitles, out of domain)', evaluateTone(set, 'fi'));
  const texts = set.map((s) => s.text);
  const t = performance.now();
  let n = 0;
  while (performance.now() - t < 3000) {
    for (const x of texts) scoreTone(x, detectLanguage(x));
    n += texts.length;
  }
  console.log(`  throughput: ${Math.round(n / ((performance.now() - t) / 1000))} texts/s on one core (language + tone)`);
}
