import type { Principal, Role } from './roles.ts';

/**
 * One function per action. A role granted on a node covers its whole subtree, so a check about a
 * node takes the ids of that node and its ancestors (see organisation/ancestry). Administrators
 * are no exception: an administrator of a division administers that division, and only the
 * county's own administrators (a grant on the root) do what concerns the whole county. An API key
 * acts for the node it was made for, with its scopes.
 */
export function grantedOver(p: Principal, allowed: readonly Role[], nodeAndAncestorIds: readonly number[], scope?: string): boolean {
  if (p.kind === 'system') return true;
  if (p.kind === 'api_key') return !!scope && hasScope(p, scope) && (p.nodeId === null || nodeAndAncestorIds.includes(p.nodeId));
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

/** The nodes below which the person or key administers; undefined means the whole county. */
export function administeredNodes(p: Principal): number[] | undefined {
  if (p.kind === 'system') return undefined;
  if (p.kind === 'api_key') return p.nodeId === null ? undefined : [p.nodeId];
  return p.grants.filter((g) => g.role === 'admin').map((g) => g.nodeId);
}

/** Administers the whole county: an administrator of the root, a county-wide key, the system. */
export function isCountyAdmin(p: Principal): boolean {
  if (p.kind === 'system') return true;
  if (p.kind === 'api_key') return p.countyWide && hasScope(p, '*');
  return p.grants.some((g) => g.role === 'admin' && g.root);
}

/** A county-wide scope (audit, the SMS outbox, surveys) works only for a key of the whole county. */
export const hasCountyScope = (p: Principal, scope: string) => p.kind === 'system' || (p.kind === 'api_key' && p.countyWide && hasScope(p, scope));

/** Sees results and the tree below a node. */
export const canViewNode = (p: Principal, ids: readonly number[]) => grantedOver(p, ['admin', 'manager', 'analyst'], ids, 'org:read');

/** Browses the organisation tree at all (its own subtree is then filtered by canViewNode). */
export const canBrowseOrganisation = (p: Principal) => hasAnyGrant(p, ['admin', 'manager', 'analyst']) || hasScope(p, 'org:read');

/** Edits the tree below a node: administrators of that node. */
export const canEditOrganisation = (p: Principal, ids: readonly number[]) => grantedOver(p, ['admin'], ids, 'org:write');

/** Imports a whole tree file: administrators of a county (root) node, or a county-wide key. */
export const canImportOrganisation = (p: Principal, rootIds: readonly number[]) => grantedOver(p, ['admin'], rootIds, 'org:write');

/** Opens the account pages at all: any administrator (each sees the accounts of their subtree). */
export const canManageUsers = (p: Principal) => hasAnyGrant(p, ['admin']) || hasScope(p, 'users:write');

/** Grants or revokes a role on a node: administrators above it. */
export const canGrantRoleOn = (p: Principal, ids: readonly number[]) => grantedOver(p, ['admin'], ids, 'users:write');

/**
 * Manages another person's account (password, deactivation, roles): every role that person holds
 * lies inside the actor's subtree, so nobody below the county level can touch the county's
 * administrators. `grantAncestries` holds, for each of the person's grants, its node and ancestors.
 */
export function canManageAccount(p: Principal, grantAncestries: readonly (readonly number[])[]): boolean {
  if (!canManageUsers(p)) return false;
  const mine = administeredNodes(p);
  if (mine === undefined) return true;
  return grantAncestries.every((ids) => ids.some((id) => mine.includes(id)));
}

/** Makes and revokes API keys: administrators, for nodes in their subtree. */
export const canManageApiKeys = (p: Principal) => hasAnyGrant(p, ['admin']);
export const canMakeKeyFor = (p: Principal, ids: readonly number[]) => p.kind === 'user' && grantedOver(p, ['admin'], ids);

/** The audit log is the county's: its administrators, or a county-wide key with audit:read. */
export const canReadAuditLog = (p: Principal) => (p.kind === 'user' ? isCountyAdmin(p) : hasCountyScope(p, 'audit:read'));

/** Settings and queues of the whole county (SMS, outbox, webhooks, report runs, taxonomy, journey). */
export const canAdministerCounty = (p: Principal) => isCountyAdmin(p);
