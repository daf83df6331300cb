import { canAdministerCounty } from '../access/permissions.ts';
import { type Capability, once } from '../capability.ts';
import * as texts from './texts.ts';
import { countMessages } from '../shared/metrics.ts';

/** SMS surveys: visits in, the sending rules, the conversation, providers and their webhooks. */
export const sms: Capability = {
  name: 'sms',
  texts,
  routes: async (app, { db, config }) => {
    await app.register((await import('./api-routes.ts')).smsApiRoutes, { db, config });
    await app.register((await import('./admin-routes.tsx')).smsAdminRoutes, { db, config });
    await app.register((await import('./email-stop-routes.tsx')).emailStopRoutes, { db });
  },
  menu: [{ href: '/admin/sms', label: 'nav.sms', order: 140, show: canAdministerCounty, section: 'channels' }],
  home: async ({ config }, user) => (await import('./home-tasks.ts')).smsHomeTasks(config, user),
  jobs: ({ db, config }) => {
    const provider = once(async () => (await import('./providers.ts')).smsProvider(config));
    return [
      // Held visits whose unit now exists, requests whose time has come, replies nobody finished.
      {
        name: 'starting SMS surveys',
        everyMs: 10_000,
        runNow: true,
        run: async () => {
          await (await import('./visits.ts')).releaseHeldVisits(db, config);
          // Batch after batch while there is work: a morning's requests go out in minutes.
          for (;;) {
            const r = await (await import('./conversation.ts')).startDueConversations(db, config);
            if (r.started + r.skipped + r.postponed < 500) break;
          }
          await (await import('./conversation.ts')).expireConversations(db);
        },
      },
      // Answers of ended conversations, stored in batches so that none is tied to a reply's moment.
      { name: 'storing SMS answers', everyMs: 60_000, runNow: true, run: async () => (await import('./conversation.ts')).storeSmsAnswers(db) },
      {
        name: 'sending SMS',
        everyMs: 1_000,
        run: async () => {
          for (;;) {
            const r = await (await import('./deliver.ts')).deliverSms(db, await provider(), 50);
            countMessages('sms', r);
            if (r.sent + r.failed + r.kept < 50) break;
          }
        },
      },
      // Numbers no rule needs any more, old messages and visits.
      { name: 'forgetting phone numbers', everyMs: 60 * 60_000, runNow: true, run: async () => (await import('./conversation.ts')).forgetOldNumbers(db) },
    ];
  },
};
