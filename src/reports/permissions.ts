import type { Principal } from '../access/roles.ts';

/** Survey results of a node's subtree: its administrators, managers and analysts, or a results:read key. */
export function canReadResults(p: Principal, nodeAndAncestorIds: readonly number[]): boolean {
  if (p.kind === 'system') return true;
  if (p.kind === 'api_key') return p.scopes.includes('*') || p.scopes.includes('results:read');
  return p.grants.some((g) => ['admin', 'manager', 'analyst'].includes(g.role) && nodeAndAncestorIds.includes(g.nodeId));
}
