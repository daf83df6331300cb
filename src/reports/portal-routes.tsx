import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { canLeadActions } from '../access/permissions.ts';
import { requireUser, takeNotice } from '../http/context.ts';
import { sendPage } from '../http/render.tsx';
import { ancestry } from '../organisation/tree-queries.ts';
import type { Db } from '../shared/db.ts';
import { AppError } from '../shared/errors.ts';
import { toCsv, toXlsx } from '../shared/spreadsheet.ts';
import { filterOptions, isSubscribed, portalTexts, replicaLag } from './portal-queries.ts';
import { parsePortalQuery } from './portal-query.ts';
import { portalNode, portalView } from './portal.ts';
import { charts, PortalPage, PortalTextsPage, viewRows } from './portal-views.tsx';
import { canSetTargets } from './targets.ts';

export async function portalRoutes(app: FastifyInstance, opts: { db: Db; replica?: boolean }) {
  const { db } = opts;

  const load = async (request: FastifyRequest) => {
    const user = requireUser(request);
    const q = parsePortalQuery(request.query);
    const node = await portalNode(db, user, q.node);
    const view = await portalView(db, user, node, q.period, q.filters, request.lang);
    return { user, q, view };
  };

  app.get('/portal', async (request, reply) => {
    const { user, q, view: v } = await load(request);
    const path = (await ancestry(db, v.node.id)).map((n) => n.id);
    const canTarget = canSetTargets(user, path);
    const canAct = canLeadActions(user, path);
    const [options, subscribed, lag] = await Promise.all([
      filterOptions(db, user, q, request.lang),
      isSubscribed(db, user.userId, v.node.id),
      opts.replica ? replicaLag(db) : null,
    ]);
    return sendPage(
      reply,
      <PortalPage
        request={request}
        notice={takeNotice(request, reply)}
        q={q}
        v={v}
        options={options}
        replicaLag={lag}
        canTarget={canTarget}
        canAct={canAct}
        subscribed={subscribed}
      />,
    );
  });

  app.get<{ Params: { name: string } }>('/portal/chart/:name', async (request, reply) => {
    const name = request.params.name.replace(/\.svg$/, '');
    if (!(name in charts)) throw new AppError('not_found', 'No such chart');
    const { view } = await load(request);
    reply.header('content-disposition', `attachment; filename="${name}-${view.node.code.replace(/[^A-Za-z0-9.-]/g, '_')}.svg"`);
    return reply.type('image/svg+xml').send(charts[name as keyof typeof charts](view, request.t));
  });

  const exportView = (format: 'csv' | 'xlsx') => async (request: FastifyRequest, reply: FastifyReply) => {
    const { view } = await load(request);
    const t = request.t;
    const header = [
      t('portal.section'),
      t('portal.label'),
      t('portal.answers'),
      'NPS',
      t('portal.margin'),
      t('portal.top2'),
      t('portal.mean'),
      t('portal.target'),
    ];
    const rows = viewRows(view, t);
    const file = `asiakaskokemus-${view.node.code.replace(/[^A-Za-z0-9.-]/g, '_')}-${view.period.from}-${view.period.to}`;
    reply.header('cache-control', 'no-store');
    reply.header('content-disposition', `attachment; filename="${file}.${format}"`);
    if (format === 'csv') return reply.type('text/csv; charset=utf-8').send(toCsv(header, rows));
    return reply.type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet').send(await toXlsx(t('portal.title'), header, rows));
  };
  app.get('/portal/export.csv', exportView('csv'));
  app.get('/portal/export.xlsx', exportView('xlsx'));

  app.get('/portal/texts', async (request, reply) => {
    const user = requireUser(request);
    const q = parsePortalQuery(request.query);
    const node = await portalNode(db, user, q.node);
    return sendPage(
      reply,
      <PortalTextsPage request={request} notice={takeNotice(request, reply)} q={q} p={await portalTexts(db, user, node, q, request.lang)} />,
    );
  });
}
