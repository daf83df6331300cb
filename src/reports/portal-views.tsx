import { correctHref } from '../analysis/correction-views.tsx';
import type { FastifyRequest } from 'fastify';
import { ToneBars } from '../http/charts.tsx';
import { barChart, Chart, type ChartSize, trendChart } from '../http/echarts.tsx';
import { DataTable } from '../http/data-table.tsx';
import { CsrfField, Page } from '../http/layout.tsx';
import { nodeName, type OrgNode } from '../organisation/node.ts';
import { formatDate, formatNumber, localeOf } from '../shared/i18n/format.ts';
import type { MessageKey, Translate } from '../shared/i18n/index.ts';
import { HorizontalBars } from '../http/charts.tsx';
import type { Cell } from '../shared/spreadsheet.ts';
import { backgroundValueLabel, backgroundVariables } from '../surveys/background.ts';
import { presets } from './period-presets.ts';
import { portalHref, type PortalQuery } from './portal-query.ts';
import type { FilterOptions, PortalTexts } from './portal-queries.ts';
import type { ChoiceRow, Figure, PortalView, RankedNode } from './portal.ts';

export const pctText = (v: number | null) => (v === null ? '–' : `${v} %`);
export const npsText = (f: Figure, t: Translate) => (f.suppressed ? t('portal.suppressed') : f.nps === null ? '–' : String(f.nps));
export const marginText = (f: Figure) => (f.margin === null || f.suppressed ? '' : `± ${f.margin}`);

/** Met, not met, or no target: said in words, never by colour alone. */
function TargetState({ t, value, target }: { t: Translate; value: number | null; target: number | null | undefined }) {
  if (target === null || target === undefined) return <span class="hint">{t('portal.noTarget')}</span>;
  if (value === null) return <span>{t('portal.targetIs', { target })}</span>;
  return value >= target ? <span class="met">✓ {t('portal.targetMet', { target })}</span> : <span class="unmet">✗ {t('portal.targetNotMet', { target })}</span>;
}

/** The portal's filter form; the journey view uses it too, sent to its own address. */
export function Filters({
  request,
  q,
  node,
  nodes,
  surveys,
  versions,
  action = '/portal',
}: {
  request: FastifyRequest;
  q: PortalQuery;
  node: OrgNode;
  nodes: OrgNode[];
  surveys: { id: string; name: string }[];
  versions: number[];
  action?: string;
}) {
  const { t, lang } = request;
  const label = (n: OrgNode) => `${nodeName(n, lang)} (${n.code})`;
  return (
    <form method="get" action={action} class="filters portal-filters">
      <label>
        {t('portal.node')}
        <input name="node" list="portal-nodes" value={label(node)} autocomplete="off" aria-describedby="node-hint" />
      </label>
      <datalist id="portal-nodes">
        {nodes.map((n) => (
          <option value={label(n)} />
        ))}
      </datalist>
      <span id="node-hint" class="visually-hidden">
        {t('portal.nodeHint')}
      </span>
      <label>
        {t('portal.period')}
        <select name="period">
          {presets.map((p) => (
            <option value={p} selected={q.period.preset === p}>
              {t(`portal.preset.${p}` as MessageKey)}
            </option>
          ))}
        </select>
      </label>
      <label>
        {t('portal.from')}
        <input type="date" name="from" value={q.period.from} />
      </label>
      <label>
        {t('portal.to')}
        <input type="date" name="to" value={q.period.to} />
      </label>
      <label>
        {t('portal.survey')}
        <select name="survey">
          {surveys.map((s) => (
            <option value={s.id} selected={s.id === q.filters.survey}>
              {s.name}
            </option>
          ))}
        </select>
      </label>
      <label>
        {t('portal.version')}
        <select name="version">
          <option value="">{t('portal.allVersions')}</option>
          {versions.map((n) => (
            <option value={String(n)} selected={q.filters.version === n}>
              {n}
            </option>
          ))}
        </select>
      </label>
      <label>
        {t('portal.channel')}
        <select name="channel">
          <option value="">{t('portal.all')}</option>
          {['sms', 'qr', 'link', 'kiosk', 'paper', 'email', 'interview', 'api'].map((c) => (
            <option value={c} selected={q.filters.channel?.[0] === c}>
              {t(`channel.${c}` as MessageKey)}
            </option>
          ))}
        </select>
      </label>
      <details class="more-filters" open={Object.keys(q.filters.background).length > 0 || !!q.filters.compareBy}>
        <summary>{t('portal.moreFilters')}</summary>
        {Object.entries(backgroundVariables).map(([key, values]) => (
          <label>
            {t(`background.${key}` as MessageKey)}
            <select name={`bg.${key}`}>
              <option value="">{t('portal.all')}</option>
              {values.map((v) => (
                <option value={v} selected={q.filters.background[key] === v}>
                  {backgroundValueLabel(t, key, v)}
                </option>
              ))}
            </select>
          </label>
        ))}
        <label>
          {t('portal.compareBy')}
          <select name="compare">
            <option value="">–</option>
            {Object.keys(backgroundVariables).map((key) => (
              <option value={key} selected={q.filters.compareBy === key}>
                {t(`background.${key}` as MessageKey)}
              </option>
            ))}
          </select>
        </label>
      </details>
      <p class="hint">{t('portal.periodHint')}</p>
      <button type="submit">{t('common.show')}</button>
    </form>
  );
}

