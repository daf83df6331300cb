import { canAdministerCounty, canBrowseOrganisation } from '../access/permissions.ts';
import type { Capability } from '../capability.ts';
import * as texts from './texts.ts';

/** The organisation tree: county, divisions, result areas, units and services; import, export, search. */
export const organisation: Capability = {
  name: 'organisation',
  texts,
  routes: async (app, { db, config }) => {
    // Every page after this one knows the county's name: the public pages are headed by it, not "Kaiku".
    const { countyName, siteBrand } = await import('./county-name.ts');
    app.addHook('preHandler', async (request) => {
      [request.siteName, request.siteBrand] = await Promise.all([countyName(db), siteBrand(db)]);
    });
    await app.register((await import('./routes.tsx')).organisationRoutes, { db, config });
    await app.register((await import('./brand-routes.tsx')).brandRoutes, { db });
  },
  menu: [
    { href: '/admin/org', label: 'nav.org', order: 20, show: canBrowseOrganisation },
    { href: '/admin/brand', label: 'brand.title', order: 175, show: canAdministerCounty, section: 'public' },
  ],
};
