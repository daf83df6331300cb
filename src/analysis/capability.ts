import { canAdministerCounty } from '../access/permissions.ts';
import { type Capability, once } from '../capability.ts';
import * as texts from './texts.ts';

/** Topics, tone and masking of open answers and feedback; the taxonomy and its versions. */
export const analysis: Capability = {
  name: 'analysis',
  texts,
  routes: async (app, { db, config }) => {
    await app.register((await import('./routes.tsx')).analysisRoutes, { db, provider: (await import('./provider.ts')).providerFromConfig(config) });
  },
  menu: [{ href: '/admin/analysis', label: 'nav.analysis', order: 160, show: canAdministerCounty, section: 'channels' }],
  home: async ({ db }, user) => (await import('./home-tasks.ts')).analysisHomeTasks(db, user),
  jobs: ({ db, config }) => {
    const provider = once(async () => (await import('./provider.ts')).providerFromConfig(config));
    // A few seconds after a text arrives (never in the request), and the whole history again when
    // the taxonomy or the model changes.
    return [{ name: 'analysing texts', everyMs: 2_000, run: async () => (await import('./analysis-job.ts')).analysePending(db, await provider()) }];
  },
  queues: { analysis: { waiting: 'select count(*)::int as n from analysis_queue' } },
};