function RankTable({ t, rows, href, caption }: { t: Translate; rows: RankedNode[]; href: (code: string) => string; caption: string }) {
  return (
    <DataTable
      caption={caption}
      columns={[t('portal.unit'), 'NPS', t('portal.margin'), t('portal.answers')]}
      rows={rows.map((r) => ({
        head: r.open ? <a href={href(r.code)}>{r.name}</a> : r.current ? <strong>{r.name}</strong> : r.name,
        cells: [npsText(r, t), marginText(r), r.answers],
        class: r.current ? 'current' : undefined,
      }))}
    />
  );
}

export const trendSvg = (v: PortalView, t: Translate, size?: ChartSize) =>
  trendChart(
    v.trend.map((m) => ({ label: `${Number(m.month.slice(5))}/${m.month.slice(2, 4)}`, value: m.figure.suppressed ? null : m.figure.nps, target: m.target })),
    { value: 'NPS', target: t('portal.target') },
    { min: -100, max: 100 },
    size,
  );
export const statementsSvg = (v: PortalView, t: Translate, size?: ChartSize) =>
  barChart(
    v.statements.map((s) => ({ label: s.label, value: s.top2, target: s.target?.value ?? null, compare: v.benchmarks[0]?.top2[s.key] ?? null })),
    { value: t('portal.top2'), target: t('portal.target'), compare: v.benchmarks[0]?.name },
    { min: 0, max: 100 },
    ' %',
    size,
  );
export const childrenSvg = (v: PortalView, t: Translate, size?: ChartSize) =>
  barChart(
    v.children.map((c) => ({ label: c.name, value: c.suppressed ? null : c.nps, note: `n = ${c.answers}` })),
    { value: 'NPS', target: t('portal.target') },
    { min: -100, max: 100 },
    '',
    size,
  );

export const groupsSvg = (v: PortalView, t: Translate, size?: ChartSize) =>
  barChart(
    v.groups.map((g) => ({ label: backgroundValueLabel(t, v.filters.compareBy!, g.key), value: g.suppressed ? null : g.nps, note: `n = ${g.answers}` })),
    { value: 'NPS', target: t('portal.target') },
    { min: -100, max: 100 },
    '',
    size,
  );

/** One question with set answers: each option's share, as a bar. */
export const choiceSvg = (c: ChoiceRow, t: Translate, size?: ChartSize) =>
  barChart(
    c.options.map((o) => ({ label: o.label, value: o.share, note: `n = ${o.count}` })),
    { value: c.type === 'multichoice' ? t('portal.shareOfRespondents') : t('portal.share'), target: t('portal.target') },
    { min: 0, max: 100 },
    ' %',
    size,
  );

export const charts = { trend: trendSvg, statements: statementsSvg, children: childrenSvg, groups: groupsSvg } as const;

