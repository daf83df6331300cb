import type { Db } from '../../shared/db.ts';
import { maybeOne } from '../../shared/db.ts';
import { shippedToneModel, type ToneModel } from './shipped.ts';
import { decodeWeights } from './weights-file.ts';

const loaded = new WeakMap<Db, ToneModel>();

/**
 * The tone model the county uses: its latest accepted retraining, else the shipped one. Asked for on
 * every job step (one indexed row), so another instance's retraining is picked up within seconds;
 * the weights are read only when the model changed.
 */
export async function activeToneModel(db: Db): Promise<ToneModel> {
  const latest = await maybeOne<{ id: number; digest: string }>(db, "select id, digest from tone_model where status = 'accepted' order by id desc limit 1");
  if (!latest) return shippedToneModel();
  const cached = loaded.get(db);
  if (cached?.id === latest.id) return cached;
  const row = await maybeOne<{ weights: Uint8Array }>(db, 'select weights from tone_model where id = $1', [latest.id]);
  const model = { id: latest.id, digest: latest.digest, weights: decodeWeights(Buffer.from(row!.weights)) };
  loaded.set(db, model);
  return model;
}
