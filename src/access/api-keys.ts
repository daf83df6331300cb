import { clock } from '../shared/clock.ts';
import crypto from 'node:crypto';
import { type Db, maybeOne } from '../shared/db.ts';
import { AppError } from '../shared/errors.ts';
import { audit } from './audit.ts';
import { administeredNodes, canMakeKeyFor, canManageApiKeys, adminGrants } from './permissions.ts';
import { ancestry } from '../organisation/tree-queries.ts';
import type { Principal } from './roles.ts';
import { sha256 } from '../shared/sha256.ts';
import { memoPerDatabase } from '../shared/db-memo.ts';

/** What an integration key may do; later capabilities add theirs (visits:write, answers:read …). */
export const apiScopes = [
  'org:read',
  'org:write',
  'users:write',
  'audit:read',
  'responses:write',
  'results:read',
  'surveys:write',
  'feedback:write',
  'visits:write',
  'sms:read',
] as const;

/** Scopes about the whole county: only a key made for the county itself may carry them. */
export const countyScopes: readonly string[] = ['org:write', 'audit:read', 'surveys:write', 'sms:read'];

export interface ApiKeyInfo {
  id: number;
  name: string;
  prefix: string;
  scopes: string[];
  /** The node it acts for; null: the whole county (made from the command line). */
  node_code: string | null;
  created_at: Date;
  last_used_at: Date | null;
  revoked_at: Date | null;
}

const keyColumns = `k.id, k.name, k.prefix, k.scopes, n.code as node_code, k.created_at, k.last_used_at, k.revoked_at`;

/**
 * Returns the key once; only its hash is stored. A person makes a key for a node they
 * administer, with at most their own powers there: county-wide scopes need the county itself.
 * The command line (system) may make county-wide keys.
 */
export async function createApiKey(
  db: Db,
  actor: Principal,
  input: { name: string; scopes: string[]; nodeCode?: string },
): Promise<{ key: string; info: ApiKeyInfo }> {
  if (!canManageApiKeys(actor) && actor.kind !== 'system') throw new AppError('forbidden', 'Not allowed to create API keys');
  const name = input.name.trim();
  if (!name || name.length > 100) throw new AppError('invalid', 'api_key_name');
  const unknown = input.scopes.filter((s) => !(apiScopes as readonly string[]).includes(s));
  if (unknown.length || input.scopes.length === 0) throw new AppError('invalid', 'api_key_scopes', { unknown });
  const nodeCode = input.nodeCode?.trim() || (actor.kind === 'user' ? highestAdminNode(actor) : undefined);
  let node: { id: number; root: boolean } | null = null;
  if (nodeCode) {
    const found = await maybeOne<{ id: number; root: boolean }>(db, 'select id, parent_id is null as root from org_node where code = $1', [nodeCode]);
    if (!found) throw new AppError('invalid', 'api_key_node');
    node = found;
  }
  if (actor.kind !== 'system') {
    if (
      !node ||
      !canMakeKeyFor(
        actor,
        (await ancestry(db, node.id)).map((n) => n.id),
      )
    )
      throw new AppError('forbidden', 'api_key_node_forbidden');
  }
  if (node && !node.root && input.scopes.some((s) => countyScopes.includes(s))) throw new AppError('invalid', 'api_key_county_scope');
  const prefix = crypto.randomBytes(6).toString('hex');
  const secret = crypto.randomBytes(24).toString('base64url');
  const [row] = await db.query<{ id: number }>(
    `insert into api_key (name, prefix, key_hash, scopes, created_by, created_at, node_id) values ($1, $2, $3, $4, $5, $6, $7) returning id`,
    [name, prefix, sha256(secret), input.scopes, actor.kind === 'user' ? actor.userId : null, clock.now(), node?.id ?? null],
  );
  const [info] = await db.query<ApiKeyInfo>(`select ${keyColumns} from api_key k left join org_node n on n.id = k.node_id where k.id = $1`, [row!.id]);
  await audit(db, actor, {
    action: 'api_key_created',
    targetType: 'api_key',
    targetId: prefix,
    details: { name, scopes: input.scopes, node: nodeCode ?? null },
  });
  return { key: `kaiku_${prefix}_${secret}`, info: info! };
}

/** The person's administrator node nearest the root: the default node of their keys. */
function highestAdminNode(actor: Extract<Principal, { kind: 'user' }>): string | undefined {
  return adminGrants(actor)[0]?.nodeCode;
}

