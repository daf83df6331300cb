import crypto from 'node:crypto';
import type { Db } from '../shared/db.ts';
import { maybeOne } from '../shared/db.ts';

const keys = new WeakMap<object, Promise<Buffer>>();

/**
 * The installation's secret for hashing phone numbers (made by the migration), read once per
 * database. A plain hash of a Finnish mobile number could be reversed by trying all of them; a
 * keyed one cannot without it.
 */
function hashKey(db: Db): Promise<Buffer> {
  let key = keys.get(db.identity);
  if (!key) {
    key = (async () => {
      const row = await maybeOne<{ value: string }>(db, "select value from setting where key = 'sms_hash_key'");
      if (!row) throw new Error('sms_hash_key is missing: run the migrations');
      return Buffer.from(row.value, 'hex');
    })();
    keys.set(db.identity, key);
    key.catch(() => keys.delete(db.identity));
  }
  return key;
}

/** HMAC-SHA256 of the normalised number: what Kaiku keeps for the frequency rule and opt-outs. */
export async function phoneHash(db: Db, phone: string): Promise<string> {
  return crypto.createHmac('sha256', await hashKey(db)).update(phone).digest('base64url');
}
