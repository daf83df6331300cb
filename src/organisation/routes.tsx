import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { audit } from '../access/audit.ts';
import { canBrowseOrganisation, canEditOrganisation, canImportOrganisation, canViewNode } from '../access/permissions.ts';
import { actorLabel, type Principal } from '../access/roles.ts';
import { redirectWithNotice, requirePrincipal, requireUser, takeNotice } from '../http/context.ts';
import { sendPage } from '../http/render.tsx';
import type { Config } from '../shared/config.ts';
import type { Db } from '../shared/db.ts';
import { AppError } from '../shared/errors.ts';
import { importOrgTree, recentImports } from './import-org-tree.ts';
import { getImportRun, settled, startImportRun } from './import-runs.ts';
import type { OrgNode } from './node.ts';
import type { ImportIssue } from './org-csv.ts';
import { searchUnits } from './search-units.ts';
import { ancestry, children, getNodeByCode, nodeHistory, roots } from './tree-queries.ts';
import { updateNode } from './update-node.ts';
import { issueText } from './issue-text.ts';
import { ImportPage, ImportRunPage, NodePage, OrgIndexPage } from './views.tsx';

const unitsQuery = z.object({
  q: z.string().max(200).default(''),
  limit: z.coerce.number().int().min(1).max(50).default(20),
  kind: z.enum(['unit', 'service', 'all']).default('all'),
  within: z.string().max(200).optional(),
});

const codeParams = z.object({ code: z.string().min(1).max(200) });

/** Ids of the root (county) nodes: importing a whole tree needs administration at the top. */
async function rootIds(db: Db): Promise<number[]> {
  return (await roots(db)).map((r) => r.id);
}

async function viewable(db: Db, p: Principal, node: OrgNode): Promise<{ path: OrgNode[]; ids: number[] }> {
  const path = await ancestry(db, node.id);
  const ids = path.map((n) => n.id);
  if (!canViewNode(p, ids)) throw new AppError('forbidden', 'Not allowed to see this node');
  return { path, ids };
}

