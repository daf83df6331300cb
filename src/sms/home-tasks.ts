import { canAdministerCounty } from '../access/permissions.ts';
import type { HomeTask } from '../capability.ts';
import type { SignedInUser } from '../http/context.ts';
import type { Config } from '../shared/config.ts';

/** The county's administrators: SMS surveys set up only half way (messages not sent, or replies refused). */
export function smsHomeTasks(config: Config, user: SignedInUser): HomeTask[] {
  if (!canAdministerCounty(user)) return [];
  const warnings = Number(config.sms.provider === 'outbox') + Number(!config.sms.webhookSecret);
  return warnings > 0 ? [{ label: 'sms.setupWarning', count: warnings, detail: { key: 'home.smsSetupDetail' }, href: '/admin/sms', tone: 'todo' }] : [];
}
