import type { Db } from '../../shared/db.ts';
import { maybeOne } from '../../shared/db.ts';
import { shippedToneModel, type ToneModel } from './shipped.ts';
import { decodeWeights, EarlierToneModelError } from './weights-file.ts';

/** The model in use, and a county's own model that an upgrade of Kaiku set aside (retrain to use it again). */
const loaded = new WeakMap<Db, { id: number; model: ToneModel }>();

/**
 * The tone model the county uses: its latest accepted retraining, else the shipped one. Asked for on
 * every job step (one indexed row), so another instance's retraining is picked up within seconds;
 * the weights are read only when the model changed. A retraining made by an earlier Kaiku, whose
 * features this one no longer makes, gives way to the shipped model until the county retrains.
 */
export async function activeToneModel(db: Db): Promise<ToneModel> {
  return (await toneModelInUse(db)).model;
}

/** The model in use, and the county's own model it stands in for when that one is of an earlier Kaiku. */
export async function toneModelInUse(db: Db): Promise<{ model: ToneModel; setAside: number | null }> {
  const latest = await maybeOne<{ id: number; digest: string }>(db, "select id, digest from tone_model where status = 'accepted' order by id desc limit 1");
  if (!latest) return { model: shippedToneModel(), setAside: null };
  const cached = loaded.get(db);
  if (cached?.id === latest.id) return { model: cached.model, setAside: cached.model.id === null ? latest.id : null };
  const row = await maybeOne<{ weights: Uint8Array }>(db, 'select weights from tone_model where id = $1', [latest.id]);
  let model: ToneModel;
  try {
    model = { id: latest.id, digest: latest.digest, weights: decodeWeights(Buffer.from(row!.weights)) };
  } catch (err) {
    if (!(err instanceof EarlierToneModelError)) throw err;
    model = shippedToneModel();
  }
  loaded.set(db, { id: latest.id, model });
  return { model, setAside: model.id === null ? latest.id : null };
}
