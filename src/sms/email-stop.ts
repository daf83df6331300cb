import { timingSafeEqual } from 'node:crypto';
import type { Db } from '../shared/db.ts';
import { keyedHash } from '../shared/keyed-hash.ts';
import { refuseRequests } from './recipients.ts';

/** An e-mail invitation's "do not ask me again" link: the address's keyed hash and a MAC of it, never the address. */
export async function stopToken(db: Db, recipientHash: string): Promise<string> {
  return `${recipientHash}.${(await keyedHash(db, `stop:${recipientHash}`)).slice(0, 22)}`;
}

/** The recipient hash behind a stop link, if the link is Kaiku's own. */
export async function recipientOfStopToken(db: Db, token: string): Promise<string | undefined> {
  const m = /^([A-Za-z0-9_-]{43})\.([A-Za-z0-9_-]{22})$/.exec(token);
  if (!m) return undefined;
  const expected = Buffer.from((await keyedHash(db, `stop:${m[1]}`)).slice(0, 22));
  return timingSafeEqual(expected, Buffer.from(m[2]!)) ? m[1] : undefined;
}

/** Asks this address nothing more: the same refusal an SMS "LOPETA" leaves (sms_recipient). */
export async function stopByEmailLink(db: Db, token: string, now: Date): Promise<boolean> {
  const hash = await recipientOfStopToken(db, token);
  if (!hash) return false;
  await refuseRequests(db, hash, now);
  return true;
}
