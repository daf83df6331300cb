import SCIMMY from 'scimmy';
import { audit } from '../access/audit.ts';
import type { Db } from '../shared/db.ts';
import { maybeOne, one } from '../shared/db.ts';

/** What the SCIM handlers need: the database and the issuer whose accounts SCIM manages. */
export interface ScimContext {
  db: Db;
  issuer: string;
}

interface AccountRow {
  id: number;
  username: string;
  display_name: string;
  email: string | null;
  active: boolean;
  scim_external_id: string | null;
  created_at: Date;
}

export interface ScimUser {
  id: string;
  userName: string;
  externalId?: string;
  displayName: string;
  name: { formatted: string };
  emails: { value: string; type: string; primary: boolean }[];
  active: boolean;
  meta: { created: Date };
}

/** SCIM sees the provider's accounts only: a local break-glass administrator is out of its reach. */
const columns = 'id, username, display_name, email, active, scim_external_id, created_at';
const visible = 'oidc_issuer = $1 and scim_deleted_at is null';

export const scimError = (status: number, scimType: string | null, message: string) => new SCIMMY.Types.Error(status, scimType as never, message);

export function toScimUser(u: AccountRow): ScimUser {
  return {
    id: String(u.id),
    userName: u.username,
    ...(u.scim_external_id ? { externalId: u.scim_external_id } : {}),
    displayName: u.display_name,
    name: { formatted: u.display_name },
    emails: u.email ? [{ value: u.email, type: 'work', primary: true }] : [],
    active: u.active,
    meta: { created: u.created_at },
  };
}

/** An id from a SCIM path: our integer ids only, anything else is simply not found. */
export function scimId(id: string | undefined): number | undefined {
  return id && /^[1-9][0-9]{0,9}$/.test(id) && Number(id) <= 2147483647 ? Number(id) : undefined;
}

/** A filter that is one `attribute eq "value"` on one of these attributes, which a query can answer. */
export function equality<A extends string>(filter: SCIMMY.Types.Filter | undefined, attributes: A[]): { attribute: A; value: string } | undefined {
  const only = filter?.length === 1 ? Object.entries(filter[0] as Record<string, unknown>) : [];
  const [attribute, expression] = only.length === 1 ? only[0]! : [];
  const [comparator, value] = Array.isArray(expression) ? expression : [];
  return comparator === 'eq' && typeof value === 'string' && (attributes as string[]).includes(attribute as string)
    ? { attribute: attribute as A, value }
    : undefined;
}

/**
 * The accounts a filter asks for. Entra asks `userName eq "…"` and `externalId eq "…"`, which go
 * to the database as such; any other filter is applied by SCIMMY to the county's provider accounts.
 */
export async function findScimUsers(ctx: ScimContext, filter: SCIMMY.Types.Filter | undefined): Promise<ScimUser[]> {
  const wanted = equality(filter, ['userName', 'externalId']);
  if (wanted) {
    const where = wanted.attribute === 'userName' ? 'username = lower($2)' : 'scim_external_id = $2';
    const value = wanted.value;
    const rows = await ctx.db.query<AccountRow>(`select ${columns} from staff_user where ${visible} and ${where}`, [ctx.issuer, value]);
    return rows.map(toScimUser);
  }
  const all = (await ctx.db.query<AccountRow>(`select ${columns} from staff_user where ${visible} order by id`, [ctx.issuer])).map(toScimUser);
  return filter ? (filter.match(all) as ScimUser[]) : all;
}

export async function getScimUser(ctx: ScimContext, id: string | undefined): Promise<ScimUser> {
  const key = scimId(id);
  const row = key ? await maybeOne<AccountRow>(ctx.db, `select ${columns} from staff_user where ${visible} and id = $2`, [ctx.issuer, key]) : undefined;
  if (!row) throw scimError(404, null, `Resource ${id} not found`);
  return toScimUser(row);
}

interface IncomingUser {
  userName?: string;
  externalId?: string;
  displayName?: string;
  name?: { formatted?: string; givenName?: string; familyName?: string };
  emails?: { value?: string; primary?: boolean; type?: string }[];
  active?: boolean;
}

