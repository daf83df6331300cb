import type { RoleGrant, Principal, Role } from './roles.ts';

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

/** The roles that read results and browse the tree: administrators, managers and analysts. */
const resultRoles: readonly Role[] = ['admin', 'manager', 'analyst'];

/** The person's administrator grants, the one nearest the root first: the default node of their keys. */
export function adminGrants(p: Principal): RoleGrant[] {
  return p.kind === 'user' ? p.grants.filter((g) => g.role === 'admin').sort((a, b) => Number(b.root) - Number(a.root)) : [];
}

// ── organisation ──

/** Sees results and the tree below a node. */
export const canViewNode = (p: Principal, ids: readonly number[]) => grantedOver(p, resultRoles, ids, 'org:read');

/** Browses the organisation tree at all (its own subtree is then filtered by canViewNode). */
export const canBrowseOrganisation = (p: Principal) => hasAnyGrant(p, resultRoles) || hasScope(p, 'org:read');

/** Edits the tree below a node: administrators of that node. */
export const canEditOrganisation = (p: Principal, ids: readonly number[]) => grantedOver(p, ['admin'], ids, 'org:write');

/** Imports a whole tree file: administrators of a county (root) node, or a county-wide key. */
export const canImportOrganisation = (p: Principal, rootIds: readonly number[]) => grantedOver(p, ['admin'], rootIds, 'org:write');

// ── access: accounts and keys ──

/** Opens the account pages at all: any administrator (each sees the accounts of their subtree). */
export const canManageUsers = (p: Principal) => hasAnyGrant(p, ['admin']) || hasScope(p, 'users:write');

/**
 * Edits which claims of the county's identity provider give which role where: the mapping can give
 * any role anywhere, so only the county's own administrators.
 */
export const canMapProviderRoles = (p: Principal) => isCountyAdmin(p);

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

// ── the county's own settings ──

/** The audit log is the county's: its administrators, or a county-wide key with audit:read. */
export const canReadAuditLog = (p: Principal) => (p.kind === 'user' ? isCountyAdmin(p) : hasCountyScope(p, 'audit:read'));

/** Settings and queues of the whole county (SMS, outbox, webhooks, report runs, taxonomy, journey). */
export const canAdministerCounty = (p: Principal) => isCountyAdmin(p);

// ── surveys ──

/** Sets up collection points (QR slips, kiosks, links) for a node: its administrators and managers. */
export const canManageCollectionPoints = (p: Principal, ids: readonly number[]) => grantedOver(p, ['admin', 'manager'], ids);

/** Keys in paper forms at a unit: the unit's staff. */
export const canEnterPaperAnswers = (p: Principal, ids: readonly number[]) => grantedOver(p, ['admin', 'manager', 'handler', 'professional'], ids);

/** Reaches the survey publishing API at all (the survey's own county is checked by canPublishSurveys). */
export const mayPublishSomeSurvey = (p: Principal) => hasAnyGrant(p, ['admin']) || hasScope(p, 'surveys:write');

/** Publishes a county's own questions after the national ones: administrators of a county node. */
export const canPublishSurveys = (p: Principal, rootIds: readonly number[]) => grantedOver(p, ['admin'], rootIds, 'surveys:write');

/** Sends answers from another system: an integration key with responses:write. */
export const canWriteResponses = (p: Principal) => hasScope(p, 'responses:write');

// ── feedback ──

/** Logs feedback on a customer's behalf: any professional, handler, manager or administrator. */
export const canLogOnBehalf = (p: Principal) => p.kind === 'user' && hasAnyGrant(p, ['admin', 'manager', 'handler', 'professional']);

/** Has an inbox of feedback to handle or oversee: handlers, managers and administrators. */
export const canUseFeedbackInbox = (p: Principal) => p.kind === 'user' && hasAnyGrant(p, ['admin', 'manager', 'handler']);

/** Analysts without an inbox see the feedback figures of their subtree instead. */
export const canSeeFeedbackFigures = (p: Principal) => !canUseFeedbackInbox(p) && p.kind === 'user' && hasAnyGrant(p, ['analyst']);

/** Reads feedback about a node, contact details included: its handlers, managers and administrators. */
export const canReadFeedback = (p: Principal, nodeAndAncestorIds: readonly number[]) => grantedOver(p, ['handler', 'manager', 'admin'], nodeAndAncestorIds);

/**
 * Figures about a subtree's feedback (counts, shares, the effects chosen; no text, no contact
 * details): its handlers, managers, administrators and analysts, or a results:read key.
 */
export const canReadFeedbackFigures = (p: Principal, nodeAndAncestorIds: readonly number[]) =>
  grantedOver(p, ['admin', 'manager', 'handler', 'analyst'], nodeAndAncestorIds, 'results:read');