/** The numbers of the current view as rows: the same for CSV and Excel. */
export function viewRows(v: PortalView, t: Translate): Cell[][] {
  const rows: Cell[][] = [];
  const f = (section: string, label: string, x: Figure) =>
    rows.push([section, label, x.answers, x.suppressed ? null : x.nps, x.suppressed ? null : x.margin, null, null, null]);
  f(t('portal.now'), v.name, v.headline);
  f(t('portal.compareCounty'), v.county.name, v.county);
  for (const m of v.trend)
    rows.push([
      t('portal.trend'),
      m.month,
      m.figure.answers,
      m.figure.suppressed ? null : m.figure.nps,
      m.figure.suppressed ? null : m.figure.margin,
      null,
      null,
      m.target,
    ]);
  for (const s of v.statements) rows.push([t('portal.statements'), s.label, s.answered, null, null, s.top2, s.mean, s.target?.value ?? null]);
  for (const c of v.choices) for (const o of c.options) rows.push([t('portal.choices'), `${c.label}: ${o.label}`, o.count, null, null, o.share, null, null]);
  for (const b of v.benchmarks) {
    rows.push([b.name, 'NPS', b.answers, b.nps.value, null, null, null, null]);
    for (const s of v.statements) rows.push([b.name, s.label, null, null, null, b.top2[s.key] ?? null, null, null]);
  }
  for (const c of v.children) f(t('portal.levelBelow'), c.name, c);
  for (const c of v.siblings) f(t('portal.siblings'), c.name, c);
  for (const g of v.groups) f(t('portal.groups'), g.key, g);
  return rows;
}