export async function organisationRoutes(app: FastifyInstance, opts: { db: Db; config: Config }) {
  const { db } = opts;

  // Public typeahead for the feedback form and the county's own pages.
  app.get('/api/v1/units', { config: { rateLimit: { max: 600, timeWindow: '1 minute' } } }, async (request, reply) => {
    const q = unitsQuery.parse(request.query);
    const kinds = q.kind === 'all' ? ['unit', 'service'] : [q.kind];
    reply.header('access-control-allow-origin', '*').header('cache-control', 'public, max-age=60');
    const units = await searchUnits(db, { q: q.q, limit: q.limit, kinds, within: q.within });
    const lang = request.lang;
    const pick = (n: { fi: string; sv: string | null; en: string | null }) => (lang === 'fi' ? n.fi : (n[lang] ?? n.fi));
    return { units: units.map((u) => ({ code: u.code, kind: u.kind, name: u.name, path: u.path.map(pick), pathNames: u.path })) };
  });

  app.get('/api/v1/org/nodes/:code', async (request) => {
    const p = requirePrincipal(request);
    const node = await getNodeByCode(db, codeParams.parse(request.params).code);
    const { path } = await viewable(db, p, node);
    const kids = await children(db, node.id);
    return {
      node: { code: node.code, kind: node.kind, name: { fi: node.name_fi, sv: node.name_sv, en: node.name_en }, active: node.active },
      path: path.slice(0, -1).map((n) => ({ code: n.code, kind: n.kind, name: { fi: n.name_fi, sv: n.name_sv, en: n.name_en } })),
      children: kids.map((c) => ({ code: c.code, kind: c.kind, name: { fi: c.name_fi, sv: c.name_sv, en: c.name_en }, active: c.active })),
    };
  });

  app.post('/api/v1/org/import', async (request, reply) => {
    const p = requirePrincipal(request);
    if (!canImportOrganisation(p, await rootIds(db))) throw new AppError('forbidden', 'org:write scope needed');
    if (typeof request.body !== 'string') throw new AppError('invalid', 'Send the CSV file as the body with Content-Type: text/csv');
    const partial = (request.query as { partial?: string }).partial === 'true';
    const result = await importOrgTree(db, { csv: request.body, partial, source: actorLabel(p) });
    await audit(db, p, { action: 'org_imported', targetType: 'org_import', targetId: result.importId, details: counts(result) });
    return reply.send({ ...result });
  });

  app.get('/admin/org', async (request, reply) => {
    const user = requireUser(request);
    if (!canBrowseOrganisation(user)) throw new AppError('forbidden', 'Not allowed');
    const q = z.object({ q: z.string().max(200).default('') }).parse(request.query).q;
    const allRoots = await roots(db);
    const seesAll = allRoots.some((r) => canViewNode(user, [r.id]));
    const starts = seesAll ? allRoots : await Promise.all(user.grants.filter((g) => canViewNode(user, [g.nodeId])).map((g) => getNodeByCode(db, g.nodeCode)));
    let hits: Awaited<ReturnType<typeof searchUnits>> | undefined;
    if (q.trim()) {
      const all = ['county', 'division', 'result_area', 'unit', 'service'];
      const scopes = seesAll ? [undefined] : starts.map((s) => s.code);
      hits = (await Promise.all(scopes.map((within) => searchUnits(db, { q, kinds: all, within, limit: 50 })))).flat();
    }
    const canImport = canImportOrganisation(
      user,
      allRoots.map((r) => r.id),
    );
    return sendPage(reply, <OrgIndexPage request={request} starts={starts} q={q} hits={hits} canImport={canImport} />);
  });

  app.get('/admin/org/import', async (request, reply) => {
    const user = requireUser(request);
    if (!canImportOrganisation(user, await rootIds(db))) throw new AppError('forbidden', 'Not allowed');
    return sendPage(reply, <ImportPage request={request} recent={await recentImports(db)} />);
  });

  app.post('/admin/org/import', async (request, reply) => {
    const user = requireUser(request);
    if (!canImportOrganisation(user, await rootIds(db))) throw new AppError('forbidden', 'Not allowed');
    const body = request.body as { file?: { toBuffer(): Promise<Buffer>; filename?: string }; partial?: { value: string } };
    if (!body.file || typeof body.file.toBuffer !== 'function') {
      return sendPage(reply, <ImportPage request={request} recent={await recentImports(db)} error={request.t('org.import.noFile')} />, 400);
    }
    const csv = (await body.file.toBuffer()).toString('utf8');
    const run = startImportRun(db, { csv, partial: body.partial?.value === 'true', source: `import by ${user.username}` });
    await settled(run, 1500);
    if (run.status === 'done' && run.result) {
      await audit(db, user, { action: 'org_imported', targetType: 'org_import', targetId: run.result.importId, details: counts(run.result) });
    }
    return reply.redirect(`/admin/org/import/${run.id}`, 303);
  });

  app.get('/admin/org/import/:id', async (request, reply) => {
    requireUser(request);
    const run = getImportRun(z.object({ id: z.string().max(40) }).parse(request.params).id);
    if (!run) throw new AppError('not_found', 'No such import');
    return sendPage(reply, <ImportRunPage request={request} run={run} />, run.status === 'failed' ? 422 : 200);
  });

  const showNode = async (request: FastifyRequest, code: string, extra: { errors?: string[]; notice?: string | undefined } = {}) => {
    const user = requireUser(request);
    const node = await getNodeByCode(db, code);
    const { path, ids } = await viewable(db, user, node);
    const parent = path.length > 1 ? path[path.length - 2]! : undefined;
    return (
      <NodePage
        request={request}
        node={node}
        path={path}
        parentCode={parent?.code ?? ''}
        kids={await children(db, node.id)}
        history={await nodeHistory(db, node.id)}
        canEdit={canEditOrganisation(user, ids)}
        notice={extra.notice}
        errors={extra.errors}
      />
    );
  };

  app.get('/admin/org/:code', async (request, reply) => {
    const { code } = codeParams.parse(request.params);
    return sendPage(reply, await showNode(request, code, { notice: takeNotice(request, reply) }));
  });

  app.post('/admin/org/:code', async (request, reply) => {
    const user = requireUser(request);
    const { code } = codeParams.parse(request.params);
    try {
      await updateNode(db, user, code, request.body as Record<string, string>);
    } catch (err) {
      if (!(err instanceof AppError) || err.code !== 'invalid') {
        if (err instanceof z.ZodError) return sendPage(reply, await showNode(request, code, { errors: [request.t('error.invalid')] }), 400);
        throw err;
      }
      const issues = (err.details as { issues?: ImportIssue[] })?.issues ?? [];
      return sendPage(reply, await showNode(request, code, { errors: issues.map((i) => issueText(request.t, i)) }), 400);
    }
    return redirectWithNotice(reply, `/admin/org/${encodeURIComponent(code)}`, 'org.saved');
  });
}

function counts(r: { total: number; added: string[]; changed: string[]; closed: string[]; unchanged: number }) {
  return { total: r.total, added: r.added.length, changed: r.changed.length, closed: r.closed.length, unchanged: r.unchanged };
}
