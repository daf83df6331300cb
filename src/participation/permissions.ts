import { grantedOver, isCountyAdmin } from '../access/permissions.ts';
import type { Principal } from '../access/roles.ts';

/**
 * Participants' personal data (pool members, council applicants and members, experts) is read
 * and changed only by participation coordinators; the county's administrators see the pool's figures.
 */
export const canCoordinateParticipation = (p: Principal) => p.kind === 'system' || (p.kind === 'user' && p.grants.some((g) => g.role === 'coordinator'));

export const canSeePoolFigures = (p: Principal) => canCoordinateParticipation(p) || (p.kind === 'user' && isCountyAdmin(p));

/** Any member of staff with a role may ask for an experience expert for their unit. */
export const canRequestExpert = (p: Principal, nodeAndAncestorIds: readonly number[]) =>
  grantedOver(p, ['admin', 'manager', 'handler', 'professional', 'analyst', 'coordinator'], nodeAndAncestorIds);
