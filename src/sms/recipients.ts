import type { Db } from '../shared/db.ts';

/** SQL: the start of the Helsinki day of a timestamp parameter — the day is enough for the rules, and says less. */
export const helsinkiDayStart = (param: string) => `(date_trunc('day', ${param}::timestamptz at time zone 'Europe/Helsinki') at time zone 'Europe/Helsinki')`;

/** A number or an address (by its keyed hash) asks for no more surveys: an SMS "LOPETA" or an e-mail's stop link. */
export async function refuseRequests(db: Db, recipientHash: string, at: Date): Promise<void> {
  await db.query(
    `insert into sms_recipient (phone_hash, opted_out_at) values ($1, ${helsinkiDayStart('$2')}) on conflict (phone_hash) do update set opted_out_at = excluded.opted_out_at`,
    [recipientHash, at],
  );
}
