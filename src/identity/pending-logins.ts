import { clock } from '../shared/clock.ts';
import type { Db } from '../shared/db.ts';
import { sha256 } from '../shared/sha256.ts';

const lifetimeMinutes = 10;

/** Remembers a sign-in under way, keyed by the hash of the cookie that binds it to one browser. */
export async function savePendingLogin(db: Db, cookie: string, p: { state: string; nonce: string; codeVerifier: string; next: string }): Promise<void> {
  const now = clock.now();
  await db.query(`delete from oidc_pending_login where created_at < $1::timestamptz - make_interval(mins => $2)`, [now, lifetimeMinutes]);
  await db.query('insert into oidc_pending_login (cookie_hash, state, nonce, code_verifier, next, created_at) values ($1, $2, $3, $4, $5, $6)', [
    sha256(cookie),
    p.state,
    p.nonce,
    p.codeVerifier,
    p.next,
    now,
  ]);
}

/** Takes a sign-in under way: used once, so a replayed callback finds nothing. */
export async function takePendingLogin(db: Db, cookie: string): Promise<{ state: string; nonce: string; codeVerifier: string; next: string } | undefined> {
  const rows = await db.query<{ state: string; nonce: string; code_verifier: string; next: string }>(
    `delete from oidc_pending_login where cookie_hash = $1 and created_at > $2::timestamptz - make_interval(mins => $3)
     returning state, nonce, code_verifier, next`,
    [sha256(cookie), clock.now(), lifetimeMinutes],
  );
  const r = rows[0];
  return r && { state: r.state, nonce: r.nonce, codeVerifier: r.code_verifier, next: r.next };
}
