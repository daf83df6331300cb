import type { Db } from '../shared/db.ts';
import { subtreeCte } from '../organisation/tree-queries.ts';
import type { Principal } from './roles.ts';

/**
 * The nodes an API key made for a part of the organisation may act on (its node and everything
 * below); undefined when it acts for the whole county (a county key, a person, the system). Items
 * of a batch outside it are refused one by one.
 */
export async function keySubtree(db: Db, p: Principal): Promise<Set<number> | undefined> {
  if (p.kind !== 'api_key' || p.nodeId === null || p.countyWide) return undefined;
  const rows = await db.query<{ id: number }>(`${subtreeCte} select id from sub`, [p.nodeId]);
  return new Set(rows.map((r) => r.id));
}
