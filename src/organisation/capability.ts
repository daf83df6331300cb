import { canBrowseOrganisation } from '../access/permissions.ts';
import type { Capability } from '../capability.ts';
import { organisationRoutes } from './routes.tsx';

/** The organisation tree: county, divisions, result areas, units and services; import, export, search. */
export const organisation: Capability = {
  name: 'organisation',
  routes: async (app, { db, config }) => {
    await app.register(organisationRoutes, { db, config });
  },
  menu: [{ href: '/admin/org', label: 'nav.org', order: 20, show: canBrowseOrganisation }],
};
