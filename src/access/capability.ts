import type { Capability } from '../capability.ts';
import * as texts from './texts.ts';
import { canManageApiKeys, canManageUsers, canReadAuditLog } from './permissions.ts';

/** Staff accounts, roles on the tree, sessions, API keys and the audit log. */
export const access: Capability = {
  name: 'access',
  texts,
  routes: async (app, { db, config }) => {
    await app.register((await import('./routes.tsx')).accessRoutes, { db, config });
  },
  menu: [
    { href: '/admin', label: 'nav.home', order: 10, show: () => true },
    { href: '/admin/users', label: 'nav.users', order: 100, show: canManageUsers, section: 'people' },
    { href: '/admin/api-keys', label: 'nav.apiKeys', order: 110, show: canManageApiKeys, section: 'people' },
    { href: '/admin/audit', label: 'nav.audit', order: 120, show: canReadAuditLog, section: 'people' },
    { href: '/admin/account', label: 'nav.account', order: 200, show: () => true },
  ],
  jobs: ({ db, config }) => [
    {
      name: 'erasing old audit entries',
      everyMs: 60 * 60_000,
      runNow: true,
      run: async () => (await import('./audit.ts')).eraseOldAuditEntries(db, config.retention.auditDays),
    },
  ],
};
