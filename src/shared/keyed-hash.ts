import crypto from 'node:crypto';
import type { Db } from './db.ts';
import { maybeOne } from './db.ts';

const keys = new WeakMap<object, Promise<Buffer>>();

/**
 * The installation's secret (made by a migration, kept in `setting.sms_hash_key`), read once per
 * database. A plain hash of a phone number or an address could be reversed by trying them all;
 * a keyed one cannot without the key.
 */
function installationKey(db: Db): Promise<Buffer> {
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

/**
 * SHA-256 (hex) of the installation's key and the parts joined by "|": the same as the SQL
 * encode(sha256(convert_to(key || '|' || … , 'UTF8')), 'hex') that a migration may compute.
 */
export async function keyedDigest(db: Db, ...parts: string[]): Promise<string> {
  const key = (await installationKey(db)).toString('hex');
  return crypto
    .createHash('sha256')
    .update([key, ...parts].join('|'), 'utf8')
    .digest('hex');
}

/** HMAC-SHA256 with the installation's key, base64url. */
export async function keyedHash(db: Db, value: string): Promise<string> {
  return crypto
    .createHmac('sha256', await installationKey(db))
    .update(value)
    .digest('base64url');
}
