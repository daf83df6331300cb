import { grantedOver, hasScope } from '../access/permissions.ts';
import type { Principal } from '../access/roles.ts';

/** Sets up collection points (QR slips, kiosks, links) for a node: its administrators and managers. */
export const canManageCollectionPoints = (p: Principal, ids: readonly number[]) => grantedOver(p, ['admin', 'manager'], ids);

/** Keys in paper forms at a unit: the unit's staff. */
export const canEnterPaperAnswers = (p: Principal, ids: readonly number[]) => grantedOver(p, ['admin', 'manager', 'handler', 'professional'], ids);

/** Publishes a county's own questions after the national ones: administrators of a county node. */
export const canPublishSurveys = (p: Principal, rootIds: readonly number[]) => grantedOver(p, ['admin'], rootIds, 'surveys:write');

/** Sends answers from another system: an integration key with responses:write. */
export const canWriteResponses = (p: Principal) => hasScope(p, 'responses:write');
