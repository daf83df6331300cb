import type { FastifyRequest } from 'fastify';
import { HorizontalBars, StackedBarChart } from '../http/charts.tsx';
import { Page } from '../http/layout.tsx';
import { nodeName, type OrgNode } from '../organisation/node.ts';
import { formatDate } from '../shared/i18n/format.ts';
import type { MessageKey, Translate } from '../shared/i18n/index.ts';
import type { FeedbackFigures, HandlingFigures, Period } from './figures.ts';
import type { ledTo } from './led-to.ts';
import { PeriodForm } from './period-filter.tsx';

const pct = (share: number | null) => (share === null ? '–' : `${Math.round(share * 100)} %`);
const days = (d: number | null, lang: string) => (d === null ? '–' : d.toLocaleString(lang === 'en' ? 'en-GB' : `${lang}-FI`, { maximumFractionDigits: 1 }));
const qs = (node: string, p: Period) => `node=${encodeURIComponent(node)}&from=${p.from}&to=${p.to}`;

/** The path from the highest node the person may see down to this one, as links. */
function Trail({ request, trail, node, path, period }: { request: FastifyRequest; trail: OrgNode[]; node: OrgNode; path: string; period: Period }) {
  return (
    <nav aria-label={request.t('common.trail')}>
      <ol class="breadcrumbs">
        {trail.map((n) => (
          <li>
            {n.id === node.id ? (
              <span aria-current="page">{nodeName(n, request.lang)}</span>
            ) : (
              <a href={`${path}?${qs(n.code, period)}`}>{nodeName(n, request.lang)}</a>
            )}
          </li>
        ))}
      </ol>
    </nav>
  );
}

const FigureCards = ({ t, f, lang }: { t: Translate; f: HandlingFigures; lang: string }) => (
  <ul class="figures">
    <li>
      <span class="value">{f.received}</span> {t('figures.received')}
    </li>
    <li>
      <span class="value">{pct(f.inTimeShare)}</span> {t('figures.inTime')}
    </li>
    <li>
      <span class="value">{days(f.medianDays, lang)}</span> {t('figures.medianDays')}
    </li>
    <li class={f.overdueNow > 0 ? 'bad' : ''}>
      <span class="value">{f.overdueNow}</span> {t('figures.overdueNow')}
    </li>
  </ul>
);

/** Handling figures of a node: totals, months, child nodes and what feedback led to. */
export function FiguresPage({
  request,
  trail,
  node,
  period,
  f,
}: {
  request: FastifyRequest;
  trail: OrgNode[];
  node: OrgNode;
  period: Period;
  f: FeedbackFigures;
}) {
  const { t, lang } = request;
  const monthLabel = (m: string) => `${Number(m.slice(5))}/${m.slice(2, 4)}`;
  return (
    <Page request={request} title={`${t('figures.title')}: ${f.node.name}`}>
      <Trail request={request} trail={trail} node={node} path="/admin/feedback/figures" period={period} />
      <PeriodForm request={request} node={node} period={period} action="/admin/feedback/figures" />
      <FigureCards t={t} f={f.totals} lang={lang} />
      <p class="hint">{t('figures.inTimeHint')}</p>
      <h2>{t('figures.byMonth')}</h2>
      <StackedBarChart
        id="fb-months"
        title={t('figures.chartTitle', { node: f.node.name })}
        bars={f.byMonth.map((m) => ({ label: monthLabel(m.month), value: m.received, part: m.handledInTime }))}
        legend={{ value: t('figures.received'), part: t('figures.handledInTime') }}
      />
      <details>
        <summary>{t('common.asTable')}</summary>
        <table>
          <thead>
            <tr>
              <th scope="col">{t('common.month')}</th>
              <th scope="col">{t('figures.received')}</th>
              <th scope="col">{t('figures.handledInTime')}</th>
              <th scope="col">{t('figures.inTime')}</th>
              <th scope="col">{t('figures.medianDays')}</th>
            </tr>
          </thead>
          <tbody>
            {f.byMonth.map((m) => (
              <tr>
                <th scope="row">{m.month}</th>
                <td class="num">{m.received}</td>
                <td class="num">{m.handledInTime}</td>
                <td class="num">{pct(m.inTimeShare)}</td>
                <td class="num">{days(m.medianDays, lang)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </details>
      <h2>{t('figures.byNode')}</h2>
      {f.byNode.length === 0 ? (
        <p>{t('common.noFeedbackInPeriod')}</p>
      ) : (
        <table>
          <thead>
            <tr>
              <th scope="col">{t('inbox.target')}</th>
              <th scope="col">{t('figures.received')}</th>
              <th scope="col">{t('figures.inTime')}</th>
              <th scope="col">{t('figures.medianDays')}</th>
              <th scope="col">{t('figures.overdueNow')}</th>
            </tr>
          </thead>
          <tbody>
            {f.byNode.map((n) => (
              <tr>
                <th scope="row">{n.code === node.code || n.leaf ? n.name : <a href={`/admin/feedback/figures?${qs(n.code, period)}`}>{n.name}</a>}</th>
                <td class="num">{n.received}</td>
                <td class="num">{pct(n.inTimeShare)}</td>
                <td class="num">{days(n.medianDays, lang)}</td>
                <td class="num">{n.overdueNow}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <h2>{t('handle.effects')}</h2>
      <HorizontalBars label={t('handle.effects')} items={f.effects.map((e) => ({ label: t(`effect.${e.effect}` as MessageKey), value: e.count }))} />
      <p class="link-row">
        <a href={`/admin/feedback/led-to?${qs(node.code, period)}`}>{t('ledTo.title')}</a>
        <a href={`/admin/feedback/export.csv?${qs(node.code, period)}`}>{t('common.csv')}</a>
        <a href={`/admin/feedback/export.xlsx?${qs(node.code, period)}`}>{t('common.xlsx')}</a>
      </p>
    </Page>
  );
}

/** What feedback led to under a node, with a plain-text version to paste into a newsletter. */
export function LedToPage({
  request,
  trail,
  node,
  period,
  units,
}: {
  request: FastifyRequest;
  trail: OrgNode[];
  node: OrgNode;
  period: Period;
  units: Awaited<ReturnType<typeof ledTo>>;
}) {
  const { t, lang } = request;
  const effectText = (e: string) => t(`effect.${e}` as MessageKey);
  const day = (d: Date) => formatDate(d, lang);
  const plain = units
    .map((u) => [`${u.name}`, ...u.items.map((i) => `- ${day(i.handledAt)}: ${i.effects.map(effectText).join('; ')}. ${i.description}`)].join('\n'))
    .join('\n\n');
  return (
    <Page request={request} title={`${t('ledTo.title')}: ${nodeName(node, lang)}`}>
      <Trail request={request} trail={trail} node={node} path="/admin/feedback/led-to" period={period} />
      <PeriodForm request={request} node={node} period={period} action="/admin/feedback/led-to" />
      <p>{t('ledTo.intro')}</p>
      {units.length === 0 ? (
        <p>{t('ledTo.none')}</p>
      ) : (
        <>
          {units.map((u) => (
            <section>
              <h2>{u.name}</h2>
              <ul>
                {u.items.map((i) => (
                  <li>
                    <strong>{day(i.handledAt)}</strong>: {i.effects.map(effectText).join('; ')}. {i.description}
                  </li>
                ))}
              </ul>
            </section>
          ))}
          <h2>
            <label for="led-to-text">{t('ledTo.copy')}</label>
          </h2>
          <textarea id="led-to-text" class="paste" rows={12} readOnly>
            {plain}
          </textarea>
        </>
      )}
    </Page>
  );
}
