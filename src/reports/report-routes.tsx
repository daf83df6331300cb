import type { FastifyInstance } from 'fastify';
import { canOpenResults } from '../access/permissions.ts';
import { z } from 'zod';
import { requireCountyAdmin, requireUser, redirectWithNotice, takeNotice } from '../http/context.ts';
import { DataTable } from '../http/data-table.tsx';
import { CsrfField, JobProgress, Page } from '../http/layout.tsx';
import { sendPage } from '../http/render.tsx';
import { nodeName, type OrgNode } from '../organisation/node.ts';
import { ancestry, getNodeByCode } from '../organisation/tree-queries.ts';
import type { Db } from '../shared/db.ts';
import { maybeOne } from '../shared/db.ts';
import { AppError } from '../shared/errors.ts';
import type { MessageKey } from '../shared/i18n/index.ts';
import { canReadResults } from '../access/permissions.ts';

/** The monthly reports: their PDFs behind sign-in, subscribing from the portal, and the runs for administrators. */
export async function reportRoutes(app: FastifyInstance, opts: { db: Db }) {
  const { db } = opts;

  app.get<{ Params: { id: string; file: string } }>('/reports/:id/:file', async (request, reply) => {
    const user = requireUser(request);
    const lang = /^(fi|sv|en)\.pdf$/.exec(request.params.file)?.[1];
    const job = await maybeOne<{ node_id: number; period: string }>(db, 'select node_id, period from report_job where id = $1', [request.params.id]);
    if (!job || !lang) throw new AppError('not_found', 'No such report');
    if (
      !canReadResults(
        user,
        (await ancestry(db, job.node_id)).map((n) => n.id),
      )
    )
      throw new AppError('forbidden', 'Not allowed to read this report');
    const file = await maybeOne<{ pdf: Buffer }>(db, 'select pdf from report_file where job_id = $1 and lang = $2', [request.params.id, lang]);
    if (!file) throw new AppError('not_found', 'The report has not been made in this language');
    reply.header('content-disposition', `inline; filename="${request.params.id.replace(/[^A-Za-z0-9.-]/g, '_')}-${lang}.pdf"`);
    reply.header('cache-control', 'private, no-store');
    return reply.type('application/pdf').send(Buffer.from(file.pdf));
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
    if (form.action === 'subscribe')
      await db.query('insert into report_subscription (user_id, node_id) values ($1, $2) on conflict do nothing', [user.userId, node.id]);
    else await db.query('delete from report_subscription where user_id = $1 and node_id = $2', [user.userId, node.id]);
    return redirectWithNotice(
      reply,
      `/portal?node=${encodeURIComponent(node.code)}`,
      form.action === 'subscribe' ? 'report.subscribed' : 'report.unsubscribed',
    );
  });

  app.get('/admin/reports', async (request, reply) => {
    requireCountyAdmin(request);
    const { t, lang } = request;
    const jobs = await db.query<{
      id: string;
      period: string;
      status: string;
      attempts: number;
      last_error: string | null;
      node: OrgNode;
      langs: string[] | null;
    }>(
      `select j.id, j.period, j.status, j.attempts, j.last_error, to_jsonb(n) as node,
              (select array_agg(lang order by lang) from report_file f where f.job_id = j.id) as langs
       from report_job j join org_node n on n.id = j.node_id
       where j.period = (select max(period) from report_job)
       order by j.status <> 'failed', n.name_fi`,
    );
    const period = jobs[0]?.period;
    const count = (s: string) => jobs.filter((j) => j.status === s).length;
    const busy = count('queued') + count('running') > 0;
    return sendPage(
      reply,
      <Page request={request} title={t('report.runsTitle')} notice={takeNotice(request, reply)} refreshSeconds={busy ? 2 : undefined}>
        {period ? (
          <>
            <JobProgress
              label={t('report.runProgress', { period, done: count('done'), total: jobs.length, failed: count('failed') })}
              done={count('done')}
              total={jobs.length}
            />
            <DataTable
              numeric={false}
              columns={[t('portal.unit'), t('report.status'), t('report.error'), '', '']}
              rows={jobs.map((j) => ({
                head: nodeName(j.node, lang),
                cells: [
                  `${t(`report.status.${j.status}` as MessageKey)}${j.attempts > 1 ? ` (${j.attempts})` : ''}`,
                  j.last_error ?? '',
                  j.langs?.length ? (
                    <a href={`/reports/${encodeURIComponent(j.id)}/${j.langs.includes(lang) ? lang : j.langs[0]}.pdf`}>{t('report.open')}</a>
                  ) : (
                    ''
                  ),
                  <form method="post" action={`/admin/reports/${encodeURIComponent(j.id)}/rerun`}>
                    <CsrfField request={request} />
                    <button type="submit" aria-label={`${t('report.rerun')}: ${nodeName(j.node, lang)}`}>
                      {t('report.rerun')}
                    </button>
                  </form>,
                ],
              }))}
            />
          </>
        ) : (
          <p>{t('common.noFeedbackInPeriod')}</p>
        )}
      </Page>,
    );
  });

  app.post<{ Params: { id: string } }>('/admin/reports/:id/rerun', async (request, reply) => {
    requireCountyAdmin(request);
    const rows = await db.query("update report_job set status = 'queued', attempts = 0, due_at = now(), last_error = null where id = $1 returning 1", [
      request.params.id,
    ]);
    if (!rows.length) throw new AppError('not_found', 'No such report');
    return redirectWithNotice(reply, '/admin/reports', 'report.rerunQueued');
  });
}
