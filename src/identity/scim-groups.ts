import type SCIMMY from 'scimmy';
import { audit } from '../access/audit.ts';
import type { Db } from '../shared/db.ts';
import { maybeOne, one } from '../shared/db.ts';
import { syncScimGrants } from './scim-grants.ts';
import { equality, type ScimContext, scimError, scimId } from './scim-users.ts';

interface GroupRow {
  id: number;
  external_id: string | null;
  display_name: string;
  created_at: Date;
}

export interface ScimGroup {
  id: string;
  externalId?: string;
  displayName: string;
  members: { value: string; display: string }[];
  meta: { created: Date };
}

async function members(db: Db, groupIds: number[]): Promise<Map<number, ScimGroup['members']>> {
  const rows = await db.query<{ group_id: number; user_id: number; display_name: string }>(
    `select gm.group_id, gm.user_id, u.display_name from scim_group_member gm join staff_user u on u.id = gm.user_id
      where gm.group_id = any($1::int[]) order by gm.user_id`,
    [groupIds],
  );
  const byGroup = new Map<number, ScimGroup['members']>();
  for (const r of rows) byGroup.set(r.group_id, [...(byGroup.get(r.group_id) ?? []), { value: String(r.user_id), display: r.display_name }]);
  return byGroup;
}

async function toScimGroups(db: Db, rows: GroupRow[]): Promise<ScimGroup[]> {
  const m = await members(
    db,
    rows.map((r) => r.id),
  );
  return rows.map((g) => ({
    id: String(g.id),
    ...(g.external_id ? { externalId: g.external_id } : {}),
    displayName: g.display_name,
    members: m.get(g.id) ?? [],
    meta: { created: g.created_at },
  }));
}

/** Groups a filter asks for; Entra asks `displayName eq "…"` (and `externalId eq "…"`), which go to the database as such. */
export async function findScimGroups(ctx: ScimContext, filter: SCIMMY.Types.Filter | undefined): Promise<ScimGroup[]> {
  const wanted = equality(filter, ['displayName', 'externalId']);
  if (wanted) {
    const column = wanted.attribute === 'displayName' ? 'display_name' : 'external_id';
    return toScimGroups(ctx.db, await ctx.db.query<GroupRow>(`select * from scim_group where ${column} = $1`, [wanted.value]));
  }
  const all = await toScimGroups(ctx.db, await ctx.db.query<GroupRow>('select * from scim_group order by id'));
  return filter ? (filter.match(all) as ScimGroup[]) : all;
}

export async function getScimGroup(ctx: ScimContext, id: string | undefined): Promise<ScimGroup> {
  const key = scimId(id);
  const row = key ? await maybeOne<GroupRow>(ctx.db, 'select * from scim_group where id = $1', [key]) : undefined;
  if (!row) throw scimError(404, null, `Resource ${id} not found`);
  return (await toScimGroups(ctx.db, [row]))[0]!;
}

interface IncomingGroup {
  displayName?: string;
  externalId?: string;
  members?: { value?: string }[];
}

/**
 * Creates (id undefined) or replaces a group with its members. SCIMMY turns a PATCH into the whole
 * group after its operations, so adding or removing one member also comes here. Members must be
 * the provider's accounts; the grants of everyone who joined or left follow at once.
 */
export async function saveScimGroup(ctx: ScimContext, id: string | undefined, input: IncomingGroup): Promise<ScimGroup> {
  const displayName = String(input.displayName ?? '').trim();
  if (displayName.length < 1 || displayName.length > 256) throw scimError(400, 'invalidValue', 'displayName must be 1 to 256 characters');
  const externalId = input.externalId?.slice(0, 200) || null;
  const wanted = [...new Set((input.members ?? []).map((m) => scimId(m.value)))];
  if (wanted.includes(undefined)) throw scimError(400, 'invalidValue', 'A member value is not a user id');
  const memberIds = wanted as number[];
  return ctx.db.transaction(async (db) => {
    const known = await db.query<{ id: number }>('select id from staff_user where oidc_issuer = $1 and scim_deleted_at is null and id = any($2::int[])', [
      ctx.issuer,
      memberIds,
    ]);
    if (known.length !== memberIds.length) throw scimError(400, 'invalidValue', 'A member is not a user provisioned here');
    const clash = await maybeOne(db, 'select 1 from scim_group where external_id = $1 and id is distinct from $2', [externalId, scimId(id) ?? null]);
    if (externalId && clash) throw scimError(409, 'uniqueness', 'externalId is already in use');
    const group = id
      ? await maybeOne<GroupRow>(db, 'update scim_group set display_name = $2, external_id = $3 where id = $1 returning *', [
          scimId(id) ?? 0,
          displayName,
          externalId,
        ])
      : await one<GroupRow>(db, 'insert into scim_group (display_name, external_id) values ($1, $2) returning *', [displayName, externalId]);
    if (!group) throw scimError(404, null, `Resource ${id} not found`);
    const left = await db.query<{ user_id: number }>('delete from scim_group_member where group_id = $1 and not (user_id = any($2::int[])) returning user_id', [
      group.id,
      memberIds,
    ]);
    const joined = await db.query<{ user_id: number }>(
      `insert into scim_group_member (group_id, user_id) select $1, unnest($2::int[]) on conflict do nothing returning user_id`,
      [group.id, memberIds],
    );
    const changed = [...left, ...joined].map((r) => r.user_id);
    await syncScimGrants(db, changed);
    await audit(
      db,
      { label: 'scim' },
      {
        action: 'scim_group_saved',
        targetType: 'scim_group',
        targetId: displayName,
        details: { joined: joined.length, left: left.length, members: memberIds.length },
      },
    );
    return (await toScimGroups(db, [group]))[0]!;
  });
}

export async function deleteScimGroup(ctx: ScimContext, id: string): Promise<void> {
  const group = await getScimGroup(ctx, id);
  await ctx.db.transaction(async (db) => {
    await db.query('delete from scim_group where id = $1', [Number(group.id)]);
    await syncScimGrants(
      db,
      group.members.map((m) => Number(m.value)),
    );
    await audit(
      db,
      { label: 'scim' },
      { action: 'scim_group_deleted', targetType: 'scim_group', targetId: group.displayName, details: { members: group.members.length } },
    );
  });
}
