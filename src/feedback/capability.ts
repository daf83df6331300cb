import type { Capability } from '../capability.ts';
import * as texts from './texts.ts';
import { canLogOnBehalf, canReviewSpam, canUseFeedbackInbox, canSeeFeedbackFigures } from '../access/permissions.ts';

/** Free-form feedback: the public form, logging on a customer's behalf, handling within the promise, figures. */
export const feedback: Capability = {
  name: 'feedback',
  texts,
  routes: async (app, { db, config }) => {
    await app.register((await import('./api-routes.ts')).feedbackApiRoutes, { db, config });
    await app.register((await import('./public-routes.tsx')).feedbackPublicRoutes, { db, config });
    await app.register((await import('./channels-routes.tsx')).channelsRoutes, { db });
    await app.register((await import('./spam-routes.tsx')).spamRoutes, { db, config });
    await app.register((await import('./units-without-handler-routes.tsx')).unitsWithoutHandlerRoutes, { db });
    await app.register((await import('./inbox-routes.tsx')).inboxRoutes, { db, config });
    await app.register((await import('./figures-routes.tsx')).feedbackFigureRoutes, { db });
    await app.register((await import('./page-feedback-routes.tsx')).pageFeedbackRoutes, { db, config });
  },
  menu: [
    { href: '/admin/feedback', label: 'nav.inbox', order: 50, show: canUseFeedbackInbox },
    { href: '/admin/feedback/figures', label: 'figures.title', order: 60, show: canSeeFeedbackFigures },
    { href: '/admin/feedback/new', label: 'nav.logFeedback', order: 70, show: canLogOnBehalf },
    { href: '/admin/feedback/spam', label: 'spam.title', order: 130, show: canReviewSpam, section: 'feedback' },
    { href: '/admin/feedback/no-handler', label: 'noHandler.title', order: 135, show: canReviewSpam, section: 'feedback' },
  ],
  home: async ({ db }, user, lang) => (await import('./home-tasks.ts')).feedbackHomeTasks(db, user, lang),
  jobs: ({ db, config }) => [
    // Reminders, escalation and erasing contact details claim their rows in the database, so
    // several instances can run them side by side.
    {
      name: 'feedback deadlines',
      everyMs: 60_000,
      runNow: true,
      run: async () => (await import('./deadline-jobs.ts')).remindAndEscalate(db, config.publicUrl),
    },
    {
      name: 'erasing contact details',
      everyMs: 60 * 60_000,
      runNow: true,
      run: async () => (await import('./deadline-jobs.ts')).eraseExpiredContacts(db, config.retention.contactDays),
    },
  ],
};
