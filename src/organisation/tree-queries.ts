import { type Db, maybeOne } from '../shared/db.ts';
import { AppError } from '../shared/errors.ts';
import { nodeColumns, type OrgNode } from './node.ts';

export async function findNodeByCode(db: Db, code: string): Promise<OrgNode | undefined> {
  return maybeOne<OrgNode>(db, `select ${nodeColumns} from org_node where code = $1`, [code]);
}

export async function getNodeByCode(db: Db, code: string): Promise<OrgNode> {
  const node = await findNodeByCode(db, code);
  if (!node) throw new AppError('not_found', `No organisation node with code "${code}"`);
  return node;
}

export async function getNode(db: Db, id: number): Promise<OrgNode> {
  const node = await maybeOne<OrgNode>(db, `select ${nodeColumns} from org_node where id = $1`, [id]);
  if (!node) throw new AppError('not_found', `No organisation node ${id}`);
  return node;
}

/** SQL: `sub(id)` is node $1 and every node below it. Start a query with it and go on with `select`. */
export const subtreeCte = `with recursive sub as (select id from org_node where id = $1 union all select c.id from org_node c join sub on c.parent_id = sub.id)`;

/** SQL: `sub(id, top)`: node $1's subtree, each node with the child of $1 it lies under (top is null for $1 itself). */
export const subtreeByChildCte = `with recursive sub as (select id, null::int as top from org_node where id = $1 union all select c.id, coalesce(sub.top, c.id) from org_node c join sub on c.parent_id = sub.id)`;

/** SQL: `up(id, parent_id, depth)` is node $1 (depth 0) and its ancestors; go on with more CTEs (`, name as …`) or a `select`. */
export const ancestorsCte = `with recursive up as (
       select id, parent_id, 0 as depth from org_node where id = $1
       union all select p.id, p.parent_id, up.depth + 1 from org_node p join up on p.id = up.parent_id where up.depth < 50)`;

/** The node and its ancestors, root first. */
export async function ancestry(db: Db, id: number): Promise<OrgNode[]> {
  const rows = await db.query<OrgNode & { depth: number }>(
    `with recursive up as (
       select ${nodeColumns}, 0 as depth from org_node where id = $1
       union all
       select p.id, p.code, p.kind, p.parent_id, p.name_fi, p.name_sv, p.name_en, p.active, up.depth + 1
       from org_node p join up on p.id = up.parent_id where up.depth < 50)
     select * from up order by depth desc`,
    [id],
  );
  return rows.map(({ depth: _d, ...n }) => n);
}

export async function children(db: Db, parentId: number | null): Promise<(OrgNode & { child_count: number })[]> {
  return db.query(
    `select ${nodeColumns
      .split(', ')
      .map((c) => `n.${c}`)
      .join(', ')},
            (select count(*)::int from org_node c where c.parent_id = n.id) as child_count
     from org_node n where n.parent_id is not distinct from $1
     order by n.active desc, n.kind, n.name_fi`,
    [parentId],
  );
}

export async function roots(db: Db): Promise<OrgNode[]> {
  return db.query<OrgNode>(`select ${nodeColumns} from org_node where parent_id is null order by name_fi`);
}

export interface NodeChange {
  changed_at: Date;
  change: string;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
  source: string;
}

export async function nodeHistory(db: Db, nodeId: number): Promise<NodeChange[]> {
  return db.query<NodeChange>('select changed_at, change, before, after, source from org_node_change where node_id = $1 order by changed_at desc, id desc', [
    nodeId,
  ]);
}

export async function countNodes(db: Db): Promise<Record<string, number>> {
  const rows = await db.query<{ kind: string; n: number }>('select kind, count(*)::int as n from org_node where active group by kind');
  return Object.fromEntries(rows.map((r) => [r.kind, r.n]));
}

/** The active nodes right below a node, by kind and name: the choices of a public form. */
export async function activeChildren(db: Db, parentId: number): Promise<OrgNode[]> {
  return db.query<OrgNode>(`select ${nodeColumns} from org_node where parent_id = $1 and active order by kind, name_fi`, [parentId]);
}
