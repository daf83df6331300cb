import type { Capability } from '../capability.ts';
import * as texts from './texts.ts';

/** Survey definitions and versions, collection points, respondent pages, paper entry and the responses API. */
export const surveys: Capability = {
  name: 'surveys',
  texts,
  routes: async (app, { db, readDb, config }) => {
    await app.register((await import('./api-routes.ts')).surveyApiRoutes, { db, readDb });
    await app.register((await import('./respondent-routes.tsx')).respondentRoutes, { db });
    await app.register((await import('./admin-routes.tsx')).surveyAdminRoutes, { db, config });
    await app.register((await import('./editor-routes.tsx')).surveyEditorRoutes, { db });
    await app.register((await import('./survey-admin-routes.tsx')).surveyVersionRoutes, { db });
    await app.register((await import('./language-routes.tsx')).languageRoutes, { db });
    // the county's own respondent languages: a handful of rows, whatever the data
    await (await import('./language-packs.ts')).loadCountyLanguages(db);
  },
  // another instance may have added a language
  jobs: ({ db }) => [{ name: 'respondent languages', everyMs: 60_000, run: async () => (await import('./language-packs.ts')).loadCountyLanguages(db) }],
  menu: [{ href: '/admin/surveys', label: 'nav.surveys', order: 40, show: () => true }],
};
