import { canAdministerCounty } from '../access/permissions.ts';
import type { Capability } from '../capability.ts';
import * as texts from './texts.ts';
import { deliverOutbox, smtpTransport } from './email-outbox.ts';
import { countMessages } from '../shared/metrics.ts';

/** The outboxes of e-mail and SMS (their tables, leases and queues), e-mail delivery, and the outbox page of everything sent or waiting. */
export const messages: Capability = {
  name: 'messages',
  texts,
  routes: async (app, { db, config }) => {
    await app.register((await import('./outbox-routes.tsx')).outboxRoutes, { db, config });
  },
  menu: [{ href: '/admin/outbox', label: 'nav.outbox', order: 190, show: canAdministerCounty, section: 'system' }],
  queues: {
    email: {
      waiting: 'select count(*)::int as n from outbox_email where sent_at is null and kept_at is null',
      failed: 'select count(*)::int as n from outbox_email where kept_at is not null',
    },
    sms: {
      waiting: 'select count(*)::int as n from outbox_sms where sent_at is null and kept_at is null',
      failed: 'select count(*)::int as n from outbox_sms where kept_at is not null',
    },
  },
  jobs: ({ db, config }) => {
    const transport = config.smtpUrl ? smtpTransport(config.smtpUrl) : undefined;
    // E-mail waits in the outbox table until this sends it (or keeps it, without SMTP).
    return [{ name: 'sending e-mail', everyMs: 5_000, run: async () => countMessages('email', await deliverOutbox(db, transport, config.mailFrom)) }];
  },
};
