import type { Principal, Role } from './roles.ts';

/**
 * One function per action. A role granted on a node covers its whole subtree, so a check
 * about a node takes the ids of that node and its ancestors (see organisation/ancestry).
 */
export function grantedOver(p: Principal, allowed: readonly Role[], nodeAndAncestorIds: readonly number[], scope?: string): boolean {
  if (p.kind === 'system') return true;
  if (p.kind === 'api_key') return !!scope && hasScope(p, scope);
  return p.grants.some((g) => allowed.includes(g.role) && nodeAndAncestorIds.includes(g.nodeId));
}

/** Holds one of these roles somewhere: the first check of a node-scoped change, before its form is read. */
export function hasAnyGrant(p: Principal, allowed: readonly Role[]): boolean {
  if (p.kind === 'system') return true;
  return p.kind === 'user' && p.grants.some((g) => allowed.includes(g.role));
}

export function hasScope(p: Principal, scope: string): boolean {
  return p.kind === 'system' || (p.kind === 'api_key' && (p.scopes.includes('*') || p.scopes.includes(scope)));
}

/** Sees results and the tree below a node. */
export const canViewNode = (p: Principal, ids: readonly number[]) =>
  grantedOver(p, ['admin', 'manager', 'analyst'], ids) || hasScope(p, 'org:read');

/** Browses the organisation tree at all (its own subtree is then filtered by canViewNode). */
export const canBrowseOrganisation = (p: Principal) => hasAnyGrant(p, ['admin', 'manager', 'analyst']) || hasScope(p, 'org:read');

/** Imports or edits the tree below a node: administrators of that node. */
export const canEditOrganisation = (p: Principal, ids: readonly number[]) =>
  grantedOver(p, ['admin'], ids) || hasScope(p, 'org:write');

/** Imports a whole tree file: administrators of a county (root) node. */
export const canImportOrganisation = (p: Principal, rootIds: readonly number[]) =>
  grantedOver(p, ['admin'], rootIds) || hasScope(p, 'org:write');

/** Creates accounts and grants roles on a node: administrators above it. */
export const canManageUsers = (p: Principal) => hasAnyGrant(p, ['admin']) || hasScope(p, 'users:write');
export const canGrantRoleOn = (p: Principal, ids: readonly number[]) => grantedOver(p, ['admin'], ids) || hasScope(p, 'users:write');

export const canManageApiKeys = (p: Principal) => hasAnyGrant(p, ['admin']);
export const canReadAuditLog = (p: Principal) => hasAnyGrant(p, ['admin']) || hasScope(p, 'audit:read');
