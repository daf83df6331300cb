import type { Capability } from '../capability.ts';
import { canSeeActions } from '../access/permissions.ts';
import * as texts from './texts.ts';

/** Development actions (seed 001, steps 5–12): from feedback or a result to a change, its follow-up, and telling residents. */
export const actions: Capability = {
  name: 'actions',
  texts,
  routes: async (app, { db, config }) => {
    await app.register((await import('./action-routes.tsx')).actionRoutes, { db, config });
    await app.register((await import('./api-routes.ts')).actionApiRoutes, { db });
    await app.register((await import('./public-routes.tsx')).changedRoutes, { db });
  },
  menu: [{ href: '/admin/actions', label: 'actions.title', order: 65, show: canSeeActions }],
  home: async ({ db }, user, lang) => (await import('./home-tasks.ts')).actionHomeTasks(db, user, lang),
  jobs: ({ db, config }) => [
    {
      // Reminders claim their rows in the database, so several instances never send one twice.
      name: 'development action reminders',
      everyMs: 10 * 60_000,
      runNow: true,
      run: async () => (await import('./reminders.ts')).remindActionOwners(db, config.publicUrl),
    },
  ],
};
