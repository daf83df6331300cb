import type { FastifyInstance } from 'fastify';
import { canAdministerCounty } from '../access/permissions.ts';
import { redirectWithNotice, requireUser, takeNotice } from '../http/context.ts';
import { sendPage } from '../http/render.tsx';
import type { Db } from '../shared/db.ts';
import { AppError } from '../shared/errors.ts';
import { type BrandIssue, maxLogoBytes, readBrand, readLogo, saveBrand } from './brand.ts';
import { BrandPage } from './brand-views.tsx';
import { forgetSiteBrand } from './county-name.ts';

type Field = { value?: unknown; toBuffer?: () => Promise<Buffer>; filename?: string } | undefined;

export async function brandRoutes(app: FastifyInstance, opts: { db: Db }) {
  const { db } = opts;

  // The logo is public (every public page shows it). An SVG is an image, never a page: no script runs.
  app.get('/brand/logo', async (_request, reply) => {
    const logo = await readLogo(db);
    if (!logo) throw new AppError('not_found', 'No logo');
    return reply
      .header('content-type', logo.type)
      .header('cache-control', 'public, max-age=86400')
      .header('content-security-policy', "default-src 'none'; style-src 'unsafe-inline'; sandbox")
      .send(logo.logo);
  });

  app.get('/admin/brand', async (request, reply) => {
    const user = requireUser(request);
    if (!canAdministerCounty(user)) throw new AppError('forbidden', "The county's administrators only");
    return sendPage(reply, <BrandPage request={request} brand={await readBrand(db)} notice={takeNotice(request, reply)} />);
  });

  app.post('/admin/brand', async (request, reply) => {
    const user = requireUser(request);
    if (!canAdministerCounty(user)) throw new AppError('forbidden', "The county's administrators only");
    const body = (request.body ?? {}) as Record<string, Field | string>;
    const text = (f: Field | string) => (typeof f === 'string' ? f : typeof f?.value === 'string' ? f.value : '');
    const file = body.logo as Field;
    const logo = file?.toBuffer && file.filename ? await file.toBuffer() : undefined;
    const homeUrl = text(body.homeUrl);
    try {
      await saveBrand(db, user, { logo, removeLogo: text(body.removeLogo) === 'yes', homeUrl });
    } catch (err) {
      if (!(err instanceof AppError) || err.code !== 'invalid') throw err;
      const issues = (err.details as { issues: BrandIssue[] }).issues;
      return sendPage(reply, <BrandPage request={request} brand={await readBrand(db)} typed={{ homeUrl }} issues={issues} maxKb={maxLogoBytes / 1024} />, 400);
    }
    forgetSiteBrand(db);
    return redirectWithNotice(reply, '/admin/brand', 'common.saved');
  });
}
