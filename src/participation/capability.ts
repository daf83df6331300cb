import type { Capability } from '../capability.ts';
import * as texts from './texts.ts';
import { canSeePoolFigures } from '../access/permissions.ts';

/** Customer participation: the resident pool, customer councils, experience experts, development projects. */
export const participation: Capability = {
  name: 'participation',
  texts,
  routes: async (app, { db, config }) => {
    await app.register((await import('./pool-public-routes.tsx')).poolPublicRoutes, { db, config });
    await app.register((await import('./council-public-routes.tsx')).councilPublicRoutes, { db });
    await app.register((await import('./hub-routes.tsx')).participationHubRoutes, { db, config });
    await app.register((await import('./council-routes.tsx')).councilRoutes, { db });
    await app.register((await import('./expert-routes.tsx')).expertRoutes, { db });
    await app.register((await import('./project-routes.tsx')).projectRoutes, { db });
  },
  menu: [
    { href: '/admin/participation', label: 'nav.participation', order: 80, show: canSeePoolFigures },
    { href: '/admin/participation/requests', label: 'nav.expertRequests', order: 90, show: (u) => !canSeePoolFigures(u) },
  ],
  home: async ({ db }, user) => (await import('./home-tasks.ts')).participationHomeTasks(db, user),
  jobs: ({ db }) => [
    {
      name: 'erasing participants no longer needed',
      everyMs: 60 * 60_000,
      runNow: true,
      run: async () => (await import('./retention.ts')).eraseExpiredParticipants(db),
    },
  ],
};
