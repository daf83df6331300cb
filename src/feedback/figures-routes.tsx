import type { FastifyInstance, FastifyRequest } from 'fastify';
import { audit } from '../access/audit.ts';
import { requirePrincipal, requireUser } from '../http/context.ts';
import { sendPage } from '../http/render.tsx';
import { ancestry } from '../organisation/tree-queries.ts';
import type { OrgNode } from '../organisation/node.ts';
import type { Db } from '../shared/db.ts';
import type { MessageKey } from '../shared/i18n/index.ts';
import { toCsv, toXlsx } from '../shared/spreadsheet.ts';
import { canReadFeedbackFigures } from '../access/permissions.ts';
import { feedbackFigures } from './figures.ts';
import { nodeAndPeriod } from './period-filter.tsx';
import { canReadFeedback } from '../access/permissions.ts';
import { exportRows, ledTo } from './led-to.ts';
import { FiguresPage, LedToPage } from './figures-views.tsx';

export async function feedbackFigureRoutes(app: FastifyInstance, opts: { db: Db }) {
  const { db } = opts;

  const resolve = (request: FastifyRequest) => nodeAndPeriod(db, requirePrincipal(request), request.query);

  /** The nodes from the highest one the person may see down to this one. */
  const visibleTrail = async (request: FastifyRequest, node: OrgNode) => {
    const user = requireUser(request);
    const chain = await ancestry(db, node.id);
    return chain.filter((_n, i) =>
      canReadFeedbackFigures(
        user,
        chain.slice(0, i + 1).map((a) => a.id),
      ),
    );
  };

  app.get('/api/v1/feedback/figures', async (request) => {
    const { node, period } = await resolve(request);
    return feedbackFigures(db, node, period, request.lang);
  });

  app.get('/admin/feedback/figures', async (request, reply) => {
    requireUser(request);
    const { node, period } = await resolve(request);
    const f = await feedbackFigures(db, node, period, request.lang);
    return sendPage(reply, <FiguresPage request={request} trail={await visibleTrail(request, node)} node={node} period={period} f={f} />);
  });

  app.get('/admin/feedback/led-to', async (request, reply) => {
    requireUser(request);
    const { node, period } = await resolve(request);
    const units = await ledTo(db, node, period, request.lang);
    return sendPage(reply, <LedToPage request={request} trail={await visibleTrail(request, node)} node={node} period={period} units={units} />);
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
