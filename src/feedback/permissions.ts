import type { Principal } from '../access/roles.ts';

/** Logs feedback on a customer's behalf: any professional, handler, manager or administrator. */
export function canLogOnBehalf(p: Principal): boolean {
  return p.kind === 'user' && p.grants.some((g) => ['admin', 'manager', 'handler', 'professional'].includes(g.role));
}

/** Has an inbox of feedback to handle or oversee: handlers, managers and administrators. */
export function canUseFeedbackInbox(p: Principal): boolean {
  return p.kind === 'user' && p.grants.some((g) => ['admin', 'manager', 'handler'].includes(g.role));
}

/** Reviews suspected spam at all: administrators, each for the targets in their subtree. */
export function canReviewSpam(p: Principal): boolean {
  return p.kind === 'user' && p.grants.some((g) => g.role === 'admin');
}
