import type { FastifyInstance, FastifyRequest } from 'fastify';
import { audit } from '../access/audit.ts';
import { requirePrincipal, requireUser } from '../http/context.ts';
import { HorizontalBars, StackedBarChart } from '../http/charts.tsx';
import { Page } from '../http/layout.tsx';
import { sendPage } from '../http/render.tsx';
import { ancestry } from '../organisation/tree-queries.ts';
import { nodeName, type OrgNode } from '../organisation/node.ts';
import type { Db } from '../shared/db.ts';
import { formatDate } from '../shared/i18n/format.ts';
import type { MessageKey, Translate } from '../shared/i18n/index.ts';
import { toCsv, toXlsx } from '../shared/spreadsheet.ts';
import { canReadFeedbackFigures } from '../access/permissions.ts';
import { feedbackFigures, type HandlingFigures, type Period } from './figures.ts';
import { nodeAndPeriod, PeriodForm } from './period-filter.tsx';
import { canReadFeedback } from '../access/permissions.ts';
import { exportRows, ledTo } from './led-to.ts';

const pct = (share: number | null) => (share === null ? '–' : `${Math.round(share * 100)} %`);
const days = (d: number | null, lang: string) => (d === null ? '–' : d.toLocaleString(lang === 'en' ? 'en-GB' : `${lang}-FI`, { maximumFractionDigits: 1 }));

export async function feedbackFigureRoutes(app: FastifyInstance, opts: { db: Db }) {
  const { db } = opts;

  const resolve = (request: FastifyRequest) => nodeAndPeriod(db, requirePrincipal(request), request.query);
  const qs = (node: string, p: Period) => `node=${encodeURIComponent(node)}&from=${p.from}&to=${p.to}`;

  /** The path from the highest node the person may see down to this one, as links. */
  const trail = async (request: FastifyRequest, node: OrgNode, path: string, period: Period) => {
    const user = requireUser(request);
    const chain = await ancestry(db, node.id);
    const visible = chain.filter((_n, i) =>
      canReadFeedbackFigures(
        user,
        chain.slice(0, i + 1).map((a) => a.id),
      ),
    );
    return (
      <nav aria-label={request.t('common.trail')}>
        <ol class="breadcrumbs">
          {visible.map((n) => (
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
  };

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

  app.get('/api/v1/feedback/figures', async (request) => {
    const { node, period } = await resolve(request);
    return feedbackFigures(db, node, period, request.lang);
  });

  app.get('/admin/feedback/figures', async (request, reply) => {
    requireUser(request);
    const { node, period } = await resolve(request);
    const { t, lang } = request;
    const f = await feedbackFigures(db, node, period, lang);
    const monthLabel = (m: string) => `${Number(m.slice(5))}/${m.slice(2, 4)}`;
    return sendPage(
      reply,
      <Page request={request} title={`${t('figures.title')}: ${f.node.name}`}>
        {await trail(request, node, '/admin/feedback/figures', period)}
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
      </Page>,
    );
  });

  app.get('/admin/feedback/led-to', async (request, reply) => {
    requireUser(request);
    const { node, period } = await resolve(request);
    const { t, lang } = request;
    const units = await ledTo(db, node, period, lang);
    const effectText = (e: string) => t(`effect.${e}` as MessageKey);
    const day = (d: Date) => formatDate(d, lang);
    const plain = units
      .map((u) => [`${u.name}`, ...u.items.map((i) => `- ${day(i.handledAt)}: ${i.effects.map(effectText).join('; ')}. ${i.description}`)].join('\n'))
      .join('\n\n');
    return sendPage(
      reply,
      <Page request={request} title={`${t('ledTo.title')}: ${nodeName(node, lang)}`}>
        {await trail(request, node, '/admin/feedback/led-to', period)}
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
      </Page>,
    );
  });

  /**
   * The feedback itself, as a file. The text as written and the contact details only for those
   * who may read the feedback (its handlers, managers and administrators); others get the text
   * masked. Every export is in the audit log.
   */
  const exportFile = (format: 'csv' | 'xlsx') => async (request: FastifyRequest, reply: import('fastify').FastifyReply) => {
    const user = requireUser(request);
    const { node, period } = await resolve(request);
    const personal = canReadFeedback(
      user,
      (await ancestry(db, node.id)).map((n) => n.id),
    );
    const rows = await exportRows(db, node, period, personal);
    await audit(db, user, {
      action: 'feedback_export',
      targetType: 'org_node',
      targetId: node.code,
      details: { ...period, format, rows: rows.length, personalData: personal },
    });
    const t = request.t;
    const header = [
      t('fb.reference'),
      t('inbox.received'),
      t('inbox.due'),
      t('handle.handledAt'),
      t('inbox.status'),
      t('export.targetCode'),
      t('inbox.target'),
      t('detail.channel'),
      t('export.language'),
      t('export.wantsReply'),
      t('formal.title'),
      t('handle.effects'),
      t('handle.description'),
      personal ? t('detail.text') : t('export.maskedText'),
      ...(personal ? [t('export.name'), t('export.email'), t('export.phone')] : []),
    ];
    const data = rows.map((r) => [
      r.reference,
      r.received_at,
      r.due_at,
      r.handled_at,
      t(`status.${r.status}` as MessageKey),
      r.target_code,
      r.target_name,
      r.channel,
      r.language,
      r.wants_reply ? t('common.yes') : t('common.no'),
      r.formal_process ? t(`formal.${r.formal_process}` as MessageKey) : '',
      (r.effects ?? []).map((e) => t(`effect.${e}` as MessageKey)).join('; '),
      r.effect_description,
      r.text,
      ...(personal ? [r.contact_name, r.contact_email, r.contact_phone] : []),
    ]);
    const name = `palaute-${node.code.replace(/[^A-Za-z0-9.-]/g, '_')}-${period.from}-${period.to}`;
    reply.header('cache-control', 'no-store');
    reply.header('content-disposition', `attachment; filename="${name}.${format}"`);
    if (format === 'csv') return reply.type('text/csv; charset=utf-8').send(toCsv(header, data));
    return reply.type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet').send(await toXlsx(t('inbox.title'), header, data));
  };
  app.get('/admin/feedback/export.csv', exportFile('csv'));
  app.get('/admin/feedback/export.xlsx', exportFile('xlsx'));
}
