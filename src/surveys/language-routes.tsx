import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { redirectWithNotice, takeNotice } from '../http/context.ts';
import { multipartFields } from '../http/multipart-fields.ts';
import { sendPage } from '../http/render.tsx';
import type { Db } from '../shared/db.ts';
import { requirePublisher as requirePublisherOf } from './require-publisher.ts';
import { AppError } from '../shared/errors.ts';
import { languageOverview, languagePackTemplate, type PackIssue, saveLanguagePack } from './language-packs.ts';
import { LanguagesPage } from './language-views.tsx';

const codeQuery = z.object({ code: z.string().regex(/^[a-z]{2,3}$/) });

/** `/admin/surveys/languages`: respondent languages a county adds as language packs (county administrators). */
export async function languageRoutes(app: FastifyInstance, opts: { db: Db }) {
  const { db } = opts;
  const requirePublisher = (request: FastifyRequest) => requirePublisherOf(db, request);

  app.get('/admin/surveys/languages', async (request, reply) => {
    await requirePublisher(request);
    const rows = await languageOverview(db, request.lang);
    return sendPage(reply, <LanguagesPage request={request} rows={rows} notice={takeNotice(request, reply)} />);
  });

  app.get('/admin/surveys/languages/template.json', async (request, reply) => {
    await requirePublisher(request);
    const { code } = codeQuery.parse(request.query);
    const template = await languagePackTemplate(db, code);
    return reply
      .header('content-type', 'application/json; charset=utf-8')
      .header('content-disposition', `attachment; filename="kaiku-${code}.json"`)
      .send(JSON.stringify(template, null, 2));
  });

  app.post('/admin/surveys/languages', async (request, reply) => {
    const user = await requirePublisher(request);
    const sent = request.isMultipart() ? await multipartFields(request.body) : { fields: {} };
    const refuse = async (issues: PackIssue[]) =>
      sendPage(reply, <LanguagesPage request={request} rows={await languageOverview(db, request.lang)} issues={issues} />, 400);
    const file = 'file' in sent ? sent.file : undefined;
    let pack: unknown;
    try {
      pack = JSON.parse(file?.bytes.toString('utf8') ?? '');
    } catch {
      return refuse([{ path: file?.filename ?? '(pack)', kind: 'invalid' }]);
    }
    try {
      const saved = await saveLanguagePack(db, user, pack);
      return redirectWithNotice(reply, '/admin/surveys/languages', saved.offered.length ? 'langs.saved' : 'langs.savedNoSurvey');
    } catch (err) {
      if (err instanceof AppError && err.code === 'invalid') return refuse((err.details as { issues: PackIssue[] }).issues);
      throw err;
    }
  });
}
