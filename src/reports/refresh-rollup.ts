import type { Db } from '../shared/db.ts';
import type { SurveyDefinition } from '../surveys/definition.ts';
import { addAnswersToSums, type DefinitionOf } from './rollup-add.ts';
import { markMonthResummed, nextMonthToResum, resumMonth } from './rollup-rebuild.ts';

import { allChannels, grains } from './rollup-sql.ts';

export { allChannels, type Grain, grains } from './rollup-sql.ts';

const REFRESH_LOCK = 7_412_003;

/** Answers added per transaction: on the embedded database few enough that a request waits at most ~0.1 s for one. */
const answersPerStep = (db: Db) => (db.kind === 'pglite' ? 500 : 2_000);

/** Answers summed in one refresh after which the queue is vacuumed at once. */
const vacuumFrom = 10_000;

/**
 * Queued answers of one month from which it is summed again whole rather than answer by answer
 * (and a quarter of it at least). Not on the embedded database: a month's re-sum is one
 * transaction there, which every request would wait for (0.3 s for a month of the demo county).
 */
const bulkFrom = (db: Db) => (db.kind === 'pglite' ? Number.MAX_SAFE_INTEGER : 500);

export interface RefreshOutcome {
  /** Queued answers now in the sums. */
  answers: number;
  /** Survey-months summed again from their answers (after an upgrade, or when much of a month arrived at once). */
  months: number;
}

/**
 * Brings the result sums up to date: first any survey whose sums are to be made again
 * (rollup_rebuild, a month per transaction), then the months that much of arrived at once, from
 * their answers, then the rest of the queue (rollup_pending), a few thousand answers per
 * transaction, each added to its day, month and background values. With nothing
 * queued it does nothing. One instance at a time: another that finds the lock taken stops.
 */
export async function refreshRollup(db: Db, opts: { onProgress?: (done: number, total: number) => void } = {}): Promise<RefreshOutcome> {
  // per schema: Kaikus in other schemas of the same database (tests, benchmarks) refresh their own sums
  const locked = async (tx: Db) =>
    (await tx.query<{ locked: boolean }>('select pg_try_advisory_xact_lock($1, hashtext(current_schema())) as locked', [REFRESH_LOCK]))[0]?.locked ?? false;
  const definitions = new Map<string, SurveyDefinition>();
  // read inside the caller's transaction: the embedded database has one connection
  const definitionOf: DefinitionOf = async (tx, survey, version) => {
    const key = `${survey}\u0000${version}`;
    if (!definitions.has(key)) {
      const [v] = await tx.query<{ definition: SurveyDefinition }>('select definition from survey_version where survey_id = $1 and version = $2', [
        survey,
        version,
      ]);
      definitions.set(key, v!.definition);
    }
    return definitions.get(key)!;
  };
  const outcome: RefreshOutcome = { answers: 0, months: 0 };
  for (;;) {
    const step = await db.transaction(async (tx) => {
      await tx.query('set transaction isolation level repeatable read');
      if (!(await locked(tx))) return 'busy';
      const next = await nextMonthToResum(tx);
      if (!next) return 'done';
      outcome.answers += await resumMonth(tx, next.survey, next.month, definitionOf);
      await markMonthResummed(tx, next.survey, next.month);
      return 'resummed';
    });
    if (step === 'busy') return outcome;
    if (step === 'done') break;
    outcome.months++;
    opts.onProgress?.(outcome.months, outcome.months + 1);
  }
  // A month whose queue holds a good part of it (a first load, an import of a unit's history) is
  // summed again in one pass over its answers; answer by answer it would cost an upsert of a day,
  // a month and each background value per answer.
  const bulk = await db.query<{ survey_id: string; month: string }>(
    `select q.survey_id, to_char(q.month, 'YYYY-MM-DD') as month from (
       select p.survey_id, ${grains.month.of('p.submitted_at')} as month, count(*) as queued from rollup_pending p group by 1, 2) q
     where q.queued >= greatest($1, (select coalesce(sum(m.answers), 0) from response_rollup m
                                     where m.survey_id = q.survey_id and m.month = q.month and m.channel = '${allChannels}') / 4)
     order by 1, 2`,
    [bulkFrom(db)],
  );
  for (const [i, { survey_id, month }] of bulk.entries()) {
    const step = await db.transaction(async (tx) => {
      await tx.query('set transaction isolation level repeatable read');
      if (!(await locked(tx))) return false;
      outcome.answers += await resumMonth(tx, survey_id, month, definitionOf);
      return true;
    });
    if (!step) return outcome;
    outcome.months++;
    opts.onProgress?.(i + 1, bulk.length);
  }
  const [{ queued }] = (await db.query<{ queued: number }>('select count(*)::int as queued from rollup_pending')) as [{ queued: number }];
  while (queued > 0) {
    const taken = await db.transaction(async (tx) => {
      if (!(await locked(tx))) return -1;
      const ids = (
        await tx.query<{ id: number }>(
          `delete from rollup_pending where response_id in (select response_id from rollup_pending order by response_id limit $1)
           returning response_id as id`,
          [answersPerStep(db)],
        )
      ).map((r) => r.id);
      if (ids.length) await addAnswersToSums(tx, ids, definitionOf);
      return ids.length;
    });
    if (taken <= 0) break;
    outcome.answers += taken;
    opts.onProgress?.(outcome.answers, Math.max(queued, outcome.answers));
  }
  // A queue that held many answers leaves as many dead rows, which every results query would read
  // past until (embedded) autovacuum came by (measured: 0.4 s a query after ten million).
  if (outcome.answers >= vacuumFrom) await db.query('vacuum rollup_pending');
  return outcome;
}
