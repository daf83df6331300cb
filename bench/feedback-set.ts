import fs from 'node:fs';
import path from 'node:path';
import { analyse } from '../src/analysis/analyse.ts';
import { defaultTaxonomy } from '../src/analysis/default-taxonomy.ts';
import type { TextLanguage } from '../src/analysis/language.ts';
import type { Tone } from '../src/analysis/tone.ts';
import { printToneReport, toneMetrics } from './tone-xed.ts';

export interface Labelled {
  lang: TextLanguage;
  tone: Tone;
  topics: string[];
  text: string;
}

/** Our own labelled feedback, written to cover the taxonomy, negation, contrast, dialect and typos. */
export function feedbackSet(): Labelled[] {
  const dir = path.join(import.meta.dirname, 'data');
  return fs
    .readdirSync(dir)
    .filter((f) => f.startsWith('feedback-labelled-'))
    .flatMap((f) =>
      fs
        .readFileSync(path.join(dir, f), 'utf8')
        .split('\n')
        .filter(Boolean)
        .map((line) => {
          const [lang, tone, topics, text] = line.split('\t') as [TextLanguage, Tone, string, string];
          return { lang, tone, topics: topics === '-' ? [] : topics.split(','), text };
        }),
    );
}

export function evaluateFeedbackSet(set: Labelled[]) {
  const results = set.map((s) => ({ s, a: analyse(s.text, defaultTaxonomy) }));
  const perTopic = defaultTaxonomy.map((t) => {
    let tp = 0,
      fp = 0,
      fn = 0;
    for (const { s, a } of results) {
      const labelled = s.topics.includes(t.key);
      const found = a.topics.some((x) => x.key === t.key);
      if (labelled && found) tp++;
      else if (found) fp++;
      else if (labelled) fn++;
    }
    return { key: t.key, support: tp + fn, precision: tp + fp ? tp / (tp + fp) : 0, recall: tp + fn ? tp / (tp + fn) : 0 };
  });
  const sum = (f: (x: (typeof perTopic)[number]) => number) => perTopic.reduce((acc, x) => acc + f(x), 0);
  return {
    languageAccuracy: results.filter(({ s, a }) => s.lang === a.language).length / set.length,
    tone: toneMetrics(results.map(({ s, a }) => ({ labelled: s.tone, predicted: a.tone, noSignal: a.toneConfidence === 0.5 && a.tone === 'neutral' }))),
    perTopic,
    topicMacroP: sum((x) => x.precision) / perTopic.length,
    topicMacroR: sum((x) => x.recall) / perTopic.length,
    noTopicWhenLabelled:
      results.filter(({ s, a }) => s.topics.length > 0 && a.topics.length === 0).length / results.filter(({ s }) => s.topics.length > 0).length,
    misses: results
      .filter(
        ({ s, a }) =>
          s.tone !== a.tone ||
          s.topics.join() !==
            a.topics
              .map((x) => x.key)
              .sort()
              .join(),
      )
      .map(({ s, a }) => ({ text: s.text, tone: `${s.tone}→${a.tone}`, topics: `${s.topics.join()}→${a.topics.map((x) => x.key).join()}` })),
  };
}

export function printFeedbackReport(r: ReturnType<typeof evaluateFeedbackSet>, n: number) {
  const pct = (x: number) => `${(x * 100).toFixed(1)} %`;
  console.log(`\nOwn labelled feedback set: ${n} texts (fi/sv/en), language identified right ${pct(r.languageAccuracy)}`);
  printToneReport('  Tone', r.tone);
  console.log(
    `  Topics: macro precision ${pct(r.topicMacroP)}, macro recall ${pct(r.topicMacroR)}; labelled texts left with no topic ${pct(r.noTopicWhenLabelled)}`,
  );
  for (const t of r.perTopic)
    console.log(`    ${t.key.padEnd(17)} n=${String(t.support).padStart(3)}  P ${pct(t.precision).padStart(7)}  R ${pct(t.recall).padStart(7)}`);
}

if (process.argv[1] && import.meta.url.endsWith(path.basename(process.argv[1]))) {
  const set = feedbackSet();
  const part = process.env.PART;
  // the lexicon and keywords were tuned looking at the even lines only; the odd lines are held out
  const chosen = part === 'dev' ? set.filter((_, i) => i % 2 === 0) : part === 'held-out' ? set.filter((_, i) => i % 2 === 1) : set;
  const r = evaluateFeedbackSet(chosen);
  printFeedbackReport(r, chosen.length);
  if (process.env.SHOW_MISSES && part === 'dev') for (const m of r.misses) console.log(`  ${m.tone.padEnd(18)} ${m.topics.padEnd(40)} ${m.text}`);
}
