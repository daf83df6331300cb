import { canAdministerCounty } from '../access/permissions.ts';
import type { Capability } from '../capability.ts';
import * as texts from './texts.ts';

/** HL7 FHIR R4 in: visits from the patient and client systems, posted or announced by a Subscription. */
export const fhir: Capability = {
  name: 'fhir',
  texts,
  routes: async (app, { db, config }) => {
    await app.register((await import('./routes.ts')).fhirRoutes, { db, config });
    await app.register((await import('./admin-routes.tsx')).fhirAdminRoutes, { db, config });
  },
  menu: [{ href: '/admin/fhir', label: 'nav.fhir', order: 145, show: canAdministerCounty, section: 'channels' }],
};
