import { canMapProviderRoles } from '../access/permissions.ts';
import type { Capability } from '../capability.ts';
import * as texts from './texts.ts';

/** Staff sign in with the county's OpenID provider; accounts and roles follow it. */
export const identity: Capability = {
  name: 'identity',
  texts,
  routes: async (app, { db, config }) => {
    await app.register((await import('./routes.tsx')).identityRoutes, { db, config });
    await app.register((await import('./scim-routes.ts')).scimRoutes, { db, config });
  },
  menu: [{ href: '/admin/identity', label: 'nav.identity', order: 105, show: canMapProviderRoles, section: 'people' }],
};
