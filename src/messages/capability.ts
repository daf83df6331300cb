import { canAdministerCounty } from '../access/permissions.ts';
import type { Capability } from '../capability.ts';
import { deliverOutbox, smtpTransport } from '../shared/mail/outbox.ts';
import { countMessages } from '../shared/metrics.ts';

/** What Kaiku sends by e-mail, and the outbox page of everything sent or waiting. */
export const messages: Capability = {
  name: 'messages',
  routes: async (app, { db, config }) => {
    await app.register((await import('./outbox-routes.tsx')).outboxRoutes, { db, config });
  },
  menu: [{ href: '/admin/outbox', label: 'nav.outbox', order: 190, show: canAdministerCounty }],
  jobs: ({ db, config }) => {
    const transport = config.smtpUrl ? smtpTransport(config.smtpUrl) : undefined;
    // E-mail waits in the outbox table until this sends it (or keeps it, without SMTP).
    return [{ name: 'sending e-mail', everyMs: 5_000, run: async () => countMessages('email', await deliverOutbox(db, transport, config.mailFrom)) }];
  },
};