/** The account's fields from what the provider sent, or a SCIM error saying which is wrong. */
function accountFields(input: IncomingUser) {
  const username = String(input.userName ?? '').toLowerCase();
  if (username.length < 2 || username.length > 64) throw scimError(400, 'invalidValue', 'userName must be 2 to 64 characters');
  const given = [input.name?.givenName, input.name?.familyName].filter(Boolean).join(' ');
  const displayName = (input.displayName || input.name?.formatted || given || input.userName || '').slice(0, 200);
  const email = (input.emails?.find((e) => e.primary) ?? input.emails?.find((e) => e.type === 'work') ?? input.emails?.[0])?.value ?? null;
  const externalId = input.externalId?.slice(0, 200) || null;
  return { username, displayName, email: email?.slice(0, 254) ?? null, externalId, active: input.active !== false };
}

async function usernameTaken(db: Db, username: string, exceptId: number | null): Promise<boolean> {
  return !!(await maybeOne(db, 'select 1 from staff_user where username = $1 and id is distinct from $2', [username, exceptId]));
}

/**
 * Creates an account the provider sends (POST), or takes over the one a person already made by
 * signing in, found by the provider's id for them (Entra's objectId is both the token's `oid` and
 * SCIM's externalId).
 */
export async function createScimUser(ctx: ScimContext, input: IncomingUser): Promise<ScimUser> {
  const f = accountFields(input);
  return ctx.db.transaction(async (db) => {
    const known = f.externalId
      ? await maybeOne<{ id: number }>(db, `select id from staff_user where ${visible} and scim_external_id = $2`, [ctx.issuer, f.externalId])
      : undefined;
    if (known) return updateScimUser({ ...ctx, db }, String(known.id), input);
    if (await usernameTaken(db, f.username, null)) throw scimError(409, 'uniqueness', `userName ${f.username} is already in use`);
    const row = await one<AccountRow>(
      db,
      `insert into staff_user (username, display_name, email, password_hash, active, oidc_issuer, scim_external_id)
       values ($1, $2, $3, null, $4, $5, $6) returning ${columns}`,
      [f.username, f.displayName, f.email, f.active, ctx.issuer, f.externalId],
    );
    await audit(
      db,
      { label: 'scim' },
      { action: 'user_created', targetType: 'user', targetId: row.username, details: { provisioned: true, active: f.active } },
    );
    return toScimUser(row);
  });
}

/** Replaces an account's fields (PUT, and PATCH after SCIMMY has applied the operations). */
export async function updateScimUser(ctx: ScimContext, id: string, input: IncomingUser): Promise<ScimUser> {
  const f = accountFields(input);
  const before = await getScimUser(ctx, id);
  const key = Number(before.id);
  if (f.externalId && f.externalId !== before.externalId) {
    const other = await maybeOne(ctx.db, 'select 1 from staff_user where scim_external_id = $1 and id <> $2', [f.externalId, key]);
    if (other) throw scimError(409, 'uniqueness', 'externalId is already in use');
  }
  if (await usernameTaken(ctx.db, f.username, key)) throw scimError(409, 'uniqueness', `userName ${f.username} is already in use`);
  const row = await one<AccountRow>(
    ctx.db,
    `update staff_user set username = $2, display_name = $3, email = $4, active = $5, scim_external_id = $6 where id = $1 returning ${columns}`,
    [key, f.username, f.displayName, f.email, f.active, f.externalId],
  );
  if (before.active && !f.active) await deactivate(ctx.db, key, row.username, 'scim_user_deactivated');
  else
    await audit(
      ctx.db,
      { label: 'scim' },
      { action: 'user_updated', targetType: 'user', targetId: row.username, details: { provisioned: true, active: f.active } },
    );
  return toScimUser(row);
}

/**
 * The provider deleted the person: the account can never sign in again and leaves SCIM, but its row
 * stays for the handling notes and audit entries that name it.
 */
export async function deleteScimUser(ctx: ScimContext, id: string): Promise<void> {
  const user = await getScimUser(ctx, id);
  const key = Number(user.id);
  await ctx.db.transaction(async (db) => {
    await db.query('update staff_user set active = false, scim_deleted_at = now(), scim_external_id = null where id = $1', [key]);
    await db.query("delete from role_assignment where user_id = $1 and source <> 'manual'", [key]);
    await db.query('delete from scim_group_member where user_id = $1', [key]);
    await deactivate(db, key, user.userName, 'scim_user_deleted');
  });
}

/** A leaver loses access at once: every session of theirs ends now, not when it would expire. */
async function deactivate(db: Db, userId: number, username: string, action: 'scim_user_deactivated' | 'scim_user_deleted'): Promise<void> {
  const ended = await db.query('delete from staff_session where user_id = $1 returning user_id', [userId]);
  await audit(db, { label: 'scim' }, { action, targetType: 'user', targetId: username, details: { sessionsEnded: ended.length } });
}
