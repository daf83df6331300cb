import { audit } from '../access/audit.ts';
import { canMapProviderRoles } from '../access/permissions.ts';
import { actorLabel, type Principal, roles, type Role } from '../access/roles.ts';
import type { Db } from '../shared/db.ts';
import { AppError } from '../shared/errors.ts';
import { findNodeByCode } from '../organisation/tree-queries.ts';
import { membersOfGroupsNamed, syncScimGrants } from './scim-grants.ts';

export interface RoleMapping {
  id: number;
  claim_value: string;
  role: Role;
  node_code: string;
  node_name: string;
}

export async function listMappings(db: Db): Promise<RoleMapping[]> {
  return db.query<RoleMapping>(
    `select m.id, m.claim_value, m.role, n.code as node_code, n.name_fi as node_name
       from oidc_role_mapping m join org_node n on n.id = m.node_id
      order by m.claim_value, n.code, m.role`,
  );
}

/** A claim value gives a role on a node; refused with a message key for the field that is wrong. */
export async function addMapping(db: Db, actor: Principal, input: { claimValue: string; role: string; nodeCode: string }): Promise<number> {
  if (!canMapProviderRoles(actor)) throw new AppError('forbidden', 'County administrators only');
  const claimValue = input.claimValue.trim();
  if (claimValue.length < 1 || claimValue.length > 200) throw new AppError('invalid', 'identity.errClaim');
  if (!(roles as readonly string[]).includes(input.role)) throw new AppError('invalid', 'identity.errRole');
  const node = await findNodeByCode(db, input.nodeCode.trim());
  if (!node?.active) throw new AppError('invalid', 'identity.errNode');
  const rows = await db.query<{ id: number }>(
    `insert into oidc_role_mapping (claim_value, role, node_id, created_by) values ($1, $2, $3, $4)
     on conflict (claim_value, role, node_id) do update set claim_value = excluded.claim_value returning id`,
    [claimValue, input.role, node.id, actorLabel(actor)],
  );
  await syncScimGrants(db, await membersOfGroupsNamed(db, claimValue));
  await audit(db, actor, { action: 'oidc_mapping_added', targetType: 'oidc_mapping', targetId: claimValue, details: { role: input.role, node: node.code } });
  return rows[0]!.id;
}

export async function removeMapping(db: Db, actor: Principal, id: number): Promise<void> {
  if (!canMapProviderRoles(actor)) throw new AppError('forbidden', 'County administrators only');
  const rows = await db.query<{ claim_value: string; role: string; code: string }>(
    'delete from oidc_role_mapping m using org_node n where m.id = $1 and n.id = m.node_id returning m.claim_value, m.role, n.code',
    [id],
  );
  const gone = rows[0];
  if (!gone) throw new AppError('not_found', 'No such mapping');
  await syncScimGrants(db, await membersOfGroupsNamed(db, gone.claim_value));
  await audit(db, actor, {
    action: 'oidc_mapping_removed',
    targetType: 'oidc_mapping',
    targetId: gone.claim_value,
    details: { role: gone.role, node: gone.code },
  });
}

/** Whom a person with no access should ask: the county's administrators. */
export async function countyAdministrators(db: Db): Promise<{ display_name: string; email: string | null }[]> {
  return db.query(
    `select distinct u.display_name, u.email from staff_user u join role_assignment r on r.user_id = u.id join org_node n on n.id = r.node_id
      where u.active and r.role = 'admin' and n.parent_id is null order by u.display_name limit 5`,
  );
}