/** Keys of the nodes the actor administers (county-wide ones only for the county's administrators). */
export async function listApiKeys(db: Db, actor: Principal): Promise<ApiKeyInfo[]> {
  const mine = administeredNodes(actor);
  return db.query<ApiKeyInfo>(
    `with recursive scope as (select id from org_node where $1::int[] is null or id = any($1::int[])
       union select c.id from org_node c join scope s on c.parent_id = s.id)
     select ${keyColumns} from api_key k left join org_node n on n.id = k.node_id
     where $1::int[] is null or k.node_id in (select id from scope)
     order by k.id desc`,
    [mine ?? null],
  );
}

export async function revokeApiKey(db: Db, actor: Principal, prefix: string): Promise<void> {
  if (!canManageApiKeys(actor) && actor.kind !== 'system') throw new AppError('forbidden', 'Not allowed to revoke API keys');
  const key = (await listApiKeys(db, actor)).find((k) => k.prefix === prefix && !k.revoked_at);
  if (!key) throw new AppError('not_found', 'No such active key');
  await db.query('update api_key set revoked_at = $2 where prefix = $1 and revoked_at is null', [prefix, clock.now()]);
  keyRows.forget(db);
  await audit(db, actor, { action: 'api_key_revoked', targetType: 'api_key', targetId: prefix });
}

function equalSecrets(a: string, b: string): boolean {
  const ha = crypto.createHash('sha256').update(a).digest();
  const hb = crypto.createHash('sha256').update(b).digest();
  return crypto.timingSafeEqual(ha, hb);
}

interface KeyRow {
  id: number;
  name: string;
  key_hash: string;
  scopes: string[];
  node_id: number | null;
  county_wide: boolean;
}

/**
 * Keys by prefix, kept for ten seconds: an integration sending answers one at a time is not looked
 * up on every request. Revoking forgets them here at once; another instance stops taking a revoked
 * key within the ten seconds.
 */
const keyRows = memoPerDatabase<KeyRow | undefined>({ ttlMs: 10_000, maxEntries: 10_000 });

/** When this process last wrote each key's last use, per database: a minute's precision says a key is in use. */
const useWritten = new WeakMap<object, Map<number, number>>();

/**
 * Records that a key was used, at most once a minute per key. Writing the same row on every
 * request made concurrent requests of one key queue behind its row lock; now a busy key's requests
 * skip the write, and several instances write it at most once a minute between them.
 */
async function noteKeyUse(db: Db, keyId: number): Promise<void> {
  const now = clock.now();
  const written = useWritten.get(db.identity) ?? new Map<number, number>();
  useWritten.set(db.identity, written);
  const last = written.get(keyId);
  if (last !== undefined && now.getTime() - last < 60_000 && now.getTime() >= last) return;
  written.set(keyId, now.getTime());
  await db.query("update api_key set last_used_at = $2 where id = $1 and (last_used_at is null or last_used_at <= $2::timestamptz - interval '1 minute')", [
    keyId,
    now,
  ]);
}

/** The principal behind a bearer token, or undefined when the token is not a valid key. */
export async function authenticateApiKey(db: Db, token: string, adminKey: string | undefined): Promise<Principal | undefined> {
  if (adminKey && equalSecrets(token, adminKey))
    return { kind: 'api_key', keyId: null, name: 'KAIKU_ADMIN_API_KEY', scopes: ['*'], nodeId: null, countyWide: true };
  const m = /^kaiku_([0-9a-f]{12})_([A-Za-z0-9_-]{32})$/.exec(token);
  if (!m) return undefined;
  const row = await keyRows(db, m[1]!, () =>
    maybeOne<KeyRow>(
      db,
      `select k.id, k.name, k.key_hash, k.scopes, k.node_id, coalesce(n.parent_id is null, true) as county_wide
       from api_key k left join org_node n on n.id = k.node_id where k.prefix = $1 and k.revoked_at is null`,
      [m[1]],
    ),
  );
  if (!row || !equalSecrets(sha256(m[2]!), row.key_hash)) return undefined;
  await noteKeyUse(db, row.id);
  return { kind: 'api_key', keyId: row.id, name: row.name, scopes: row.scopes, nodeId: row.node_id, countyWide: row.county_wide };
}
