import { canAdministerCounty } from '../access/permissions.ts';
import type { Capability } from '../capability.ts';
import * as texts from './texts.ts';
import { countMessages } from '../shared/metrics.ts';

/** Outgoing webhooks for the county's other systems. */
export const webhooks: Capability = {
  name: 'webhooks',
  texts,
  routes: async (app, { db, config }) => {
    await app.register((await import('./routes.tsx')).webhookRoutes, { db, config });
  },
  menu: [{ href: '/admin/webhooks', label: 'nav.webhooks', order: 180, show: canAdministerCounty, section: 'system' }],
  jobs: ({ db, config }) => [
    {
      name: 'delivering webhooks',
      everyMs: 2_000,
      run: async () => countMessages('webhook', await (await import('./deliver.ts')).deliverWebhooks(db, { allowPrivate: config.webhookAllowPrivate })),
    },
  ],
  queues: {
    webhooks: {
      waiting: 'select count(*)::int as n from webhook_delivery where delivered_at is null and gave_up_at is null',
      failed: 'select count(*)::int as n from webhook_delivery where gave_up_at is not null',
    },
  },
};