/** The grants that open feedback figures: the first is where the person's figures start. */
export const feedbackFigureGrants = (p: Principal): RoleGrant[] =>
  p.kind === 'user' ? p.grants.filter((g) => (['admin', 'manager', 'handler', 'analyst'] as Role[]).includes(g.role)) : [];

/** Reviews one suspected spam: administrators of its target or above. */
export const canReviewSpamOf = (p: Principal, targetAndAncestorIds: readonly number[]) => grantedOver(p, ['admin'], targetAndAncestorIds);

/** Reviews suspected spam at all: administrators, each for the targets in their subtree. */
export const canReviewSpam = (p: Principal) => p.kind === 'user' && hasAnyGrant(p, ['admin']);

/** Opening feedback moves it to "in progress" only when one of its handlers (of the target or above) opens it. */
export const isHandlerOf = (p: Principal, targetAndAncestorIds: readonly number[]) =>
  p.kind === 'user' && p.grants.some((g) => g.role === 'handler' && targetAndAncestorIds.includes(g.nodeId));

// ── reports ──

/** Survey results of a node's subtree: its administrators, managers and analysts, or a results:read key. */
export const canReadResults = (p: Principal, nodeAndAncestorIds: readonly number[]) => grantedOver(p, resultRoles, nodeAndAncestorIds, 'results:read');

/** Opens the results portal and the monthly reports at all (each then limited to the person's subtrees). */
export const canOpenResults = (p: Principal) => p.kind === 'user' && hasAnyGrant(p, resultRoles);

/** Managers and analysts without an inbox land on their own area's results after signing in. */
export const landsOnResults = (p: Principal) => p.kind === 'user' && !hasAnyGrant(p, ['admin', 'handler']) && hasAnyGrant(p, ['manager', 'analyst']);

/** The grants that open results: their nodes are where the person's portal starts and what it may pick from. */
export const resultGrants = (p: Principal): RoleGrant[] => (p.kind === 'user' ? p.grants.filter((g) => resultRoles.includes(g.role)) : []);

// ── development actions ──

/** Opens a development action for a node and edits its actions: the node's managers and administrators. */
export const canLeadActions = (p: Principal, nodeAndAncestorIds: readonly number[]) => grantedOver(p, ['admin', 'manager'], nodeAndAncestorIds);

/**
 * Reads a node's development actions (what was found and what is done; no feedback text): those
 * who read its results or handle its feedback, or a results:read key.
 */
export const canReadActions = (p: Principal, nodeAndAncestorIds: readonly number[]) =>
  grantedOver(p, ['admin', 'manager', 'analyst', 'handler'], nodeAndAncestorIds, 'results:read');

/** Opens the development actions at all (each then limited to the person's subtrees). */
export const canSeeActions = (p: Principal) => p.kind === 'user' && hasAnyGrant(p, ['admin', 'manager', 'analyst', 'handler']);

/** Records an action's progress and follow-up: its owner, or those who lead actions at its node. */
export const canWorkOnAction = (p: Principal, nodeAndAncestorIds: readonly number[], ownerId: number | null) =>
  canLeadActions(p, nodeAndAncestorIds) || (p.kind === 'user' && ownerId !== null && p.userId === ownerId);

// ── participation ──

/**
 * Participants' personal data (pool members, council applicants and members, experts) is read
 * and changed only by participation coordinators; the county's administrators see the pool's figures.
 */
export const canCoordinateParticipation = (p: Principal) => p.kind === 'system' || (p.kind === 'user' && p.grants.some((g) => g.role === 'coordinator'));

/** Inviting staff to a survey (the managers' survey) reaches only the staff under the coordinator's own node. */
export const canInviteStaff = (p: Principal, nodeAndAncestorIds: readonly number[]) => grantedOver(p, ['coordinator'], nodeAndAncestorIds);

export const canSeePoolFigures = (p: Principal) => canCoordinateParticipation(p) || (p.kind === 'user' && isCountyAdmin(p));

/** Any member of staff with a role may ask for an experience expert for their unit. */
export const canRequestExpert = (p: Principal, nodeAndAncestorIds: readonly number[]) =>
  grantedOver(p, ['admin', 'manager', 'handler', 'professional', 'analyst', 'coordinator'], nodeAndAncestorIds);

// ── analysis ──

/**
 * Corrects a text's tone and topics (teaching the analyser): for an open answer, those who read the
 * node's results; for free-form feedback, also its handlers. People only, never a key.
 */
export const canCorrectText = (p: Principal, nodeAndAncestorIds: readonly number[], source: 'answer' | 'feedback') =>
  p.kind === 'user' && grantedOver(p, source === 'answer' ? resultRoles : [...resultRoles, 'handler'], nodeAndAncestorIds);

/** Asks for the tone model to be retrained from the county's corrections: the county's administrators. */
export const canRetrainToneModel = (p: Principal) => isCountyAdmin(p);
