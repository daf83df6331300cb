import type { Principal, Role } from '../access/roles.ts';

function grantedOver(p: Principal, roles: readonly Role[], ids: readonly number[], scope?: string): boolean {
  if (p.kind === 'system') return true;
  if (p.kind === 'api_key') return !!scope && (p.scopes.includes('*') || p.scopes.includes(scope));
  return p.kind === 'user' && p.grants.some((g) => roles.includes(g.role) && ids.includes(g.nodeId));
}

/** Sets up collection points (QR slips, kiosks, links) for a node: its administrators and managers. */
export const canManageCollectionPoints = (p: Principal, ids: readonly number[]) => grantedOver(p, ['admin', 'manager'], ids);

/** Keys in paper forms at a unit: the unit's staff. */
export const canEnterPaperAnswers = (p: Principal, ids: readonly number[]) => grantedOver(p, ['admin', 'manager', 'handler', 'professional'], ids);

/** Publishes a county's own questions after the national ones: administrators of a county node. */
export const canPublishSurveys = (p: Principal, rootIds: readonly number[]) => grantedOver(p, ['admin'], rootIds, 'surveys:write');
