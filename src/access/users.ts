import { z } from 'zod';
import { type Db, maybeOne } from '../shared/db.ts';
import { AppError } from '../shared/errors.ts';
import { ancestry, getNodeByCode } from '../organisation/tree-queries.ts';
import { audit } from './audit.ts';
import { hashPassword, minPasswordLength } from './password.ts';
import { administeredNodes, canGrantRoleOn, canManageAccount, canManageUsers } from './permissions.ts';
import { verifyPassword } from './password.ts';
import { type Principal, type Role, roles } from './roles.ts';

export const usernameSchema = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^[a-z0-9._-]{2,64}$/, 'username_format');

export const newUserSchema = z.object({
  username: usernameSchema,
  displayName: z.string().trim().min(1).max(200),
  email: z
    .string()
    .trim()
    .email()
    .max(320)
    .optional()
    .or(z.literal('').transform(() => undefined)),
  password: z.string().min(minPasswordLength, 'password_too_short').max(1000).optional(),
  locale: z.enum(['fi', 'sv', 'en']).default('fi'),
});
export type NewUser = z.input<typeof newUserSchema>;

export interface StaffUser {
  id: number;
  username: string;
  display_name: string;
  email: string | null;
  locale: 'fi' | 'sv' | 'en';
  active: boolean;
  last_sign_in_at: Date | null;
  /** Set for an account of the county's OpenID provider: it signs in there and has no password here. */
  oidc_issuer: string | null;
}

const userColumns = 'id, username, display_name, email, locale, active, last_sign_in_at, oidc_issuer';

export async function createUser(db: Db, actor: Principal, input: NewUser): Promise<StaffUser> {
  if (!canManageUsers(actor)) throw new AppError('forbidden', 'Not allowed to create accounts');
  const u = newUserSchema.parse(input);
  const existing = await maybeOne(db, 'select 1 from staff_user where username = $1', [u.username]);
  if (existing) throw new AppError('conflict', `The user name "${u.username}" is taken`);
  const hash = u.password ? await hashPassword(u.password) : null;
  const [user] = await db.query<StaffUser>(
    `insert into staff_user (username, display_name, email, password_hash, locale) values ($1, $2, $3, $4, $5) returning ${userColumns}`,
    [u.username, u.displayName, u.email ?? null, hash, u.locale],
  );
  await audit(db, actor, { action: 'user_created', targetType: 'user', targetId: user!.username });
  return user!;
}

/** For each role the person holds, its node and the node's ancestors: what decides who manages them. */
async function grantAncestries(db: Db, username: string): Promise<number[][]> {
  const rows = await db.query<{ ids: number[] }>(
    `with recursive up as (
       select r.id as grant_id, n.id, n.parent_id from role_assignment r join staff_user u on u.id = r.user_id join org_node n on n.id = r.node_id where u.username = $1
       union all select up.grant_id, p.id, p.parent_id from org_node p join up on p.id = up.parent_id)
     select array_agg(id) as ids from up group by grant_id`,
    [username],
  );
  return rows.map((r) => r.ids);
}

/** Refuses unless the actor may manage this person's account (see canManageAccount). */
async function requireManageable(db: Db, actor: Principal, username: string): Promise<void> {
  if (!canManageAccount(actor, await grantAncestries(db, username)))
    throw new AppError('forbidden', 'This account has roles outside your part of the organisation');
}

/**
 * Sets a password. One's own needs the current password (a session left open must not be enough
 * to take the account); another's, the right to manage that account. The command line may do both.
 */
export async function setPassword(db: Db, actor: Principal, username: string, password: string, opts: { currentPassword?: string } = {}): Promise<void> {
  const self = actor.kind === 'user' && actor.username === username;
  if (self) {
    const row = await maybeOne<{ password_hash: string | null }>(db, 'select password_hash from staff_user where username = $1', [username]);
    if (!(await verifyPassword(opts.currentPassword ?? '', row?.password_hash ?? null))) throw new AppError('invalid', 'current_password_wrong');
  } else if (actor.kind !== 'system') {
    await requireManageable(db, actor, username);
  }
  if (await maybeOne(db, 'select 1 from staff_user where username = $1 and oidc_subject is not null', [username]))
    throw new AppError('invalid', 'provider_account_password');
  if (password.length < minPasswordLength) throw new AppError('invalid', 'password_too_short');
  const rows = await db.query('update staff_user set password_hash = $2 where username = $1 returning id', [username, await hashPassword(password)]);
  if (rows.length === 0) throw new AppError('not_found', `No user "${username}"`);
  // Every session of that person ends: a changed password shuts out whoever knew the old one.
  await db.query('delete from staff_session where user_id = (select id from staff_user where username = $1)', [username]);
  await audit(db, actor, { action: 'password_changed', targetType: 'user', targetId: username });
}

