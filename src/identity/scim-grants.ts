import type { Db } from '../shared/db.ts';

/**
 * Sets the group grants ('scim') of these accounts to what the county's mapping gives for the
 * groups they are in now, by a group's provider id (what Entra's `groups` claim carries) or its
 * name. Grants by hand and from the last sign-in are not touched; where one of them already gives
 * the same role on the same node, that grant stands for both.
 */
export async function syncScimGrants(db: Db, userIds: number[]): Promise<void> {
  if (userIds.length === 0) return;
  await db.query("delete from role_assignment where source = 'scim' and user_id = any($1::int[])", [userIds]);
  await db.query(
    `insert into role_assignment (user_id, role, node_id, source)
     select distinct gm.user_id, m.role, m.node_id, 'scim'
       from scim_group_member gm
       join scim_group g on g.id = gm.group_id
       join oidc_role_mapping m on m.claim_value in (g.external_id, g.display_name)
       join staff_user u on u.id = gm.user_id and u.active
      where gm.user_id = any($1::int[])
     on conflict (user_id, role, node_id) do nothing`,
    [userIds],
  );
}

/** After the county changes its mapping: the members of groups the claim value names. */
export async function membersOfGroupsNamed(db: Db, claimValue: string): Promise<number[]> {
  const rows = await db.query<{ user_id: number }>(
    `select distinct gm.user_id from scim_group_member gm join scim_group g on g.id = gm.group_id
      where $1 in (g.external_id, g.display_name)`,
    [claimValue],
  );
  return rows.map((r) => r.user_id);
}
