import { canAdministerCounty } from '../access/permissions.ts';
import type { Capability } from '../capability.ts';
import * as texts from './texts.ts';

/** Topics, tone and masking of open answers and feedback; the taxonomy and its versions. */
export const analysis: Capability = {
  name: 'analysis',
  texts,
  routes: async (app, { db, config }) => {
    const { providerFor } = await import('./provider.ts');
    await app.register((await import('./routes.tsx')).analysisRoutes, { db, provider: () => providerFor(db, config) });
    await app.register((await import('./correction-routes.tsx')).correctionRoutes, { db });
  },
  menu: [{ href: '/admin/analysis', label: 'nav.analysis', order: 160, show: canAdministerCounty, section: 'channels' }],
  home: async ({ db }, user) => (await import('./home-tasks.ts')).analysisHomeTasks(db, user),
  jobs: ({ db, config }) => {
    // A few seconds after a text arrives (never in the request), and the whole history again when
    // the taxonomy or the model changes; the provider is asked each time, as a retrained tone model
    // (here or on another instance) changes it.
    const provider = async () => (await import('./provider.ts')).providerFor(db, config);
    return [
      { name: 'analysing texts', everyMs: 2_000, run: async () => (await import('./analysis-job.ts')).analysePending(db, await provider()) },
      { name: 'retraining the tone model', everyMs: 5_000, run: async () => (await import('./retrain.ts')).retrainPending(db, config) },
    ];
  },
  queues: { analysis: { waiting: 'select count(*)::int as n from analysis_queue' } },
};
