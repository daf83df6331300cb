import { letOthersRun } from '../../shared/turn.ts';
import { featureBits } from './features.ts';
import { toneClasses } from './model.ts';
import type { Example } from './train.ts';

/**
 * How much more often each hashed feature occurs in texts of a tone than in the others', as a
 * log ratio a bucket and tone (naive Bayes' view of the data). Scaling features by it before the
 * regression (NBSVM) lets a word seen a few times in one tone count at once, which helps where
 * there are few examples: XED's Finnish lines beside Kaiku's feedback. The ratio's sign is kept
 * and its size raised to `power`; `alpha` smooths the counts by that many mean buckets' worth.
 */
export async function naiveBayesRatios(examples: Example[], alpha: number, power: number): Promise<Float32Array> {
  const k = toneClasses.length;
  const buckets = 1 << featureBits;
  const counts = new Float64Array(buckets * k);
  const perTone = new Float64Array(k);
  for (const [n, e] of examples.entries()) {
    const { index, value } = e.features;
    for (let i = 0; i < index.length; i++) {
      const v = Math.abs(value[i]!) * e.weight;
      counts[index[i]! * k + e.label]! += v;
      perTone[e.label]! += v;
    }
    if (n % 500 === 499) await letOthersRun();
  }
  const all = perTone.reduce((a, b) => a + b, 0);
  const smooth = (alpha * all) / buckets;
  const ratios = new Float32Array(buckets * k);
  for (let h = 0; h < buckets; h++) {
    let row = 0;
    for (let c = 0; c < k; c++) row += counts[h * k + c]!;
    for (let c = 0; c < k; c++) {
      const inTone = (smooth + counts[h * k + c]!) / (perTone[c]! + smooth * buckets);
      const elsewhere = (smooth + row - counts[h * k + c]!) / (all - perTone[c]! + smooth * buckets);
      const r = Math.log(inTone / elsewhere);
      ratios[h * k + c] = Math.sign(r) * Math.abs(r) ** power;
    }
    if (h % 16384 === 16383) await letOthersRun();
  }
  return ratios;
}
