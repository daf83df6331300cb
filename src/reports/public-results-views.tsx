import { formatNumber } from '../shared/i18n/format.ts';
import type { FastifyRequest } from 'fastify';
import { DataTable } from '../http/data-table.tsx';
import { barChart, Chart, type ChartSize, trendChart } from '../http/echarts.tsx';
import { Page } from '../http/layout.tsx';
import { nodeName, type OrgNode } from '../organisation/node.ts';
import type { PublicResults } from './public-results.ts';
import type { Figure } from './portal.ts';

/** Results for residents in plain language: the year's NPS, the trend, the statements and the parts below. */
export function PublicResultsPage({ request, path, r }: { request: FastifyRequest; path: string; r: PublicResults }) {
  const { t, lang } = request;
  const node = r.node;
  const name = nodeName(node, lang);
  const npsText = (f: Figure) => (f.suppressed ? t('public.tooFew') : String(f.nps ?? '–'));
  const link = (n: OrgNode) => `${path}?node=${encodeURIComponent(n.code)}`;
  const trend = (size: ChartSize) =>
    trendChart(
      r.months.map((m) => ({ label: `${Number(m.month.slice(5))}/${m.month.slice(2, 4)}`, value: m.figure.suppressed ? null : m.figure.nps })),
      { value: 'NPS', target: '' },
      { min: -100, max: 100 },
      size,
    );
  const compared = r.benchmarks[0];
  const statements = (size: ChartSize) =>
    barChart(
      r.statements.map((s) => ({ label: s.label, value: s.top2, compare: compared?.top2[s.key] ?? null })),
      { value: t('public.ownArea'), target: '', compare: compared?.name },
      { min: 0, max: 100 },
      ' %',
      size,
    );
  return (
    <Page request={request} title={t('public.title', { node: name })}>
      {r.trail.length > 1 && (
        <nav aria-label={t('common.trail')}>
          <ol class="breadcrumbs">
            {r.trail.map((n) => (
              <li>{n.id === node.id ? <span aria-current="page">{nodeName(n, lang)}</span> : <a href={link(n)}>{nodeName(n, lang)}</a>}</li>
            ))}
          </ol>
        </nav>
      )}
      <p>{t('public.intro')}</p>
      <ul class="figures">
        <li>
          <span class="value">{npsText(r.year)}</span> {t('public.npsYear')}
        </li>
        <li>
          <span class="value">{formatNumber(r.year.answers, lang)}</span> {t('public.answersYear')}
        </li>
        {r.benchmarks.map((b) => (
          <li>
            <span class="value">{b.nps.value ?? '–'}</span> {t('portal.countyNps', { county: b.name })}
          </li>
        ))}
      </ul>
      <h2>{t('public.trend')}</h2>
      <Chart
        image
        id="public-trend"
        title={t('public.trendTitle', { node: name })}
        svg={trend('wide')}
        narrowSvg={trend('narrow')}
        table={
          <DataTable
            columns={[t('common.month'), 'NPS', t('public.answers')]}
            rows={r.months.map((m) => ({ head: m.month, cells: [npsText(m.figure), m.figure.answers] }))}
          />
        }
      />
      <h2>{t('public.statements')}</h2>
      <p>{t('public.statementsIntro')}</p>
      <Chart
        image
        id="public-statements"
        title={t('public.statements')}
        svg={statements('wide')}
        narrowSvg={statements('narrow')}
        table={
          <DataTable
            columns={[t('portal.statement'), t('public.agree'), ...r.benchmarks.map((b) => b.name)]}
            rows={r.statements.map((s) => ({
              head: s.label,
              cells: [s.top2 === null ? t('public.tooFew') : `${s.top2} %`, ...r.benchmarks.map((b) => (b.top2[s.key] == null ? '–' : `${b.top2[s.key]} %`))],
            }))}
          />
        }
      />
      {r.below.length > 0 && (
        <>
          <h2>{t('public.below')}</h2>
          <DataTable
            columns={[t('public.part'), t('public.npsYear'), t('public.answers')]}
            rows={r.below.map((b) => ({ head: <a href={link(b.node)}>{nodeName(b.node, lang)}</a>, cells: [npsText(b.figure), b.figure.answers] }))}
          />
        </>
      )}
      <p class="hint">{t('public.updated')}</p>
    </Page>
  );
}