/** The portal page of one node: headline figures, trend, statements, the level below, siblings, groups, first contact and topics. */
export function PortalPage({
  request,
  notice,
  q,
  v,
  options,
  replicaLag,
  canTarget,
  canAct = false,
  subscribed,
}: {
  request: FastifyRequest;
  notice: string | undefined;
  q: PortalQuery;
  v: PortalView;
  options: FilterOptions;
  replicaLag: number | null;
  canTarget: boolean;
  /** May open development actions here (the actions capability's). */
  canAct?: boolean;
  subscribed: boolean;
}) {
  const { t, lang } = request;
  /** Opening a development action from a result that calls for one (seed 001): a target not met, a falling NPS. */
  const actFrom = (subject: string) =>
    `/admin/actions/new?node=${encodeURIComponent(v.node.code)}&survey=${encodeURIComponent(v.filters.survey)}&subject=${encodeURIComponent(subject)}`;
  const first = v.trend[0]?.figure;
  const last = v.trend.at(-1)?.figure;
  const npsFalling = !!first && !!last && first.nps !== null && last.nps !== null && !first.suppressed && !last.suppressed && last.nps < first.nps;
  const npsUnmet = v.npsTarget !== undefined && v.headline.nps !== null && !v.headline.suppressed && v.headline.nps < v.npsTarget.value;
  const here = (path: string, change: Record<string, string | undefined> = {}, code = v.node.code) => portalHref(path, q, code, change);
  const callsNps = v.firstContact.some((c) => c.nps !== null);
  // the free-form feedback of a topic, masked, on the topic list's own pages (months, as its figures)
  const feedbackTexts = (topic: string) =>
    `/admin/analysis/texts?node=${encodeURIComponent(v.node.code)}&from=${q.period.from.slice(0, 7)}&to=${q.period.to.slice(0, 7)}&topic=${encodeURIComponent(topic)}`;
  const downloads = (name: keyof typeof charts) => ({ svg: here(`/portal/chart/${name}.svg`), png: t('portal.png'), tableLabel: t('common.asTable') });
  return (
    <Page request={request} title={`${t('portal.title')}: ${v.name}`} notice={notice}>
      <nav aria-label={t('common.trail')}>
        <ol class="breadcrumbs">
          {v.trail.map((n) => (
            <li>{n.code === v.node.code ? <span aria-current="page">{n.name}</span> : <a href={here('/portal', {}, n.code)}>{n.name}</a>}</li>
          ))}
        </ol>
      </nav>
      <Filters request={request} q={q} node={v.node} {...options} />
      <p class="hint">
        {t('portal.showing', { survey: v.surveyName, version: v.version, from: formatDate(v.period.from, lang), to: formatDate(v.period.to, lang) })}
      </p>
      <div class="page-tools">
        <p class="link-row">
          <a href={here('/portal/journey')}>{t('journey.link')}</a>
          <a href={here('/portal/export.csv')}>{t('common.csv')}</a>
          <a href={here('/portal/export.xlsx')}>{t('common.xlsx')}</a>
          {canTarget && <a href={`/portal/targets?node=${encodeURIComponent(v.node.code)}&year=${v.period.to.slice(0, 4)}`}>{t('portal.setTargets')}</a>}
        </p>
        <form method="post" action="/portal/subscribe">
          <CsrfField request={request} />
          <input type="hidden" name="node" value={v.node.code} />
          <input type="hidden" name="action" value={subscribed ? 'unsubscribe' : 'subscribe'} />
          <button type="submit" class="secondary">
            {subscribed ? t('report.unsubscribe') : t('report.subscribe')}
          </button>
        </form>
      </div>
      {replicaLag !== null && <p class="hint">{t('portal.replicaLag', { seconds: Math.max(0, replicaLag) })}</p>}

      <ul class="figures">
        {v.hasNps && (
          <li>
            <span class="value">{npsText(v.headline, t)}</span> NPS {marginText(v.headline)} <br />
            <TargetState t={t} value={v.headline.suppressed ? null : v.headline.nps} target={v.npsTarget?.value} />
            {canAct && (npsFalling || npsUnmet) && (
              <>
                <br />
                <a href={actFrom('nps')}>{t('actions.openFromResult')}</a>
              </>
            )}
          </li>
        )}
        <li>
          <span class="value">{formatNumber(v.headline.answers, lang)}</span> {t('portal.answers')}
        </li>
        {v.hasNps && (
          <li>
            <span class="value">{npsText(v.county, t)}</span> {t('portal.countyNps', { county: v.county.name })}
          </li>
        )}
        {v.hasNps &&
          v.benchmarks.map((b) => (
            <li>
              <span class="value">{b.nps.value ?? '–'}</span> {t('portal.countyNps', { county: b.name })}
            </li>
          ))}
        <li>
          <span class="value">{v.feedback.received}</span> {t('figures.received')},{' '}
          {pctText(v.feedback.inTimeShare === null ? null : Math.round(v.feedback.inTimeShare * 100))} {t('figures.inTime')}
        </li>
        <li class={v.feedback.overdueNow > 0 ? 'bad' : ''}>
          <span class="value">{v.feedback.overdueNow}</span> {t('figures.overdueNow')}
        </li>
      </ul>
      {v.headline.suppressed && <p class="hint">{t('portal.thresholdHint', { n: v.threshold })}</p>}
      {v.quality.length > 0 && (
        <div class="warning">
          <h2>{t('portal.qualityTitle')}</h2>
          <ul>
            {v.quality.map((q) => (
              <li>{t('portal.qualityItem', { name: q.name, share: pctText(Math.round(q.share * 100)), value: q.value })}</li>
            ))}
          </ul>
        </div>
      )}

      {v.filters.compareBy && (
        <>
          <h2 id="groups">{t('portal.groupsBy', { variable: t(`background.${v.filters.compareBy}` as MessageKey) })}</h2>
          <Chart
            id="groups"
            tableOpen
            title={t('portal.groupsBy', { variable: t(`background.${v.filters.compareBy}` as MessageKey) })}
            svg={groupsSvg(v, t)}
            narrowSvg={groupsSvg(v, t, 'narrow')}
            downloads={downloads('groups')}
            table={
              <DataTable
                columns={[t(`background.${v.filters.compareBy}` as MessageKey), 'NPS', t('portal.margin'), t('portal.answers')]}
                rows={v.groups.map((g) => ({ head: backgroundValueLabel(t, v.filters.compareBy!, g.key), cells: [npsText(g, t), marginText(g), g.answers] }))}
              />
            }
          />
        </>
      )}

      {v.hasNps && (
        <>
          <h2>{t('portal.trend')}</h2>
          <Chart
            id="trend"
            title={t('portal.trendTitle', { node: v.name })}
            svg={trendSvg(v, t)}
            narrowSvg={trendSvg(v, t, 'narrow')}
            downloads={downloads('trend')}
            table={
              <DataTable
                columns={[t('common.month'), 'NPS', t('portal.margin'), t('portal.answers'), t('portal.target')]}
                rows={v.trend.map((m) => ({ head: m.month, cells: [npsText(m.figure, t), marginText(m.figure), m.figure.answers, m.target ?? '–'] }))}
              />
            }
          />
        </>
      )}

      {v.statements.length > 0 && (
        <>
          <h2>{t('portal.statements')}</h2>
          <Chart
            id="statements"
            title={t('portal.statementsTitle')}
            svg={statementsSvg(v, t)}
            narrowSvg={statementsSvg(v, t, 'narrow')}
            downloads={downloads('statements')}
            table={
              <DataTable
                columns={[
                  t('portal.statement'),
                  t('portal.top2'),
                  t('portal.mean'),
                  t('portal.answers'),
                  t('portal.lastYear'),
                  ...v.benchmarks.map((b) => b.name),
                  t('portal.target'),
                ]}
                rows={v.statements.map((s) => ({
                  head: s.label,
                  cells: [
                    pctText(s.top2),
                    s.mean === null ? '–' : s.mean.toLocaleString(localeOf(lang), { minimumFractionDigits: 2, maximumFractionDigits: 2 }),
                    s.answered,
                    pctText(s.lastYearTop2),
                    ...v.benchmarks.map((b) => pctText(b.top2[s.key] ?? null)),
                    <>
                      <TargetState t={t} value={s.top2} target={s.target?.value} />
                      {canAct && s.target && s.top2 !== null && s.top2 < s.target.value && (
                        <>
                          {' '}
                          <a href={actFrom(s.key)}>{t('actions.openFromResult')}</a>
                        </>
                      )}
                    </>,
                  ],
                }))}
              />
            }
          />
          {v.benchmarks.length > 0 && <p class="hint">{t('portal.benchmarkHint')}</p>}
        </>
      )}

      {v.choices.length > 0 && (
        <>
          <h2 id="choices">{t('portal.choices')}</h2>
          {v.headline.suppressed ? (
            <p class="hint">{t('portal.thresholdHint', { n: v.threshold })}</p>
          ) : (
            v.choices.map((c) =>
              c.answered === 0 ? (
                <p>
                  <strong>{c.label}</strong>: {t('portal.noAnswers')}
                </p>
              ) : (
                <Chart
                  id={`choice-${c.key}`}
                  title={`${c.label} (n = ${c.answered})`}
                  svg={choiceSvg(c, t)}
                  narrowSvg={choiceSvg(c, t, 'narrow')}
                  table={
                    <DataTable
                      columns={[t('portal.option'), c.type === 'multichoice' ? t('portal.shareOfRespondents') : t('portal.share'), t('portal.answers')]}
                      rows={c.options.map((o) => ({ head: o.label, cells: [pctText(o.share), o.count] }))}
                    />
                  }
                />
              ),
            )
          )}
          {v.choices.some((c) => c.type === 'multichoice') && <p class="hint">{t('portal.multichoiceHint')}</p>}
        </>
      )}

      {v.funnel.length > 0 && (
        <>
          <h2 id="funnel">{t('portal.funnel')}</h2>
          <p class="hint">{t('portal.funnelHint')}</p>
          {v.funnel.map((f) => (
            <>
              <h3>{t(`channel.${f.channel}` as MessageKey)}</h3>
              <HorizontalBars
                label={`${t('portal.funnel')}: ${t(`channel.${f.channel}` as MessageKey)}`}
                items={(
                  [
                    ['invited', f.invited],
                    ['opened', f.opened],
                    ['started', f.started],
                    ['completed', f.completed],
                  ] as const
                )
                  .filter((x): x is readonly ['invited' | 'opened' | 'started' | 'completed', number] => x[1] !== null)
                  .map(([step, value]) => ({ label: t(`portal.funnel.${step}`), value }))}
              />
            </>
          ))}
        </>
      )}

      {v.children.length > 0 && (
        <>
          <h2>{t('portal.levelBelow')}</h2>
          <p class="hint">{t('portal.marginHint', { n: v.threshold })}</p>
          <Chart
            id="children"
            tableOpen
            title={t('portal.childrenTitle', { node: v.name })}
            svg={childrenSvg(v, t)}
            narrowSvg={childrenSvg(v, t, 'narrow')}
            downloads={downloads('children')}
            table={<RankTable t={t} rows={v.children} href={(code) => here('/portal', {}, code)} caption={t('portal.levelBelow')} />}
          />
        </>
      )}

      {v.siblings.length > 1 && (
        <>
          <h2>{t('portal.siblings')}</h2>
          <RankTable t={t} rows={v.siblings} href={(code) => here('/portal', {}, code)} caption={t('portal.siblings')} />
        </>
      )}

      {v.firstContact.length > 0 && (
        <>
          <h2>{t('portal.firstContact')}</h2>
          <DataTable
            columns={[t('background.callType'), ...v.firstContact[0]!.shares.map((s) => s.label), ...(callsNps ? ['NPS'] : []), t('portal.answers')]}
            rows={v.firstContact.map((c) => ({
              head: backgroundValueLabel(t, 'callType', c.callType),
              cells: [
                ...c.shares.map((s) => (c.suppressed ? t('portal.suppressed') : pctText(s.yes))),
                ...(callsNps ? [c.suppressed ? t('portal.suppressed') : (c.nps ?? '–')] : []),
                c.answers,
              ],
            }))}
          />
        </>
      )}

      <h2 id="actions">{t('actions.title')}</h2>
      <p>{t('actions.portal.figures', { ...v.actions.figures })}</p>
      {v.actions.open.length > 0 && (
        <ul>
          {v.actions.open.map((a) => (
            <li>
              <a href={`/admin/actions/${a.id}`}>{a.title}</a> · {a.node_name} · {t('actions.due', { date: formatDate(a.due_on, lang) })}
              {a.late && (
                <>
                  {' '}
                  <span class="tag overdue-tag">{t('actions.late')}</span>
                </>
              )}
            </li>
          ))}
        </ul>
      )}
      <p class="link-row">
        <a href={`/admin/actions?node=${encodeURIComponent(v.node.code)}`}>{t('actions.portal.all')}</a>
        {canAct && <a href={`/admin/actions/new?node=${encodeURIComponent(v.node.code)}`}>{t('actions.new')}</a>}
      </p>

      <h2>{t('portal.topics')}</h2>
      {v.topics.length === 0 ? (
        <p>{t('common.noTextsInPeriod')}</p>
      ) : (
        <ToneBars
          caption={t('portal.topics')}
          rows={v.topics.map((x) => ({
            label: <a href={here('/portal/texts', { topic: x.key })}>{x.name}</a>,
            count: x.count,
            share: pctText(Math.round(x.share * 100)),
            tones: x.tones,
          }))}
          toneLabels={{ positive: t('tone.positive'), negative: t('tone.negative'), neutral: t('tone.neutral'), mixed: t('tone.mixed') }}
          columns={{ label: t('analysis.topic'), count: t('analysis.texts'), share: t('analysis.share'), split: t('analysis.toneSplit') }}
        />
      )}
      <p>
        <a href={here('/portal/texts')}>{t('portal.allTexts', { n: formatNumber(v.texts, lang) })}</a>
      </p>

      <h2>{t('portal.feedbackTopics')}</h2>
      {v.feedbackMainClasses.length > 0 && (
        <ToneBars
          caption={t('analysis.mainClasses')}
          rows={v.feedbackMainClasses.map((x) => ({ label: x.name, count: x.count, share: pctText(Math.round(x.share * 100)), tones: x.tones }))}
          toneLabels={{ positive: t('tone.positive'), negative: t('tone.negative'), neutral: t('tone.neutral'), mixed: t('tone.mixed') }}
          columns={{ label: t('analysis.mainClass'), count: t('analysis.texts'), share: t('analysis.share'), split: t('analysis.toneSplit') }}
        />
      )}
      {v.feedbackTopics.length === 0 ? (
        <p>{t('common.noTextsInPeriod')}</p>
      ) : (
        <ToneBars
          caption={t('portal.feedbackTopics')}
          rows={v.feedbackTopics.map((x) => ({
            label: <a href={feedbackTexts(x.key)}>{x.name}</a>,
            count: x.count,
            share: pctText(Math.round(x.share * 100)),
            tones: x.tones,
          }))}
          toneLabels={{ positive: t('tone.positive'), negative: t('tone.negative'), neutral: t('tone.neutral'), mixed: t('tone.mixed') }}
          columns={{ label: t('analysis.topic'), count: t('analysis.texts'), share: t('analysis.share'), split: t('analysis.toneSplit') }}
        />
      )}
      <script src="/static/chart-export.js" defer></script>
    </Page>
  );
}

