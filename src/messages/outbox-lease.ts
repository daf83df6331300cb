import { clock } from '../shared/clock.ts';
import type { Db } from '../shared/db.ts';

/** The tables of messages waiting to go out: same columns for leasing and retries. */
export type OutboxTable = 'outbox_email' | 'outbox_sms';

export const maxAttempts = 10;

/**
 * Takes a batch of due messages for `leaseMinutes` in a short transaction ("for update skip
 * locked": several instances never take the same one). The caller sends them outside any
 * transaction and marks each; if it dies first, the lease runs out and they are due again.
 */
export async function leaseDue<T extends { id: number; attempts: number }>(
  db: Db,
  table: OutboxTable,
  columns: string,
  limit: number,
  leaseMinutes: number,
): Promise<T[]> {
  return db.transaction(async (tx) => {
    const rows = await tx.query<T>(
      `select id, attempts, ${columns} from ${table}
       where sent_at is null and kept_at is null and send_after <= now() and attempts < $1
       order by id limit $2 for update skip locked`,
      [maxAttempts, limit],
    );
    if (rows.length)
      await tx.query(`update ${table} set send_after = now() + make_interval(mins => $2) where id = any($1)`, [rows.map((r) => r.id), leaseMinutes]);
    return rows;
  });
}

/** Development: kept for the outbox page instead of sent. */
export async function markKept(db: Db, table: OutboxTable, ids: number[]): Promise<void> {
  if (ids.length) await db.query(`update ${table} set kept_at = $2 where id = any($1)`, [ids, clock.now()]);
}

/** A failed send waits 1, 2, 4 … minutes (at most an hour) before the next try, its error kept. */
export async function markFailed(db: Db, table: OutboxTable, m: { id: number; attempts: number }, err: unknown): Promise<void> {
  await db.query(`update ${table} set attempts = attempts + 1, last_error = $2, send_after = now() + make_interval(mins => $3) where id = $1`, [
    m.id,
    String((err as Error).message ?? err).slice(0, 500),
    Math.min(60, 2 ** m.attempts),
  ]);
}
