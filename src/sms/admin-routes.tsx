import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { requireCountyAdmin, redirectWithNotice, takeNotice } from '../http/context.ts';
import { sendPage } from '../http/render.tsx';
import type { Config } from '../shared/config.ts';
import type { Db } from '../shared/db.ts';
import { AppError } from '../shared/errors.ts';
import type { MessageKey } from '../shared/i18n/index.ts';
import { saveSmsSurveys, smsSettings, visitTypes } from './sms-settings.ts';
import { addSmsSurveyOverride, removeSmsSurveyOverride, smsPlansFromForm } from './survey-overrides.ts';
import { saveSmsLimits, smsOverview } from './admin-queries.ts';
import { SmsAdminPage, SmsRefusedPage, VisitImportPage } from './admin-views.tsx';
import { getVisitImport, startVisitImport, visitImportSettled } from './visit-import.ts';

/** A setting that was not saved: what was wrong, and the way back. */
const refused = (request: FastifyRequest, reply: FastifyReply, message: MessageKey) =>
  sendPage(reply, <SmsRefusedPage request={request} message={message} />, 400);

export async function smsAdminRoutes(app: FastifyInstance, opts: { db: Db; config: Config }) {
  const { db, config } = opts;

  app.get('/admin/sms', async (request, reply) => {
    requireCountyAdmin(request);
    const overview = await smsOverview(db);
    return sendPage(reply, <SmsAdminPage request={request} notice={takeNotice(request, reply)} config={config} overview={overview} />);
  });

  app.post('/admin/sms/surveys', async (request, reply) => {
    requireCountyAdmin(request);
    const body = (request.body ?? {}) as Record<string, string | string[] | undefined>;
    const next = await smsPlansFromForm(db, (await smsSettings(db)).surveys, body);
    try {
      await saveSmsSurveys(db, next);
    } catch {
      return refused(request, reply, 'sms.errQuestions');
    }
    return redirectWithNotice(reply, '/admin/sms', 'sms.saved');
  });

  app.post('/admin/sms/overrides', async (request, reply) => {
    requireCountyAdmin(request);
    const body = z.object({ node: z.string().trim().min(1).max(200), type: z.enum(visitTypes), survey: z.string().min(1).max(63) }).safeParse(request.body);
    if (!body.success) return refused(request, reply, 'sms.errOverride');
    if (!(await addSmsSurveyOverride(db, body.data))) return refused(request, reply, 'sms.errOverride');
    return redirectWithNotice(reply, '/admin/sms', 'sms.saved');
  });

  app.post('/admin/sms/overrides/remove', async (request, reply) => {
    requireCountyAdmin(request);
    const index = Number((request.body as Record<string, unknown> | undefined)?.index);
    if (!(await removeSmsSurveyOverride(db, index))) return refused(request, reply, 'sms.errOverride');
    return redirectWithNotice(reply, '/admin/sms', 'sms.saved');
  });

  app.post('/admin/sms/limits', async (request, reply) => {
    requireCountyAdmin(request);
    const body = z
      .object({ frequencyDays: z.coerce.number().int().min(1).max(365), conversationHours: z.coerce.number().int().min(1).max(168) })
      .safeParse(request.body);
    if (!body.success) {
      return refused(request, reply, 'sms.errLimits');
    }
    await saveSmsLimits(db, body.data);
    return redirectWithNotice(reply, '/admin/sms', 'sms.saved');
  });

  app.post('/admin/sms/visits/import', async (request, reply) => {
    const user = requireCountyAdmin(request);
    const body = request.body as { file?: { toBuffer(): Promise<Buffer> } };
    if (!body.file || typeof body.file.toBuffer !== 'function') throw new AppError('invalid', 'Choose a file');
    const run = startVisitImport(db, config, (await body.file.toBuffer()).toString('utf8'), user.username);
    await visitImportSettled(run, 1500);
    return reply.redirect(`/admin/sms/visits/import/${run.id}`, 303);
  });

  app.get('/admin/sms/visits/import/:id', async (request, reply) => {
    requireCountyAdmin(request);
    const run = getVisitImport(z.object({ id: z.string().max(40) }).parse(request.params).id);
    if (!run) throw new AppError('not_found', 'No such import');
    return sendPage(reply, <VisitImportPage request={request} run={run} />, run.status === 'failed' ? 422 : 200);
  });
}
