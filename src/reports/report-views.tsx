import type { FastifyRequest } from 'fastify';
import { DataTable } from '../http/data-table.tsx';
import { CsrfField, JobProgress, Page } from '../http/layout.tsx';
import { nodeName } from '../organisation/node.ts';
import type { MessageKey } from '../shared/i18n/index.ts';
import type { ReportRun } from './report-queries.ts';

/** The latest period's report runs: progress, each node's status and error, its PDF and a rerun button. */
export function ReportRunsPage({ request, notice, jobs }: { request: FastifyRequest; notice: string | undefined; jobs: ReportRun[] }) {
  const { t, lang } = request;
  const period = jobs[0]?.period;
  const count = (s: string) => jobs.filter((j) => j.status === s).length;
  const busy = count('queued') + count('running') > 0;
  return (
    <Page request={request} title={t('report.runsTitle')} notice={notice} refreshSeconds={busy ? 2 : undefined}>
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
        <p>{t('report.noneYet')}</p>
      )}
    </Page>
  );
}
