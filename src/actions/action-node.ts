import { canLeadActions, canReadActions } from '../access/permissions.ts';
import type { Principal } from '../access/roles.ts';
import type { OrgNode } from '../organisation/node.ts';
import { ancestry, findNodeByCode, getNode, roots } from '../organisation/tree-queries.ts';
import type { Db } from '../shared/db.ts';
import { AppError } from '../shared/errors.ts';
import { type ActionDetail, readAction } from './action-queries.ts';

const readers = ['admin', 'manager', 'analyst', 'handler'];

/** The node whose actions to show: the one asked for if the person may read them, else their own highest one. */
export async function actionsNode(db: Db, actor: Principal, code: string | undefined): Promise<OrgNode> {
  if (code) {
    const node = await findNodeByCode(db, code);
    if (!node) throw new AppError('not_found', 'No such node');
    if (
      !canReadActions(
        actor,
        (await ancestry(db, node.id)).map((n) => n.id),
      )
    )
      throw new AppError('forbidden', 'Not allowed to see this node’s development actions');
    return node;
  }
  if (actor.kind === 'user') {
    const grants = actor.grants.filter((g) => readers.includes(g.role)).sort((a, b) => Number(b.root) - Number(a.root));
    if (grants[0]) return (await ancestry(db, grants[0].nodeId)).at(-1)!;
    throw new AppError('forbidden', 'Development actions are for managers, handlers, analysts and administrators');
  }
  // An API key: the node it was made for, else the county.
  const [root] = await roots(db);
  const node = actor.kind === 'api_key' && actor.nodeId !== null ? await getNode(db, actor.nodeId) : root;
  if (!node) throw new AppError('not_found', 'The organisation tree is empty');
  if (
    !canReadActions(
      actor,
      (await ancestry(db, node.id)).map((n) => n.id),
    )
  )
    throw new AppError('forbidden', 'results:read scope needed');
  return node;
}

export interface ReadableAction {
  action: ActionDetail;
  path: OrgNode[];
  /** May edit it and open others here. */
  leads: boolean;
}

/** One action, if the person may read it; with whether they lead actions at its node. */
export async function readableAction(db: Db, actor: Principal, id: number): Promise<ReadableAction> {
  const action = await readAction(db, id);
  if (!action) throw new AppError('not_found', 'No such development action');
  const path = await ancestry(db, action.node_id);
  const ids = path.map((n) => n.id);
  // The owner may work below the action's node (a unit's handler owning a result area's action).
  if (!canReadActions(actor, ids) && !(actor.kind === 'user' && actor.userId === action.owner_id))
    throw new AppError('not_found', 'No such development action');
  return { action, path, leads: canLeadActions(actor, ids) };
}
