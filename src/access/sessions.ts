import { clock } from '../shared/clock.ts';
import crypto from 'node:crypto';
import { type Db, maybeOne } from '../shared/db.ts';
import { AppError } from '../shared/errors.ts';
import { audit } from './audit.ts';
import { verifyPassword } from './password.ts';
import type { Principal, RoleGrant } from './roles.ts';
import { sha256 } from '../shared/sha256.ts';
import { keyedHash } from '../shared/keyed-hash.ts';

export const signInLimit = { failures: 5, minutes: 15 };

export interface SignedIn {
  token: string;
  csrfToken: string;
  principal: Extract<Principal, { kind: 'user' }>;
}

/**
 * Checks a user name and password. After too many failures for one account from one address in a
 * short time, that address may not sign in to that account for a while (counted in the database,
 * so every instance agrees). Failures from elsewhere do not count: an outsider who knows a user
 * name cannot lock its owner out.
 */
export async function signIn(
  db: Db,
  input: { username: string; password: string; sessionHours: number; address?: string; localLogin?: LocalLogin },
): Promise<SignedIn> {
  const username = input.username.trim().toLowerCase();
  const now = clock.now();
  const addressHash = await keyedHash(db, `sign-in:${input.address ?? 'unknown'}`);
  const recent = await maybeOne<{ n: number }>(
    db,
    `select count(*)::int as n from sign_in_failure
     where username = $1 and address_hash = $2 and at > $4::timestamptz - make_interval(mins => $3)`,
    [username.slice(0, 64), addressHash, signInLimit.minutes, now],
  );
  if ((recent?.n ?? 0) >= signInLimit.failures) {
    throw new AppError('rate_limited', 'too_many_attempts', { minutes: signInLimit.minutes });
  }
  const user = await maybeOne<{ id: number; password_hash: string | null; active: boolean }>(
    db,
    'select id, password_hash, active from staff_user where username = $1',
    [username],
  );
  const ok = await verifyPassword(input.password, user?.password_hash ?? null);
  if (!user || !ok || !user.active) {
    await db.query("delete from sign_in_failure where at < $1::timestamptz - interval '1 day'", [now]);
    await db.query('insert into sign_in_failure (username, address_hash, at) values ($1, $2, $3)', [username.slice(0, 64), addressHash, now]);
    await audit(db, { label: username.slice(0, 64) || '(empty)' }, { action: 'sign_in_failed', targetType: 'user', targetId: username.slice(0, 64) });
    throw new AppError('unauthorized', 'wrong_credentials');
  }
  await db.query('delete from sign_in_failure where username = $1 and address_hash = $2', [username, addressHash]);
  if (!(await passwordAllowed(db, user.id, input.localLogin ?? 'on'))) {
    await audit(db, { label: username }, { action: 'sign_in_failed', targetType: 'user', targetId: username, details: { reason: 'local_login_off' } });
    throw new AppError('forbidden', 'local_login_off');
  }
  const { token, csrfToken, principal } = await startSession(db, user.id, input.sessionHours);
  await audit(db, principal, { action: 'sign_in', targetType: 'user', targetId: username });
  return { token, csrfToken, principal };
}

/** Who may sign in with a password (KAIKU_LOCAL_LOGIN) once staff sign in with the county's provider. */
export type LocalLogin = 'on' | 'admins' | 'off';

/**
 * `admins`: only administrators (a grant made in Kaiku, not by the provider); `off`: only the
 * break-glass administrator, an administrator of the county root whose account is Kaiku's own.
 */
async function passwordAllowed(db: Db, userId: number, policy: LocalLogin): Promise<boolean> {
  if (policy === 'on') return true;
  const row = await maybeOne(
    db,
    `select 1 from role_assignment r join org_node n on n.id = r.node_id join staff_user u on u.id = r.user_id
      where r.user_id = $1 and r.role = 'admin' and r.source = 'manual' and u.oidc_issuer is null and ($2 or n.parent_id is null)`,
    [userId, policy === 'admins'],
  );
  return !!row;
}

/** A new session for an account that has proved who it is (a password here, the provider in identity/). */
export async function startSession(db: Db, userId: number, sessionHours: number, oidcSid: string | null = null): Promise<SignedIn> {
  const now = clock.now();
  const token = crypto.randomBytes(32).toString('base64url');
  const csrfToken = crypto.randomBytes(24).toString('base64url');
  await db.query('delete from staff_session where expires_at < $1', [now]);
  await db.query(
    `insert into staff_session (id_hash, user_id, csrf_token, created_at, expires_at, oidc_sid)
     values ($1, $2, $3, $5, $5::timestamptz + make_interval(hours => $4), $6)`,
    [sha256(token), userId, csrfToken, sessionHours, now, oidcSid],
  );
  await db.query('update staff_user set last_sign_in_at = $2 where id = $1', [userId, now]);
  return { token, csrfToken, principal: await principalForUser(db, userId) };
}

export async function principalForUser(db: Db, userId: number): Promise<Extract<Principal, { kind: 'user' }>> {
  const row = await maybeOne<{ id: number; username: string; display_name: string; locale: 'fi' | 'sv' | 'en'; grants: RoleGrant[] }>(
    db,
    `select u.id, u.username, u.display_name, u.locale,
       coalesce((select json_agg(json_build_object('role', r.role, 'nodeId', r.node_id, 'nodeCode', n.code, 'root', n.parent_id is null))
                 from role_assignment r join org_node n on n.id = r.node_id where r.user_id = u.id), '[]'::json) as grants
     from staff_user u where u.id = $1 and u.active`,
    [userId],
  );
  if (!row) throw new AppError('unauthorized', 'account_inactive');
  return { kind: 'user', userId: row.id, username: row.username, displayName: row.display_name, locale: row.locale, grants: row.grants };
}

export async function loadSession(db: Db, token: string): Promise<{ principal: Extract<Principal, { kind: 'user' }>; csrfToken: string } | undefined> {
  const s = await maybeOne<{ user_id: number; csrf_token: string }>(
    db,
    `select s.user_id, s.csrf_token from staff_session s join staff_user u on u.id = s.user_id
     where s.id_hash = $1 and s.expires_at > $2 and u.active`,
    [sha256(token), clock.now()],
  );
  if (!s) return undefined;
  return { principal: await principalForUser(db, s.user_id), csrfToken: s.csrf_token };
}

/** Ends a session; says whether it was begun at the county's provider (then the provider's session should end too). */
export async function signOut(db: Db, token: string): Promise<{ atProvider: boolean }> {
  const rows = await db.query<{ user_id: number; at_provider: boolean }>(
    `delete from staff_session s using staff_user u where s.id_hash = $1 and u.id = s.user_id
     returning s.user_id, u.oidc_subject is not null as at_provider`,
    [sha256(token)],
  );
  if (rows[0]) {
    const p = await principalForUser(db, rows[0].user_id).catch(() => undefined);
    if (p) await audit(db, p, { action: 'sign_out', targetType: 'user', targetId: p.username });
  }
  return { atProvider: rows[0]?.at_provider ?? false };
}
