import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { redirectWithNotice, requireCountyAdmin, takeNotice } from '../http/context.ts';
import { sendPage } from '../http/render.tsx';
import type { Config } from '../shared/config.ts';
import type { Db } from '../shared/db.ts';
import { AppError } from '../shared/errors.ts';
import { FhirAdminPage } from './admin-views.tsx';
import { type CodeMapProblem, codeMapCsv, listCodeMap, replaceCodeMap } from './code-map.ts';

/** /admin/fhir: where the patient systems send, and the map of their local unit codes (county administrators). */
export async function fhirAdminRoutes(app: FastifyInstance, opts: { db: Db; config: Config }) {
  const { db, config } = opts;

  app.get('/admin/fhir', async (request, reply) => {
    requireCountyAdmin(request);
    const rows = await listCodeMap(db);
    return sendPage(reply, <FhirAdminPage request={request} config={config} rows={rows} csv={codeMapCsv(rows)} notice={takeNotice(request, reply)} />);
  });

  app.post('/admin/fhir/codes', async (request, reply) => {
    const user = requireCountyAdmin(request);
    // the field itself is required: a form without it must not empty the map
    const { csv } = z.object({ csv: z.string().max(2_000_000) }).parse(request.body ?? {});
    try {
      await replaceCodeMap(db, user, csv);
    } catch (e) {
      if (!(e instanceof AppError) || e.code !== 'invalid') throw e;
      // Nothing was changed: the page again, with what was typed and each wrong line named.
      const rows = await listCodeMap(db);
      return sendPage(reply, <FhirAdminPage request={request} config={config} rows={rows} csv={csv} problems={e.details as CodeMapProblem[]} />, 400);
    }
    return redirectWithNotice(reply, '/admin/fhir', 'fhir.admin.saved');
  });
}
