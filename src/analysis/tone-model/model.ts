import type { Tone } from '../tone.ts';
import { type Features, featureBits } from './features.ts';

export const toneClasses: readonly Tone[] = ['positive', 'negative', 'neutral', 'mixed'];
const k = toneClasses.length;

/** A multinomial logistic regression over hashed features: 4 weights a bucket, and a bias a tone. */
export interface ToneWeights {
  weights: Float32Array;
  bias: Float32Array;
}

export function emptyWeights(): ToneWeights {
  return { weights: new Float32Array((1 << featureBits) * k), bias: new Float32Array(k) };
}

/** The probability of each tone, in toneClasses' order. */
export function probabilities(w: ToneWeights, f: Features): Float64Array {
  const z = new Float64Array(k);
  for (let c = 0; c < k; c++) z[c] = w.bias[c]!;
  for (let i = 0; i < f.index.length; i++) {
    const base = f.index[i]! * k;
    const v = f.value[i]!;
    for (let c = 0; c < k; c++) z[c]! += v * w.weights[base + c]!;
  }
  let max = -Infinity;
  for (const x of z) max = Math.max(max, x);
  let sum = 0;
  for (let c = 0; c < k; c++) {
    z[c] = Math.exp(z[c]! - max);
    sum += z[c]!;
  }
  for (let c = 0; c < k; c++) z[c]! /= sum;
  return z;
}

export function predict(w: ToneWeights, f: Features): { tone: Tone; confidence: number } {
  const p = probabilities(w, f);
  let best = 0;
  for (let c = 1; c < k; c++) if (p[c]! > p[best]!) best = c;
  return { tone: toneClasses[best]!, confidence: Math.round(p[best]! * 100) / 100 };
}
