import type { Capability } from '../capability.ts';
import { councilPublicRoutes } from './council-public-routes.tsx';
import { councilRoutes } from './council-routes.tsx';
import { expertRoutes } from './expert-routes.tsx';
import { participationHubRoutes } from './hub-routes.tsx';
import { canSeePoolFigures } from './permissions.ts';
import { poolPublicRoutes } from './pool-public-routes.tsx';
import { projectRoutes } from './project-routes.tsx';
import { eraseExpiredParticipants } from './retention.ts';

/** Customer participation: the resident pool, customer councils, experience experts, development projects. */
export const participation: Capability = {
  name: 'participation',
  routes: async (app, { db, config }) => {
    await app.register(poolPublicRoutes, { db, config });
    await app.register(councilPublicRoutes, { db });
    await app.register(participationHubRoutes, { db, config });
    await app.register(councilRoutes, { db });
    await app.register(expertRoutes, { db });
    await app.register(projectRoutes, { db });
  },
  menu: [
    { href: '/admin/participation', label: 'nav.participation', order: 80, show: canSeePoolFigures },
    { href: '/admin/participation/requests', label: 'nav.expertRequests', order: 90, show: (u) => !canSeePoolFigures(u) },
  ],
  jobs: ({ db }) => [{ name: 'erasing participants no longer needed', everyMs: 60 * 60_000, runNow: true, run: () => eraseExpiredParticipants(db) }],
};
