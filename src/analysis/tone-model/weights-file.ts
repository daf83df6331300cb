import crypto from 'node:crypto';
import zlib from 'node:zlib';
import { featureBits } from './features.ts';
import { emptyWeights, type ToneWeights, toneClasses } from './model.ts';

/**
 * The file's kind and the feature layout its weights were trained on: KTW1 scaled all features to
 * one length, KTW2 each kind of feature to its own. Weights of another layout mean nothing here.
 */
const magic = 'KTW2';

/** A county's model retrained by an earlier Kaiku, on features this one no longer makes. */
export class EarlierToneModelError extends Error {
  constructor() {
    super('a tone model trained on the features of an earlier Kaiku');
  }
}

/**
 * The weights as a small file: a header, the biases as floats, and each weight as one signed
 * byte scaled per tone (the held-out scores are the same to the third decimal as with floats),
 * gzipped. 2^18 × 4 weights take about a megabyte before compression.
 */
function quantised(w: ToneWeights): Buffer {
  const k = toneClasses.length;
  const scales = new Float32Array(k);
  for (let i = 0; i < w.weights.length; i++) scales[i % k] = Math.max(scales[i % k]!, Math.abs(w.weights[i]!));
  for (let c = 0; c < k; c++) scales[c] = scales[c]! / 127 || 1;
  const q = new Int8Array(w.weights.length);
  for (let i = 0; i < w.weights.length; i++) q[i] = Math.round(w.weights[i]! / scales[i % k]!);
  const head = Buffer.alloc(8);
  head.write(magic, 0, 'latin1');
  head.writeUInt32LE(featureBits, 4);
  return Buffer.concat([head, Buffer.from(w.bias.buffer.slice(0)), Buffer.from(scales.buffer), Buffer.from(q.buffer)]);
}

export function encodeWeights(w: ToneWeights): Buffer {
  return zlib.gzipSync(quantised(w), { level: 9 });
}

/** The same bytes, compressed off the event loop (half a second of gzip in a server that answers meanwhile). */
export async function encodeWeightsInBackground(w: ToneWeights): Promise<Buffer> {
  const raw = quantised(w);
  return new Promise((resolve, reject) => zlib.gzip(raw, { level: 9 }, (err, out) => (err ? reject(err) : resolve(out))));
}

export function decodeWeights(file: Buffer): ToneWeights {
  const raw = zlib.gunzipSync(file);
  const k = toneClasses.length;
  const kind = raw.toString('latin1', 0, 4);
  if (/^KTW\d$/.test(kind) && kind < magic) throw new EarlierToneModelError();
  if (kind !== magic || raw.readUInt32LE(4) !== featureBits) throw new Error('not a Kaiku tone model of this version');
  const w = emptyWeights();
  let at = 8;
  for (let c = 0; c < k; c++, at += 4) w.bias[c] = raw.readFloatLE(at);
  const scales = new Float32Array(k);
  for (let c = 0; c < k; c++, at += 4) scales[c] = raw.readFloatLE(at);
  if (raw.length - at !== w.weights.length) throw new Error('a tone model file of the wrong size');
  const q = new Int8Array(raw.buffer, raw.byteOffset + at, w.weights.length);
  for (let i = 0; i < w.weights.length; i++) w.weights[i] = q[i]! * scales[i % k]!;
  return w;
}

/** What names a model in an analysis version: a change of weights is a change of model. */
export function digestOf(file: Buffer): string {
  return crypto.createHash('sha256').update(file).digest('hex').slice(0, 12);
}
