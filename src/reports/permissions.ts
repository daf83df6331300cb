import { grantedOver } from '../access/permissions.ts';
import type { Principal } from '../access/roles.ts';

/** Survey results of a node's subtree: its administrators, managers and analysts, or a results:read key. */
export const canReadResults = (p: Principal, nodeAndAncestorIds: readonly number[]) =>
  grantedOver(p, ['admin', 'manager', 'analyst'], nodeAndAncestorIds, 'results:read');
