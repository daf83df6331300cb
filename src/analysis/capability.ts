import { canAdministerCounty } from '../access/permissions.ts';
import type { Capability } from '../capability.ts';
import { analysePending } from './analysis-job.ts';
import { providerFromConfig } from './provider.ts';
import { analysisRoutes } from './routes.tsx';

/** Topics, tone and masking of open answers and feedback; the taxonomy and its versions. */
export const analysis: Capability = {
  name: 'analysis',
  routes: async (app, { db, config }) => {
    await app.register(analysisRoutes, { db, provider: providerFromConfig(config) });
  },
  menu: [{ href: '/admin/analysis', label: 'nav.analysis', order: 160, show: canAdministerCounty }],
  jobs: ({ db, config }) => {
    const provider = providerFromConfig(config);
    // A few seconds after a text arrives (never in the request), and the whole history again when
    // the taxonomy or the model changes.
    return [{ name: 'analysing texts', everyMs: 2_000, run: () => analysePending(db, provider) }];
  },
  queues: { analysis: { waiting: 'select count(*)::int as n from analysis_queue' } },
};