/** The analysed open answers of a node and period, filtered by topic and tone, a page at a time. */
export function PortalTextsPage({ request, notice, q, p }: { request: FastifyRequest; notice?: string | undefined; q: PortalQuery; p: PortalTexts }) {
  const { t, lang } = request;
  const { total, texts, topicNames, allowed, pageSize } = p;
  const v = { node: p.node, name: nodeName(p.node, request.lang), period: q.period, threshold: p.threshold };
  const here = (change: Record<string, string | undefined>) => portalHref('/portal/texts', q, v.node.code, { topic: q.topic, tone: q.tone, ...change });
  return (
    <Page request={request} title={`${t('portal.textsTitle')}: ${v.name}`} notice={notice}>
      <p>
        <a href={portalHref('/portal', q, v.node.code)}>{t('portal.back', { node: v.name })}</a>
      </p>
      <form method="get" action="/portal/texts" class="filters">
        <input type="hidden" name="node" value={v.node.code} />
        <input type="hidden" name="from" value={v.period.from} />
        <input type="hidden" name="to" value={v.period.to} />
        {q.filters.survey !== 'thl-national' && <input type="hidden" name="survey" value={q.filters.survey} />}
        <label>
          {t('analysis.topic')}
          <select name="topic">
            <option value="">{t('portal.all')}</option>
            {[...topicNames].map(([key, name]) => (
              <option value={key} selected={q.topic === key}>
                {name}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('portal.tone')}
          <select name="tone">
            <option value="">{t('portal.all')}</option>
            {(['negative', 'mixed', 'neutral', 'positive'] as const).map((x) => (
              <option value={x} selected={q.tone === x}>
                {t(`tone.${x}`)}
              </option>
            ))}
          </select>
        </label>
        <button type="submit">{t('common.show')}</button>
      </form>
      {!allowed ? (
        <p>{t('portal.textsSuppressed', { n: v.threshold })}</p>
      ) : (
        <>
          <p role="status">
            {t('portal.textsCount', { n: formatNumber(total, lang), from: formatDate(v.period.from, lang), to: formatDate(v.period.to, lang) })}
          </p>
          <ol class="texts">
            {texts.map((x) => (
              <li>
                <blockquote>{x.masked}</blockquote>
                <p class="hint">
                  {formatDate(x.at, lang)} · <span class={`tone tone-text-${x.tone}`}>{t(`tone.${x.tone}`)}</span>
                  {x.topics.length > 0 && ` · ${x.topics.map((k) => topicNames.get(k) ?? k).join(', ')}`}
                  {x.corrected && ` · ${t('analysis.correct.corrected')}`} ·{' '}
                  <a href={correctHref(x, here({ page: String(q.page) }))}>{t('analysis.correct.link')}</a>
                </p>
              </li>
            ))}
          </ol>
          <nav class="link-row" aria-label={t('portal.pages')}>
            {q.page > 1 && <a href={here({ page: String(q.page - 1) })}>{t('portal.newer')}</a>}
            {q.page * pageSize < total && <a href={here({ page: String(q.page + 1) })}>{t('portal.older')}</a>}
          </nav>
        </>
      )}
    </Page>
  );
}