export async function setUserActive(db: Db, actor: Principal, username: string, active: boolean): Promise<void> {
  if (!canManageUsers(actor)) throw new AppError('forbidden', 'Not allowed to change accounts');
  await requireManageable(db, actor, username);
  if (!active && actor.kind === 'user' && actor.username === username) throw new AppError('invalid', 'cannot_deactivate_self');
  const rows = await db.query<{ id: number }>('update staff_user set active = $2 where username = $1 returning id', [username, active]);
  if (rows.length === 0) throw new AppError('not_found', `No user "${username}"`);
  if (!active) await db.query('delete from staff_session where user_id = $1', [rows[0]!.id]);
  await audit(db, actor, { action: 'user_updated', targetType: 'user', targetId: username, details: { active } });
}

export async function grantRole(db: Db, actor: Principal, input: { username: string; role: Role; nodeCode: string }): Promise<void> {
  if (!roles.includes(input.role)) throw new AppError('invalid', `Unknown role "${input.role}"`);
  const node = await getNodeByCode(db, input.nodeCode);
  const ids = (await ancestry(db, node.id)).map((n) => n.id);
  if (!canGrantRoleOn(actor, ids)) throw new AppError('forbidden', 'Not allowed to grant roles on this node');
  await requireManageable(db, actor, input.username);
  const user = await maybeOne<{ id: number }>(db, 'select id from staff_user where username = $1', [input.username]);
  if (!user) throw new AppError('not_found', `No user "${input.username}"`);
  const inserted = await db.query('insert into role_assignment (user_id, role, node_id) values ($1, $2, $3) on conflict do nothing returning id', [
    user.id,
    input.role,
    node.id,
  ]);
  if (inserted.length > 0) {
    await audit(db, actor, { action: 'role_granted', targetType: 'user', targetId: input.username, details: { role: input.role, node: node.code } });
  }
}

export async function revokeRole(db: Db, actor: Principal, input: { username: string; role: Role; nodeCode: string }): Promise<void> {
  const node = await getNodeByCode(db, input.nodeCode);
  const ids = (await ancestry(db, node.id)).map((n) => n.id);
  if (!canGrantRoleOn(actor, ids)) throw new AppError('forbidden', 'Not allowed to revoke roles on this node');
  await requireManageable(db, actor, input.username);
  const deleted = await db.query(
    `delete from role_assignment where role = $2 and node_id = $3 and user_id = (select id from staff_user where username = $1) returning id`,
    [input.username, input.role, node.id],
  );
  if (deleted.length === 0) throw new AppError('not_found', 'No such role assignment');
  await audit(db, actor, { action: 'role_revoked', targetType: 'user', targetId: input.username, details: { role: input.role, node: node.code } });
}

export interface UserWithGrants extends StaffUser {
  /** `provider`: set from the provider's claims at each sign-in; `manual`: granted in Kaiku. */
  grants: { role: Role; node_code: string; node_name: string; source: 'manual' | 'provider' | 'scim' }[];
}

/** The accounts the actor may manage: those whose every role lies in the actor's subtree. */
export async function listUsers(db: Db, actor: Principal): Promise<UserWithGrants[]> {
  if (!canManageUsers(actor)) throw new AppError('forbidden', 'Not allowed to list accounts');
  const mine = administeredNodes(actor);
  return db.query<UserWithGrants>(
    `with recursive scope as (select id from org_node where $1::int[] is null or id = any($1::int[])
       union select c.id from org_node c join scope s on c.parent_id = s.id)
     select ${userColumns
       .split(', ')
       .map((c) => `u.${c}`)
       .join(', ')},
       coalesce((select json_agg(json_build_object('role', r.role, 'node_code', n.code, 'node_name', n.name_fi, 'source', r.source) order by r.role, n.name_fi)
                 from role_assignment r join org_node n on n.id = r.node_id where r.user_id = u.id), '[]'::json) as grants
     from staff_user u
     where $1::int[] is null or not exists (select 1 from role_assignment r where r.user_id = u.id and r.node_id not in (select id from scope))
     order by u.username`,
    [mine ?? null],
  );
}

export async function getUser(db: Db, username: string): Promise<StaffUser> {
  const user = await maybeOne<StaffUser>(db, `select ${userColumns} from staff_user where username = $1`, [username]);
  if (!user) throw new AppError('not_found', `No user "${username}"`);
  return user;
}

/** The roles a person holds, with each node's name in the page's language: their home page. */
export async function grantsOf(db: Db, userId: number, lang: 'fi' | 'sv' | 'en'): Promise<{ role: Role; node_code: string; node_name: string }[]> {
  return db.query(
    `select r.role, n.code as node_code, case $2 when 'sv' then coalesce(n.name_sv, n.name_fi) when 'en' then coalesce(n.name_en, n.name_fi) else n.name_fi end as node_name
     from role_assignment r join org_node n on n.id = r.node_id where r.user_id = $1 order by r.role, n.name_fi`,
    [userId, lang],
  );
}

/** One's own language for the staff pages and e-mail. */
export async function setOwnLocale(db: Db, actor: Extract<Principal, { kind: 'user' }>, locale: 'fi' | 'sv' | 'en'): Promise<void> {
  await db.query('update staff_user set locale = $2 where id = $1', [actor.userId, locale]);
}
