import { defaultTaxonomy } from './default-taxonomy.ts';
import type { TextLanguage } from './language.ts';
import type { AnalysisProvider, ProviderResult } from './provider.ts';
import type { Tone } from './tone.ts';
import { macroF1 } from './tone-model/training.ts';
import { toneClasses } from './tone-model/model.ts';
import { labelledFeedback, type LabelledText, readXed, xedFinnish } from './training-data/labelled.ts';

type Pair = { labelled: Tone; predicted: Tone };

export interface ToneReport {
  n: number;
  macroF1: number;
  /** Positive, negative and neutral only: mixed texts left out, a "mixed" answer counted wrong. */
  macroF1ThreeClass: number;
  f1: Record<Tone, number>;
  /** matrix[labelled][predicted] */
  matrix: Record<Tone, Record<Tone, number>>;
}

export interface EvaluationReport {
  provider: string;
  feedback: ToneReport & { perLanguage: Record<TextLanguage, number>; languageAccuracy: number };
  topics: { key: string; support: number; precision: number; recall: number }[];
  topicMacro: { precision: number; recall: number };
  xed?: (ToneReport & { leftOut: number }) | undefined;
  textsPerSecond: number;
}

export function toneReport(pairs: Pair[]): ToneReport {
  const matrix = Object.fromEntries(toneClasses.map((t) => [t, Object.fromEntries(toneClasses.map((p) => [p, 0]))])) as Record<Tone, Record<Tone, number>>;
  for (const p of pairs) matrix[p.labelled][p.predicted]++;
  const f1 = Object.fromEntries(toneClasses.map((c) => [c, macroF1(pairs, [c])])) as Record<Tone, number>;
  const three = ['positive', 'negative', 'neutral'] as const;
  return {
    n: pairs.length,
    macroF1: macroF1(pairs),
    macroF1ThreeClass: macroF1(
      pairs.filter((p) => p.labelled !== 'mixed'),
      three,
    ),
    f1,
    matrix,
  };
}

/**
 * Any provider measured the same way, on the held-out feedback no training or tuning has read:
 * tone macro-F1 over four and three classes, per language, with the confusion matrix; topic
 * precision and recall against the default taxonomy (the labels' topics); and, given a directory
 * with XED's Finnish files, tone on those sentences. The sentences of the half Kaiku ships and
 * trains on are left out, so pointing at XED's whole AnnotatedData measures exactly the other half,
 * and every provider on the same sentences.
 */
export async function evaluateProvider(
  provider: AnalysisProvider,
  opts: { xedDir?: string | undefined; onProgress?: (done: number, total: number) => void } = {},
): Promise<EvaluationReport> {
  const set: LabelledText[] = labelledFeedback().heldOut;
  const read = opts.xedDir ? readXed(opts.xedDir) : [];
  const shipped = new Set(read.length ? xedFinnish().map((s) => s.text) : []);
  const xed = read.filter((s) => !shipped.has(s.text));
  const total = set.length + xed.length;
  const started = performance.now();
  const results: ProviderResult[] = [];
  for (let i = 0; i < set.length; i += provider.batchSize) {
    results.push(
      ...(await provider.analyse(
        set.slice(i, i + provider.batchSize).map((s) => s.text),
        defaultTaxonomy,
      )),
    );
    opts.onProgress?.(results.length, total);
  }
  const xedTones: Tone[] = [];
  for (let i = 0; i < xed.length; i += provider.batchSize) {
    xedTones.push(
      ...(
        await provider.analyse(
          xed.slice(i, i + provider.batchSize).map((s) => s.text),
          defaultTaxonomy,
        )
      ).map((r) => r.tone),
    );
    opts.onProgress?.(set.length + xedTones.length, total);
  }
  const seconds = (performance.now() - started) / 1000;
  const pairs = set.map((s, i) => ({ lang: s.lang, labelled: s.tone, predicted: results[i]!.tone }));
  const topics = defaultTaxonomy.map((t) => {
    let tp = 0;
    let fp = 0;
    let fn = 0;
    set.forEach((s, i) => {
      const labelled = s.topics.includes(t.key);
      const found = results[i]!.topics.some((x) => x.key === t.key);
      if (labelled && found) tp++;
      else if (found) fp++;
      else if (labelled) fn++;
    });
    return { key: t.key, support: tp + fn, precision: tp + fp ? tp / (tp + fp) : 0, recall: tp + fn ? tp / (tp + fn) : 0 };
  });
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / (xs.length || 1);
  return {
    provider: provider.name,
    feedback: {
      ...toneReport(pairs),
      perLanguage: {
        fi: macroF1(pairs.filter((p) => p.lang === 'fi')),
        sv: macroF1(pairs.filter((p) => p.lang === 'sv')),
        en: macroF1(pairs.filter((p) => p.lang === 'en')),
      },
      languageAccuracy: set.filter((s, i) => results[i]!.language === s.lang).length / set.length,
    },
    topics,
    topicMacro: { precision: mean(topics.map((t) => t.precision)), recall: mean(topics.map((t) => t.recall)) },
    xed: read.length ? { ...toneReport(xed.map((s, i) => ({ labelled: s.tone, predicted: xedTones[i]! }))), leftOut: read.length - xed.length } : undefined,
    textsPerSecond: total / seconds,
  };
}

const f3 = (x: number) => x.toFixed(3);
const pct = (x: number) => `${(x * 100).toFixed(1)} %`;

/** A confusion matrix as lines of text. */
export function matrixLines(m: ToneReport['matrix']): string[] {
  return [
    `    confusion (rows: labelled, columns: predicted ${toneClasses.join(' / ')})`,
    ...toneClasses.map((t) => `    ${t.padEnd(9)}${toneClasses.map((p) => String(m[t][p]).padStart(7)).join('')}`),
  ];
}

/** The report as the CLI and the bench print it. */
export function reportLines(r: EvaluationReport): string[] {
  const fb = r.feedback;
  const lines = [
    `Provider: ${r.provider}`,
    `Held-out feedback (${fb.n} texts, never used for training or tuning), language identified right ${pct(fb.languageAccuracy)}`,
    `  tone macro-F1, 4 classes: ${f3(fb.macroF1)} (${toneClasses.map((t) => `${t} ${f3(fb.f1[t])}`).join(', ')})`,
    `  tone macro-F1, 3 classes (mixed left out): ${f3(fb.macroF1ThreeClass)}`,
    `  per language, 4 classes: fi ${f3(fb.perLanguage.fi)}, sv ${f3(fb.perLanguage.sv)}, en ${f3(fb.perLanguage.en)}`,
    ...matrixLines(fb.matrix),
    `  topics: macro precision ${pct(r.topicMacro.precision)}, macro recall ${pct(r.topicMacro.recall)}`,
    ...r.topics.map((t) => `    ${t.key.padEnd(17)} n=${String(t.support).padStart(3)}  P ${pct(t.precision).padStart(7)}  R ${pct(t.recall).padStart(7)}`),
  ];
  if (r.xed)
    lines.push(
      `XED Finnish (${r.xed.n} sentences${r.xed.leftOut ? `; ${r.xed.leftOut} left out as the half Kaiku trains on` : ''}): tone macro-F1, 3 classes (mixed left out, "mixed" counted wrong) ${f3(r.xed.macroF1ThreeClass)}; 4 classes ${f3(r.xed.macroF1)}`,
      ...matrixLines(r.xed.matrix),
    );
  lines.push(`Speed: ${Math.round(r.textsPerSecond).toLocaleString('en')} texts/s through the provider (language, tone, topics, masking)`);
  return lines;
}
