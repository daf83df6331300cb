import type { Capability } from '../capability.ts';
import { feedbackApiRoutes } from './api-routes.ts';
import { eraseExpiredContacts, remindAndEscalate } from './deadline-jobs.ts';
import { feedbackFigureRoutes } from './figures-routes.tsx';
import { inboxRoutes } from './inbox-routes.tsx';
import { pageFeedbackRoutes } from './page-feedback-routes.tsx';
import { canLogOnBehalf, canReviewSpam, canUseFeedbackInbox } from './permissions.ts';
import { feedbackPublicRoutes } from './public-routes.tsx';
import { spamRoutes } from './spam-routes.tsx';

/** Free-form feedback: the public form, logging on a customer's behalf, handling within the promise, figures. */
export const feedback: Capability = {
  name: 'feedback',
  routes: async (app, { db, config }) => {
    await app.register(feedbackApiRoutes, { db, config });
    await app.register(feedbackPublicRoutes, { db, config });
    await app.register(spamRoutes, { db, config });
    await app.register(inboxRoutes, { db, config });
    await app.register(feedbackFigureRoutes, { db });
    await app.register(pageFeedbackRoutes, { db, config });
  },
  menu: [
    { href: '/admin/feedback', label: 'nav.inbox', order: 50, show: canUseFeedbackInbox },
    { href: '/admin/feedback/figures', label: 'figures.title', order: 60, show: (u) => !canUseFeedbackInbox(u) && u.grants.some((g) => g.role === 'analyst') },
    { href: '/admin/feedback/new', label: 'nav.logFeedback', order: 70, show: canLogOnBehalf },
    { href: '/admin/feedback/spam', label: 'spam.title', order: 130, show: canReviewSpam },
  ],
  jobs: ({ db, config }) => [
    // Reminders, escalation and erasing contact details claim their rows in the database, so
    // several instances can run them side by side.
    { name: 'feedback deadlines', everyMs: 60_000, runNow: true, run: () => remindAndEscalate(db, config.publicUrl) },
    { name: 'erasing contact details', everyMs: 60 * 60_000, runNow: true, run: () => eraseExpiredContacts(db, config.retention.contactDays) },
  ],
};
