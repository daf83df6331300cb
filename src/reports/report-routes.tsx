import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { canOpenResults, canReadResults } from '../access/permissions.ts';
import { requireCountyAdmin, requireUser, redirectWithNotice, takeNotice } from '../http/context.ts';
import { sendPage } from '../http/render.tsx';
import type { OrgNode } from '../organisation/node.ts';
import { ancestry, getNodeByCode } from '../organisation/tree-queries.ts';
import type { Db } from '../shared/db.ts';
import { AppError } from '../shared/errors.ts';
import { latestReportRuns, reportJob, reportPdf, rerunReport, setSubscription } from './report-queries.ts';
import { addNamedRecipient, namedRecipients, removeNamedRecipient, sharedReport } from './named-recipients.ts';
import { ReportRunsPage } from './report-views.tsx';

/** The monthly reports: their PDFs behind sign-in, subscribing from the portal, and the runs for administrators. */
export async function reportRoutes(app: FastifyInstance, opts: { db: Db }) {
  const { db } = opts;

  app.get<{ Params: { id: string; file: string } }>('/reports/:id/:file', async (request, reply) => {
    const user = requireUser(request);
    const lang = /^(fi|sv|en)\.pdf$/.exec(request.params.file)?.[1];
    const job = await reportJob(db, request.params.id);
    if (!job || !lang) throw new AppError('not_found', 'No such report');
    if (
      !canReadResults(
        user,
        (await ancestry(db, job.node_id)).map((n) => n.id),
      )
    )
      throw new AppError('forbidden', 'Not allowed to read this report');
    const pdf = await reportPdf(db, request.params.id, lang);
    if (!pdf) throw new AppError('not_found', 'The report has not been made in this language');
    reply.header('content-disposition', `inline; filename="${request.params.id.replace(/[^A-Za-z0-9.-]/g, '_')}-${lang}.pdf"`);
    reply.header('cache-control', 'private, no-store');
    return reply.type('application/pdf').send(pdf);
  });

  const subscribeForm = z.object({ node: z.string().min(1).max(200), action: z.enum(['subscribe', 'unsubscribe']) });
  app.post('/portal/subscribe', async (request, reply) => {
    const user = requireUser(request);
    if (!canOpenResults(user)) throw new AppError('forbidden', 'Reports are for managers, analysts and administrators');
    const form = subscribeForm.parse(request.body);
    const node: OrgNode = await getNodeByCode(db, form.node);
    if (
      !canReadResults(
        user,
        (await ancestry(db, node.id)).map((n) => n.id),
      )
    )
      throw new AppError('forbidden', 'Not allowed to read results for this node');
    await setSubscription(db, user.userId, node.id, form.action === 'subscribe');
    return redirectWithNotice(
      reply,
      `/portal?node=${encodeURIComponent(node.code)}`,
      form.action === 'subscribe' ? 'report.subscribed' : 'report.unsubscribed',
    );
  });

  const runsPage = async (request: FastifyRequest, reply: FastifyReply, form?: { issues: string[]; values: Record<string, string> }) =>
    sendPage(
      reply,
      <ReportRunsPage request={request} notice={takeNotice(request, reply)} jobs={await latestReportRuns(db)} named={await namedRecipients(db)} form={form} />,
      form ? 400 : 200,
    );

  app.get('/admin/reports', async (request, reply) => {
    requireCountyAdmin(request);
    return runsPage(request, reply);
  });

  // The county level's named recipients: only the county's own administrators, as the report is the whole county's.
  app.post('/admin/reports/recipients', async (request, reply) => {
    const user = requireCountyAdmin(request);
    const body = (request.body ?? {}) as Record<string, unknown>;
    const values = { name: String(body.name ?? ''), email: String(body.email ?? ''), locale: String(body.locale ?? '') };
    try {
      await addNamedRecipient(db, user, values);
    } catch (err) {
      if (!(err instanceof AppError) || err.code !== 'invalid') throw err;
      return runsPage(request, reply, { issues: (err.details as { issues: string[] }).issues, values });
    }
    return redirectWithNotice(reply, '/admin/reports#named-h', 'report.named.added');
  });

  app.post<{ Params: { id: string } }>('/admin/reports/recipients/:id/remove', async (request, reply) => {
    const user = requireCountyAdmin(request);
    await removeNamedRecipient(db, user, z.coerce.number().int().positive().parse(request.params.id));
    return redirectWithNotice(reply, '/admin/reports#named-h', 'report.named.removed');
  });

  // A named recipient's copy, by the secret link in their e-mail: no session, so nothing else opens.
  app.get<{ Params: { file: string } }>('/reports/shared/:file', async (request, reply) => {
    const shared = await sharedReport(db, request.params.file.replace(/\.pdf$/, ''));
    if (!shared) throw new AppError('not_found', 'The link has run out or is not valid');
    reply.header('content-disposition', `inline; filename="${shared.jobId.replace(/[^A-Za-z0-9.-]/g, '_')}-${shared.lang}.pdf"`);
    reply.header('cache-control', 'private, no-store');
    reply.header('referrer-policy', 'no-referrer');
    return reply.type('application/pdf').send(shared.pdf);
  });

  app.post<{ Params: { id: string } }>('/admin/reports/:id/rerun', async (request, reply) => {
    requireCountyAdmin(request);
    if (!(await rerunReport(db, request.params.id))) throw new AppError('not_found', 'No such report');
    return redirectWithNotice(reply, '/admin/reports', 'report.rerunQueued');
  });
}
