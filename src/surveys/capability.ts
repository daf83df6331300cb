import type { Capability } from '../capability.ts';
import { surveyAdminRoutes } from './admin-routes.tsx';
import { surveyApiRoutes } from './api-routes.ts';
import { respondentRoutes } from './respondent-routes.tsx';
import { surveyVersionRoutes } from './survey-admin-routes.tsx';

/** Survey definitions and versions, collection points, respondent pages, paper entry and the responses API. */
export const surveys: Capability = {
  name: 'surveys',
  routes: async (app, { db, readDb, config }) => {
    await app.register(surveyApiRoutes, { db, readDb });
    await app.register(respondentRoutes, { db });
    await app.register(surveyAdminRoutes, { db, config });
    await app.register(surveyVersionRoutes, { db });
  },
  menu: [{ href: '/admin/surveys', label: 'nav.surveys', order: 40, show: () => true }],
};
