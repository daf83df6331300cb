import { clock } from '../shared/clock.ts';
import type { Db } from '../shared/db.ts';

/** How long participants' details are kept once they are no longer needed, in days. */
export const participationRetention = {
  /** A join never confirmed: the address may not even be the joiner's own. */
  unconfirmedPool: 30,
  /** A declined application: time to answer the applicant's questions about the decision. */
  declinedApplication: 90,
  /** A council member after their term: time to renew the term. */
  endedTerm: 90,
} as const;

/**
 * Erases what participation no longer needs: unconfirmed pool joins, declined applications and
 * council members whose term has ended (with their applications). Project pages keep only that
 * someone took part; fee records are bookkeeping and stay.
 */
export async function eraseExpiredParticipants(db: Db, now = clock.now()): Promise<{ pool: number; applications: number; members: number }> {
  const r = participationRetention;
  return db.transaction(async (tx) => {
    const pool = await tx.query(
      `delete from pool_member where confirmed_at is null and consented_at < $1::timestamptz - make_interval(days => $2) returning id`,
      [now, r.unconfirmedPool],
    );
    const members = await tx.query<{ application_id: number | null }>(
      `delete from council_member where coalesce(left_at, term_end) < ($1::timestamptz at time zone 'Europe/Helsinki')::date - $2::int returning application_id`,
      [now, r.endedTerm],
    );
    const ids = members.map((m) => m.application_id).filter((id): id is number => id !== null);
    const applications = await tx.query(
      `delete from council_application where id = any($1::bigint[])
          or (status = 'declined' and decided_at < $2::timestamptz - make_interval(days => $3)) returning id`,
      [ids, now, r.declinedApplication],
    );
    return { pool: pool.length, applications: applications.length, members: members.length };
  });
}
