import type { FastifyRequest } from 'fastify';
import { DataTable } from '../http/data-table.tsx';
import { CsrfField, ErrorSummary, JobProgress, Page } from '../http/layout.tsx';
import { nodeName } from '../organisation/node.ts';
import type { MessageKey } from '../shared/i18n/index.ts';
import { type NamedRecipient, sharedLinkDays } from './named-recipients.ts';
import type { ReportRun } from './report-queries.ts';

/** The latest period's report runs: progress, each node's status and error, its PDF and a rerun button. */
export function ReportRunsPage({
  request,
  notice,
  jobs,
  named,
  form,
}: {
  request: FastifyRequest;
  notice: string | undefined;
  jobs: ReportRun[];
  named: NamedRecipient[];
  /** A refused recipient: what was wrong and what was typed. */
  form?: { issues: string[]; values: Record<string, string> } | undefined;
}) {
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
      <NamedRecipients request={request} named={named} form={form} />
    </Page>
  );
}

/** The people outside Kaiku's accounts who get the county-level reports, and the form to add one. */
function NamedRecipients({
  request,
  named,
  form,
}: {
  request: FastifyRequest;
  named: NamedRecipient[];
  form?: { issues: string[]; values: Record<string, string> } | undefined;
}) {
  const { t } = request;
  const issues = form?.issues ?? [];
  const fieldOf = (i: string) => (i === 'duplicate' ? 'email' : i);
  const errorFor = (f: string) => issues.filter((i) => fieldOf(i) === f).map((i) => t(`report.named.err.${i}` as MessageKey));
  const attrs = (f: string) => ({
    id: `r-${f}`,
    name: f,
    'aria-invalid': errorFor(f).length ? ('true' as const) : undefined,
    'aria-describedby': errorFor(f).length ? `r-${f}-error` : undefined,
  });
  const FieldError = ({ f }: { f: string }) =>
    errorFor(f).length ? (
      <p class="field-error" id={`r-${f}-error`}>
        {errorFor(f).join(' ')}
      </p>
    ) : null;
  const typed = form?.values ?? {};
  return (
    <section aria-labelledby="named-h">
      <h2 id="named-h">{t('report.named.title')}</h2>
      <p>{t('report.named.intro', { days: sharedLinkDays })}</p>
      {named.length === 0 ? (
        <p>{t('report.named.none')}</p>
      ) : (
        <ul>
          {named.map((r) => (
            <li>
              {r.name}, {r.email} ({t(`lang.${r.locale}` as MessageKey)}){' '}
              <form method="post" action={`/admin/reports/recipients/${r.id}/remove`} class="inline">
                <CsrfField request={request} />
                <button type="submit" class="link" aria-label={t('report.named.removeLabel', { name: r.name })}>
                  {t('report.named.remove')}
                </button>
              </form>
            </li>
          ))}
        </ul>
      )}
      <ErrorSummary title={t('error.invalid')} items={issues.map((i) => ({ href: `#r-${fieldOf(i)}`, text: t(`report.named.err.${i}` as MessageKey) }))} />
      <form method="post" action="/admin/reports/recipients">
        <CsrfField request={request} />
        <label for="r-name">{t('report.named.name')}</label>
        <input {...attrs('name')} maxlength={200} value={typed.name ?? ''} />
        <FieldError f="name" />
        <label for="r-email">{t('report.named.email')}</label>
        <input {...attrs('email')} type="email" maxlength={254} value={typed.email ?? ''} />
        <FieldError f="email" />
        <label for="r-locale">{t('report.named.locale')}</label>
        <select {...attrs('locale')}>
          {(['fi', 'sv', 'en'] as const).map((l) => (
            <option value={l} selected={(typed.locale ?? 'fi') === l}>
              {t(`lang.${l}` as MessageKey)}
            </option>
          ))}
        </select>
        <FieldError f="locale" />
        <p>
          <button type="submit">{t('report.named.add')}</button>
        </p>
      </form>
    </section>
  );
}
