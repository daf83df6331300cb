import { monitorEventLoopDelay } from 'node:perf_hooks';
import { evaluateProvider, matrixLines, reportLines, toneReport } from '../src/analysis/evaluate.ts';
import { detectLanguage } from '../src/analysis/language.ts';
import { offlineProvider } from '../src/analysis/provider.ts';
import { scoreTone, type Tone } from '../src/analysis/tone.ts';
import { features } from '../src/analysis/tone-model/features.ts';
import { predict, toneClasses } from '../src/analysis/tone-model/model.ts';
import { defaultTrainOptions, train } from '../src/analysis/tone-model/train.ts';
import { feedbackWeight, macroF1, trainTone } from '../src/analysis/tone-model/training.ts';
import { labelledFeedback, xedFinnish, xedProjected } from '../src/analysis/training-data/labelled.ts';

const f3 = (x: number) => x.toFixed(3);

/**
 * The tone model beside the lexicon it replaced, on texts neither was tuned on: the held-out
 * feedback (4 classes, per language), and XED by 5-fold cross-validation — the XED half in the
 * repository is training data, so each fifth is measured with a model trained without it (the
 * other half of XED, which Kaiku does not ship, is measured with
 * `npm run kaiku -- evaluate-analysis --xed DIR` pointed at XED's own AnnotatedData).
 */
export async function toneBenchmark(): Promise<void> {
  console.log('\nTone and topics: the shipped model through the offline provider (the whole analyser)');
  for (const line of reportLines(await evaluateProvider(offlineProvider))) console.log(`  ${line}`);

  const heldOut = labelledFeedback().heldOut;
  const lexicon = heldOut.map((s) => ({ lang: s.lang, labelled: s.tone, predicted: scoreTone(s.text, detectLanguage(s.text)).tone }));
  console.log(
    `\n  The lexicon alone on the same held-out feedback: 4-class macro-F1 ${f3(macroF1(lexicon))} (fi ${f3(macroF1(lexicon.filter((p) => p.lang === 'fi')))}, sv ${f3(macroF1(lexicon.filter((p) => p.lang === 'sv')))}, en ${f3(macroF1(lexicon.filter((p) => p.lang === 'en')))})`,
  );
  for (const line of matrixLines(toneReport(lexicon).matrix)) console.log(line);

  // a retraining runs in the server: how long it takes, and the longest the server stops answering meanwhile
  const delay = monitorEventLoopDelay({ resolution: 5 });
  delay.enable();
  const trainingStarted = performance.now();
  await trainTone([]);
  delay.disable();
  console.log(
    `\n  Retraining in a server process: ${((performance.now() - trainingStarted) / 1000).toFixed(1)} s, the event loop held at most ${(delay.max / 1e6).toFixed(0)} ms at a time (p99 ${(delay.percentile(99) / 1e6).toFixed(0)} ms)`,
  );

  const xed = xedFinnish();
  const feedback = labelledFeedback().train;
  const xf = xed.map((s) => ({ features: features(s.text, 'fi'), label: toneClasses.indexOf(s.tone), weight: s.tone === 'mixed' ? 0 : 1 }));
  // the projected lines train every fold and are never measured: none is close to an annotated sentence
  const projected = xedProjected()
    .filter((s) => s.tone !== 'mixed')
    .map((s) => ({ features: features(s.text, 'fi'), label: toneClasses.indexOf(s.tone), weight: 1 }));
  const ff = feedback.map((s) => ({ features: features(s.text, s.lang), label: toneClasses.indexOf(s.tone), weight: feedbackWeight }));
  const pairs: { labelled: Tone; predicted: Tone }[] = [];
  const started = performance.now();
  for (let fold = 0; fold < 5; fold++) {
    const w = await train([...xf.filter((_, i) => i % 5 !== fold), ...projected, ...ff], defaultTrainOptions);
    xf.forEach((e, i) => {
      if (i % 5 === fold && xed[i]!.tone !== 'mixed') pairs.push({ labelled: xed[i]!.tone, predicted: predict(w, e.features).tone });
    });
  }
  const lexiconXed = xed.filter((s) => s.tone !== 'mixed').map((s) => ({ labelled: s.tone, predicted: scoreTone(s.text, 'fi').tone }));
  const three = ['positive', 'negative', 'neutral'] as const;
  console.log(
    `\n  XED Finnish, 3 classes (mixed gold left out, a "mixed" answer wrong), 5-fold cross-validation: model ${f3(macroF1(pairs, three))}, lexicon ${f3(macroF1(lexiconXed, three))} (${pairs.length} sentences, ${((performance.now() - started) / 1000).toFixed(0)} s; target ≥ 0.60)`,
  );
  for (const line of matrixLines(toneReport(pairs).matrix)) console.log(line);
}
