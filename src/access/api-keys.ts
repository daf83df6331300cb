import { clock } from '../shared/clock.ts';
import crypto from 'node:crypto';
import { type Db, maybeOne } from '../shared/db.ts';
import { AppError } from '../shared/errors.ts';
import { audit } from './audit.ts';
import { canManageApiKeys } from './permissions.ts';
import type { Principal } from './roles.ts';
import { sha256 } from '../shared/sha256.ts';

/** What an integration key may do; later capabilities add theirs (visits:write, answers:read …). */
export const apiScopes = ['org:read', 'org:write', 'users:write', 'audit:read', 'responses:write', 'results:read', 'surveys:write', 'feedback:write', 'visits:write', 'sms:read'] as const;


export interface ApiKeyInfo {
  id: number;
  name: string;
  prefix: string;
  scopes: string[];
  created_at: Date;
  last_used_at: Date | null;
  revoked_at: Date | null;
}

/** Returns the key once; only its hash is stored. */
export async function createApiKey(db: Db, actor: Principal, input: { name: string; scopes: string[] }): Promise<{ key: string; info: ApiKeyInfo }> {
  if (!canManageApiKeys(actor)) throw new AppError('forbidden', 'Not allowed to create API keys');
  const name = input.name.trim();
  if (!name || name.length > 100) throw new AppError('invalid', 'api_key_name');
  const unknown = input.scopes.filter((s) => !(apiScopes as readonly string[]).includes(s));
  if (unknown.length || input.scopes.length === 0) throw new AppError('invalid', 'api_key_scopes', { unknown });
  const prefix = crypto.randomBytes(6).toString('hex');
  const secret = crypto.randomBytes(24).toString('base64url');
  const [info] = await db.query<ApiKeyInfo>(
    `insert into api_key (name, prefix, key_hash, scopes, created_by, created_at) values ($1, $2, $3, $4, $5, $6)
     returning id, name, prefix, scopes, created_at, last_used_at, revoked_at`,
    [name, prefix, sha256(secret), input.scopes, actor.kind === 'user' ? actor.userId : null, clock.now()],
  );
  await audit(db, actor, { action: 'api_key_created', targetType: 'api_key', targetId: prefix, details: { name, scopes: input.scopes } });
  return { key: `kaiku_${prefix}_${secret}`, info: info! };
}

export async function revokeApiKey(db: Db, actor: Principal, prefix: string): Promise<void> {
  if (!canManageApiKeys(actor)) throw new AppError('forbidden', 'Not allowed to revoke API keys');
  const rows = await db.query('update api_key set revoked_at = $2 where prefix = $1 and revoked_at is null returning id', [prefix, clock.now()]);
  if (rows.length === 0) throw new AppError('not_found', 'No such active key');
  await audit(db, actor, { action: 'api_key_revoked', targetType: 'api_key', targetId: prefix });
}

export async function listApiKeys(db: Db): Promise<ApiKeyInfo[]> {
  return db.query<ApiKeyInfo>('select id, name, prefix, scopes, created_at, last_used_at, revoked_at from api_key order by id desc');
}

function equalSecrets(a: string, b: string): boolean {
  const ha = crypto.createHash('sha256').update(a).digest();
  const hb = crypto.createHash('sha256').update(b).digest();
  return crypto.timingSafeEqual(ha, hb);
}

/** The principal behind a bearer token, or undefined when the token is not a valid key. */
export async function authenticateApiKey(db: Db, token: string, adminKey: string | undefined): Promise<Principal | undefined> {
  if (adminKey && equalSecrets(token, adminKey)) return { kind: 'api_key', keyId: null, name: 'KAIKU_ADMIN_API_KEY', scopes: ['*'] };
  const m = /^kaiku_([0-9a-f]{12})_([A-Za-z0-9_-]{32})$/.exec(token);
  if (!m) return undefined;
  const row = await maybeOne<{ id: number; name: string; key_hash: string; scopes: string[] }>(
    db,
    'select id, name, key_hash, scopes from api_key where prefix = $1 and revoked_at is null',
    [m[1]],
  );
  if (!row || !equalSecrets(sha256(m[2]!), row.key_hash)) return undefined;
  await db.query('update api_key set last_used_at = $2 where id = $1', [row.id, clock.now()]);
  return { kind: 'api_key', keyId: row.id, name: row.name, scopes: row.scopes };
}
