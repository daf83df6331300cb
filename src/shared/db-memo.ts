import type { Db } from './db.ts';

/**
 * Results kept per database for a while: everyone who asks meanwhile gets the same promise, and
 * a failure is forgotten at once. For figures that are the same for every viewer.
 */
export function memoPerDatabase<T>(opts: { ttlMs: number; maxEntries: number }) {
  const caches = new WeakMap<object, Map<string, { at: number; value: Promise<T> }>>();
  const memo = (db: Db, key: string, compute: () => Promise<T>): Promise<T> => {
    let cache = caches.get(db.identity);
    if (!cache) caches.set(db.identity, (cache = new Map()));
    const hit = cache.get(key);
    if (hit && Date.now() - hit.at < opts.ttlMs) return hit.value;
    if (cache.size >= opts.maxEntries) cache.clear();
    const value = compute();
    value.catch(() => cache.delete(key));
    cache.set(key, { at: Date.now(), value });
    return value;
  };
  /** Forgets what was kept for a database, after a change made through this instance. */
  memo.forget = (db: Db) => caches.get(db.identity)?.clear();
  return memo;
}
