import fs from 'node:fs';
import path from 'node:path';
import type { ToneWeights } from './model.ts';
import { decodeWeights, digestOf } from './weights-file.ts';

export interface ToneModel {
  /** The county's retrained model's id, or null for the one shipped with Kaiku. */
  id: number | null;
  digest: string;
  weights: ToneWeights;
}

export const shippedWeightsFile = path.join(import.meta.dirname, 'tone-weights.bin.gz');

let shipped: ToneModel | undefined;

/** The model trained by `npm run kaiku -- train-tone` from the data in the repository. */
export function shippedToneModel(): ToneModel {
  if (!shipped) {
    const file = fs.readFileSync(shippedWeightsFile);
    shipped = { id: null, digest: digestOf(file), weights: decodeWeights(file) };
  }
  return shipped;
}
