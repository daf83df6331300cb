import type { Db } from '../shared/db.ts';

/** Ends the Kaiku sessions the provider's logout names: one session by its sid, or all of a subject's. */
export async function endLoggedOutSessions(db: Db, issuer: string, subject: string | null, sid: string | null): Promise<number> {
  const rows = sid
    ? await db.query('delete from staff_session where oidc_sid = $1 returning user_id', [sid])
    : await db.query(
        `delete from staff_session s using staff_user u
          where u.id = s.user_id and u.oidc_issuer = $1 and u.oidc_subject = $2 returning s.user_id`,
        [issuer, subject],
      );
  return rows.length;
}
