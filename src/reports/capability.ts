import { canAdministerCounty, canOpenResults } from '../access/permissions.ts';
import type { Capability } from '../capability.ts';
import * as texts from './texts.ts';

/** Results: THL arithmetic, sums, the portal, targets, the customer journey, reports, results for residents. */
export const reports: Capability = {
  name: 'reports',
  texts,
  routes: async (app, { db, readDb }) => {
    // Reporting reads may go to a replica: read-only routes only, never a change.
    await app.register((await import('./portal-routes.tsx')).portalRoutes, { db: readDb, replica: readDb !== db });
    await app.register((await import('./targets-routes.tsx')).targetRoutes, { db });
    await app.register((await import('./journey-routes.tsx')).journeyRoutes, { db: readDb, primary: db });
    await app.register((await import('./report-routes.tsx')).reportRoutes, { db });
    await app.register((await import('./public-results-routes.tsx')).publicResultsRoutes, { db: readDb });
  },
  menu: [
    { href: '/portal', label: 'nav.portal', order: 30, show: canOpenResults },
    { href: '/admin/journey', label: 'nav.journey', order: 150, show: canAdministerCounty, section: 'reporting' },
    { href: '/admin/reports', label: 'nav.reports', order: 170, show: canAdministerCounty, section: 'reporting' },
  ],
  home: async ({ db }, user) => (await import('./home-tasks.ts')).reportHomeTasks(db, user),
  jobs: ({ db, config }) => [
    // Result sums follow new answers within a minute; queries are exact meanwhile.
    { name: 'result rollup refresh', everyMs: 60_000, runNow: true, run: async () => (await import('./refresh-rollup.ts')).refreshRollup(db) },
    // Monthly reports from the first working day on: jobs with fixed ids, each sent once.
    {
      name: 'monthly reports',
      everyMs: 60_000,
      runNow: true,
      run: async () => {
        await (await import('./monthly-run.ts')).scheduleMonthlyReports(db);
        for (;;) {
          const r = await (await import('./monthly-run.ts')).runReportJobs(db, config.publicUrl);
          if (r.done + r.failed === 0) break;
        }
      },
    },
  ],
  queues: {
    reports: {
      waiting: "select count(*)::int as n from report_job where status in ('queued', 'running')",
      failed: "select count(*)::int as n from report_job where status = 'failed'",
    },
  },
};
