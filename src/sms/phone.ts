import type { Db } from '../shared/db.ts';
import { keyedHash } from '../shared/keyed-hash.ts';

/** HMAC-SHA256 of the normalised number: what Kaiku keeps for the frequency rule and opt-outs. */
export async function phoneHash(db: Db, phone: string): Promise<string> {
  return keyedHash(db, phone);
}

/** An e-mail address in the same keyed hash space as numbers, told apart by its prefix. */
export async function emailHash(db: Db, email: string): Promise<string> {
  return keyedHash(db, `mailto:${email.trim().toLowerCase()}`);
}
