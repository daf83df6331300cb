import { audit } from '../access/audit.ts';
import { actorLabel, type Principal } from '../access/roles.ts';
import type { Config } from '../shared/config.ts';
import type { Db } from '../shared/db.ts';
import { maybeOne } from '../shared/db.ts';
import { correctionsForTraining } from './corrections.ts';
import { offlineProviderWith } from './provider.ts';
import { startVersion } from './taxonomy.ts';
import { activeToneModel, toneModelInUse } from './tone-model/active-model.ts';
import { heldOutScores, modelTone, type ToneScores, type TrainingProgress, trainTone } from './tone-model/training.ts';
import { decodeWeights, digestOf, encodeWeightsInBackground } from './tone-model/weights-file.ts';
import { shippedToneModel } from './tone-model/shipped.ts';

export interface Retraining {
  id: number;
  requestedBy: string;
  requestedAt: Date;
  status: 'queued' | 'training' | 'accepted' | 'rejected' | 'failed';
  phase: TrainingProgress['phase'] | null;
  done: number;
  total: number;
  finishedAt: Date | null;
  corrections: number | null;
  before: ToneScores | null;
  after: ToneScores | null;
  message: string | null;
}

/** Asks for a retraining; one waiting or running at a time (asking again while one is under way changes nothing). */
export async function requestRetrain(db: Db, actor: Principal): Promise<number> {
  return db.transaction(async (tx) => {
    await tx.query("select pg_advisory_xact_lock(hashtext('kaiku.tone_model'))");
    const running = await maybeOne<{ id: number }>(tx, "select id from tone_model where status in ('queued', 'training') order by id limit 1");
    if (running) return running.id;
    const row = await maybeOne<{ id: number }>(tx, 'insert into tone_model (requested_by) values ($1) returning id', [actorLabel(actor)]);
    await audit(tx, actor, { action: 'tone_model_retrain_requested', targetType: 'tone_model', targetId: String(row!.id) });
    return row!.id;
  });
}

/** The latest retrainings, newest first, with their progress and before/after scores. */
export async function recentRetrainings(db: Db, limit = 5): Promise<Retraining[]> {
  const rows = await db.query<{
    id: number;
    requested_by: string;
    requested_at: Date;
    status: Retraining['status'];
    phase: Retraining['phase'];
    done: number;
    total: number;
    finished_at: Date | null;
    corrections: number | null;
    before_scores: ToneScores | null;
    after_scores: ToneScores | null;
    message: string | null;
  }>(
    `select id, requested_by, requested_at, status, phase, done, total, finished_at, corrections, before_scores, after_scores, message
     from tone_model order by id desc limit $1`,
    [limit],
  );
  return rows.map((r) => ({
    id: r.id,
    requestedBy: r.requested_by,
    requestedAt: r.requested_at,
    status: r.status,
    phase: r.phase,
    done: r.done,
    total: r.total,
    finishedAt: r.finished_at,
    corrections: r.corrections,
    before: r.before_scores,
    after: r.after_scores,
    message: r.message,
  }));
}

/** A training that has run this long was on an instance that stopped. */
const staleMinutes = 30;

/**
 * The job: takes the oldest waiting retraining, trains from the shipped data and the county's
 * corrections (yielding as it goes, its progress on the row), measures the model in use and the new
 * one on the held-out texts, and keeps the new one only if it scores at least as well. An accepted
 * model starts a new analysis version, so the history is analysed again with it.
 */
export async function retrainPending(db: Db, config: Pick<Config, 'analysis'>, onProgress?: (p: TrainingProgress) => void): Promise<Retraining | undefined> {
  await db.query(
    `update tone_model set status = 'failed', finished_at = now(), message = 'stopped' where status = 'training' and started_at < now() - make_interval(mins => $1)`,
    [staleMinutes],
  );
  const job = await maybeOne<{ id: number; requested_by: string }>(
    db,
    `update tone_model set status = 'training', started_at = now()
     where id = (select id from tone_model where status = 'queued' order by id limit 1 for update skip locked)
     returning id, requested_by`,
  );
  if (!job) return undefined;
  try {
    const corrections = await correctionsForTraining(db);
    let shown = 0;
    const progress = async (p: TrainingProgress) => {
      onProgress?.(p);
      // at most twice a second on the row: other instances and the page read it
      if (Date.now() - shown < 500 && p.done !== p.total) return;
      shown = Date.now();
      await db.query('update tone_model set phase = $2, done = $3, total = $4 where id = $1', [job.id, p.phase, p.done, p.total]);
    };
    const weights = await trainTone(corrections, progress);
    await progress({ phase: 'measuring', done: 0, total: 2 });
    const current = await activeToneModel(db);
    const before = await heldOutScores(modelTone(current.weights));
    await progress({ phase: 'measuring', done: 1, total: 2 });
    // measured as stored: the weights as the file keeps them
    const file = await encodeWeightsInBackground(weights);
    const digest = digestOf(file);
    const stored = decodeWeights(file);
    const after = await heldOutScores(modelTone(stored));
    await progress({ phase: 'measuring', done: 2, total: 2 });
    const accepted = after.macroF1 >= before.macroF1;
    await db.transaction(async (tx) => {
      await tx.query(
        `update tone_model set status = $2, finished_at = now(), corrections = $3, before_scores = $4, after_scores = $5, weights = $6, digest = $7 where id = $1`,
        [
          job.id,
          accepted ? 'accepted' : 'rejected',
          corrections.length,
          JSON.stringify(before),
          JSON.stringify(after),
          accepted ? file : null,
          accepted ? digest : null,
        ],
      );
      if (accepted && !config.analysis.openai) {
        await tx.query("select pg_advisory_xact_lock(hashtext('kaiku.analysis_version'))");
        await startVersion(tx, job.requested_by, 'tone-model', offlineProviderWith({ id: job.id, digest, weights: stored }).name);
      }
      await audit(
        tx,
        { label: 'system' },
        {
          action: 'tone_model_trained',
          targetType: 'tone_model',
          targetId: String(job.id),
          details: { accepted, corrections: corrections.length, before: before.macroF1, after: after.macroF1 },
        },
      );
    });
  } catch (err) {
    await db.query("update tone_model set status = 'failed', finished_at = now(), message = $2 where id = $1", [job.id, String(err).slice(0, 500)]);
    throw err;
  }
  return (await recentRetrainings(db, 1))[0];
}

/** What the analysis page shows of the tone model: the one in use, the corrections, the latest retrainings. */
export async function toneModelState(db: Db) {
  const { model, setAside } = await toneModelInUse(db);
  const [{ n }] = (await db.query<{ n: number }>('select count(*)::int as n from analysis_correction')) as [{ n: number }];
  // a retraining with nothing new gives the shipped model back, byte for byte: say so
  const sameAsShipped = model.id !== null && model.digest === shippedToneModel().digest;
  return { model: { id: model.id, digest: model.digest, sameAsShipped, setAside }, corrections: n, retrainings: await recentRetrainings(db) };
}
