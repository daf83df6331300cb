import { audit } from '../access/audit.ts';
import type { Role } from '../access/roles.ts';
import type { Db } from '../shared/db.ts';
import { maybeOne, one } from '../shared/db.ts';
import type { ProviderIdentity } from './oidc.ts';

/** A user name for a new provider account: from the e-mail's local part or the name, made unique. */
async function freeUsername(db: Db, who: ProviderIdentity): Promise<string> {
  const base =
    (who.email?.split('@')[0] ?? who.name)
      .toLowerCase()
      .normalize('NFKD')
      .replace(/[^a-z0-9._-]/g, '')
      .slice(0, 56) || 'user';
  const stem = base.length >= 2 ? base : `${base}-user`;
  for (let n = 1; ; n++) {
    const candidate = n === 1 ? stem : `${stem}-${n}`;
    if (!(await maybeOne(db, 'select 1 from staff_user where username = $1', [candidate]))) return candidate;
  }
}

/**
 * The Kaiku account of a provider identity, created at the first sign-in (issuer + subject are the
 * key; name and e-mail follow the provider at every sign-in). A deactivated account stays so.
 */
export async function providerAccount(db: Db, who: ProviderIdentity): Promise<{ id: number; active: boolean; username: string }> {
  const existing = await maybeOne<{ id: number; active: boolean; username: string }>(
    db,
    'update staff_user set display_name = $3, email = $4 where oidc_issuer = $1 and oidc_subject = $2 returning id, active, username',
    [who.issuer, who.subject, who.name, who.email],
  );
  if (existing) return existing;
  // Provisioned through SCIM before this first sign-in: the same person by the provider's own id.
  const provisioned = await maybeOne<{ id: number; active: boolean; username: string }>(
    db,
    `update staff_user set oidc_subject = $2, display_name = $3, email = coalesce($4, email)
      where oidc_issuer = $1 and oidc_subject is null and scim_deleted_at is null and scim_external_id = $5
      returning id, active, username`,
    [who.issuer, who.subject, who.name, who.email, who.objectId],
  );
  if (provisioned) return provisioned;
  const username = await freeUsername(db, who);
  const created = await one<{ id: number; active: boolean; username: string }>(
    db,
    `insert into staff_user (username, display_name, email, password_hash, oidc_issuer, oidc_subject, scim_external_id)
     values ($1, $2, $3, null, $4, $5, (select $6::text where not exists (select 1 from staff_user where scim_external_id = $6)))
     returning id, active, username`,
    [username, who.name, who.email, who.issuer, who.subject, who.objectId],
  );
  await audit(db, { label: `oidc:${username}` }, { action: 'user_created', targetType: 'user', targetId: username, details: { provider: who.issuer } });
  return created;
}

/**
 * Sets the account's provider grants to what the county's mapping gives for its claim values now.
 * Grants made by hand in Kaiku are never touched. Returns the grants the account has afterwards.
 */
export async function syncProviderGrants(db: Db, userId: number, claimValues: string[]): Promise<{ role: Role; node_id: number; source: string }[]> {
  await db.query("delete from role_assignment where user_id = $1 and source = 'provider'", [userId]);
  if (claimValues.length > 0) {
    await db.query(
      `insert into role_assignment (user_id, role, node_id, source)
       select distinct $1::int, m.role, m.node_id, 'provider' from oidc_role_mapping m where m.claim_value = any($2::text[])
       on conflict (user_id, role, node_id) do nothing`,
      [userId, claimValues],
    );
  }
  return db.query<{ role: Role; node_id: number; source: string }>('select role, node_id, source from role_assignment where user_id = $1', [userId]);
}
