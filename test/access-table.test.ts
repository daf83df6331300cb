import { analysePending } from '../src/analysis/analysis-job.ts';
import { offlineProvider } from '../src/analysis/provider.ts';
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { createUser, grantRole } from '../src/access/users.ts';
import { apiScopes, countyScopes, createApiKey } from '../src/access/api-keys.ts';
import { principalForUser } from '../src/access/sessions.ts';
import { createFeedback } from '../src/feedback/create-feedback.ts';
import { openAction } from '../src/actions/actions.ts';
import type { Db } from '../src/shared/db.ts';
import { testTargets } from './helpers/databases.ts';
import { useDemoClock } from './helpers/demo.ts';
import { Client, testApp } from './helpers/http.ts';
import { expected, roles, type Role } from './access-table.ts';

useDemoClock();

const system = { kind: 'system', name: 'test' } as const;
const scimToken = 'the-access-tables-scim-token-0123456789abcdef';

/**
 * Every route of Kaiku × every role (and the public), with the answer each must get. Records
 * belong to the Porvoo area (TER-VAS); "otherManager" manages another division (IKA), so her
 * row is the IDOR check: other units' identifiers must not open. A GET without a session is sent
 * to the sign-in page (303), a POST without one refused (401). A state-changing request is sent
 * with the session's CSRF token and a body that does not pass validation, so an allowed role
 * gets 400 (past the access check, nothing changed) and a refused one 403 or 404.
 * ACCESS_TABLE_RECORD=1 also prints the observed table, to review and paste; it still compares.
 */
describe('who may open what: every route, role by role', () => {
  let db: Db;
  let app: FastifyInstance;
  const clients = new Map<Role, Client>();
  const ids: Record<string, string> = {};

  before(async () => {
    db = await testTargets()[0]!.openDemo('county');
    // A provider that is down (nothing listens on port 9) and SCIM provisioning: their routes
    // exist, and the provider's SCIM client is one more kind of actor.
    app = (
      await testApp(db, {
        KAIKU_OIDC_ISSUER: 'http://127.0.0.1:9/provider-down',
        KAIKU_OIDC_CLIENT_ID: 'kaiku',
        KAIKU_OIDC_CLIENT_SECRET: 'access-table',
        KAIKU_SCIM_TOKEN: scimToken,
      })
    ).app;
    await createUser(db, system, { username: 'ika', displayName: 'Ikääntyneiden johtaja', password: 'long enough pw' });
    await grantRole(db, system, { username: 'ika', role: 'manager', nodeCode: 'IKA' });
    const unit = (
      await db.query<{ code: string }>(
        "select code from org_node where parent_id = (select id from org_node where code = 'TER-VAS') and kind = 'unit' order by code limit 1",
      )
    )[0]!.code;
    ids.feedback = String((await createFeedback(db, null, { target: unit, text: 'Pääsytesti', contact: { email: 'a@example.fi' } })).id);
    // the feedback's tone and topics, for the page that corrects them
    await analysePending(db, offlineProvider, Number.POSITIVE_INFINITY);
    const cp = (channel: string) =>
      db.query<{ code: string }>('select cp.code from collection_point cp join org_node n on n.id = cp.node_id where n.code = $1 and cp.channel = $2 limit 1', [
        unit,
        channel,
      ]);
    ids.qr = (await cp('qr'))[0]!.code;
    ids.kiosk = (await cp('kiosk'))[0]!.code;
    ids.paper = (await cp('paper'))[0]!.code;
    ids.unit = unit;
    const handlerId = (await db.query<{ id: number }>("select id from staff_user where username = 'handler'"))[0]!.id;
    ids.action = String(
      await openAction(db, system, {
        node: unit,
        title: 'Pääsytestin toimi',
        finding: 'Havainto',
        plan: 'Suunnitelma',
        owner: handlerId,
        dueOn: '2026-12-31',
        followUpOn: '2027-03-01',
        feedback: [Number(ids.feedback)],
      }),
    );
    const [call] = await db.query<{ id: number }>('select id from council_call limit 1');
    ids.application = String(
      (
        await db.query<{ id: number }>(
          `insert into council_application (call_id, name, email, language, motivation, consent_text) values ($1, 'Hakija', 'h@example.fi', 'fi', 'm', 'c') returning id`,
          [call!.id],
        )
      )[0]!.id,
    );
    for (const [key, table] of [
      ['council', 'council'],
      ['expert', 'expert'],
      ['request', 'expert_request'],
      ['project', 'dev_project'],
      ['meeting', 'council_meeting'],
    ] as const) {
      ids[key] = String((await db.query<{ id: number }>(`select min(id)::int as id from ${table}`))[0]!.id);
    }
    ids.member = String((await db.query<{ id: number }>('select min(id)::int as id from council_member'))[0]!.id);
    ids.rep = String((await db.query<{ id: number }>('select min(id)::int as id from dev_project_representative'))[0]!.id);
    // A division's administrator, and the key she makes with every scope a division may have.
    await createUser(db, system, { username: 'divadmin', displayName: 'Terveydenhuollon pääkäyttäjä', password: 'long enough pw' });
    await grantRole(db, system, { username: 'divadmin', role: 'admin', nodeCode: 'TER' });
    const divadmin = await principalForUser(db, (await db.query<{ id: number }>("select id from staff_user where username = 'divadmin'"))[0]!.id);
    const divisionKey = (
      await createApiKey(db, divadmin, { name: 'Divisioonan integraatio', scopes: apiScopes.filter((s) => !countyScopes.includes(s)), nodeCode: 'TER' })
    ).key;
    for (const role of roles) {
      const bearer: Partial<Record<Role, string>> = { divisionKey, scimClient: scimToken };
      // each from its own address, as people are: the public forms' limits count by address
      const c = new Client(app, bearer[role] ? { authorization: `Bearer ${bearer[role]}` } : {}, `192.0.2.${roles.indexOf(role) + 1}`);
      if (!['public', 'divisionKey', 'scimClient'].includes(role)) {
        const named: Partial<Record<Role, string>> = { otherManager: 'ika', divisionAdmin: 'divadmin' };
        await c.signIn(named[role] ?? role, named[role] ? 'long enough pw' : 'demo');
      }
      await c.get('/admin/account');
      clients.set(role, c);
    }
  });
  after(async () => {
    await app.close();
    await db.close();
  });

  /** A concrete address for a route pattern: records of the Porvoo area, nodes asked for by their code. */
  const concrete = (url: string) =>
    url
      .replace(/^\/(s|k)\/:code/, (_m, p: string) => `/${p}/${p === 's' ? ids.qr : ids.kiosk}`)
      .replace('/p/:code', '/p/AbCdEfGhIjKlMnOpQrStUvWxYz012345')
      .replace('/admin/paper/:code', `/admin/paper/${ids.paper}`)
      .replace('/admin/collection-points/:code', `/admin/collection-points/${ids.qr}`)
      .replace(/\/(admin\/org|api\/v1\/org\/nodes)\/:code/, (_m, p: string) => `/${p}/TER-VAS`)
      .replace(':username', 'handler')
      .replace(':prefix', 'kaiku_nosuchkey')
      .replace('/admin/surveys/:id', '/admin/surveys/thl-national')
      .replace('/api/v1/surveys/:id', '/api/v1/surveys/thl-national')
      .replace('/api/v1/surveys/:key', '/api/v1/surveys/thl-national')
      .replace('/admin/surveys/templates/:key', '/admin/surveys/templates/managers-feedback-use')
      .replace(/\/(kuitti|kvitto|receipt)\/:token/, '/$1/AbCdEfGhIjKlMnOpQrStUvWx')
      .replace('/admin/feedback/:id', `/admin/feedback/${ids.feedback}`)
      .replace('/admin/actions/:id', `/admin/actions/${ids.action}`)
      .replace('/admin/analysis/topics/:key', '/admin/analysis/topics/phone')
      .replace(/^\/analysis\/correct$/, `/analysis/correct?source=feedback&id=${ids.feedback}`)
      .replace('/portal/chart/:name', '/portal/chart/trend.svg')
      .replace('/admin/journey/stages/:key', '/admin/journey/stages/contact')
      .replace('/reports/:id/:file', '/reports/999999/fi.pdf')
      .replace(':secret', 'AbCdEfGhIjKlMnOpQrStUvWxYz012345')
      .replace('/councils/:id', `/councils/${ids.council}`)
      .replace('/meetings/:meeting', `/meetings/${ids.meeting}`)
      .replace('/members/:member', `/members/${ids.member}`)
      .replace('/applications/:id', `/applications/${ids.application}`)
      .replace('/experts/:id', `/experts/${ids.expert}`)
      .replace('/requests/:id', `/requests/${ids.request}`)
      .replace('/projects/:id', `/projects/${ids.project}`)
      .replace('/representatives/:rep', `/representatives/${ids.rep}`)
      .replace(/\/:id\b/, '/999999');

  /** Node-scoped pages are asked about the Porvoo area. */
  const withNode = (url: string) =>
    /^\/(portal|admin\/actions(\/new)?$|admin\/feedback\/(figures|led-to|export|pages)|admin\/analysis\/(report|texts)|api\/v1\/(results|feedback\/figures|analysis\/topics|actions))/.test(
      url,
    )
      ? `${url}?node=TER-VAS`
      : url;

  it('answers every route as the table says, for every role', async () => {
    const observed: Record<string, string> = {};
    // signing out last: it ends the sessions the other rows use
    const routes = app.routeList.filter((r) => !r.url.startsWith('/static/')).sort((a, b) => Number(a.url === '/logout') - Number(b.url === '/logout'));
    for (const route of routes) {
      const key = `${route.method} ${route.url}`;
      const url = withNode(concrete(route.url));
      const codes: number[] = [];
      for (const role of roles) {
        const c = clients.get(role)!;
        // an empty value everywhere: never valid, so an allowed role changes nothing
        const res = route.method === 'GET' ? await c.get(url) : await c.post(url, { _invalid: '' }, { method: route.method as 'POST' });
        codes.push(res.statusCode);
      }
      observed[key] = codes.join(' ');
    }
    // Recording prints the observed table for review; the comparison below still decides.
    if (process.env.ACCESS_TABLE_RECORD)
      console.log(
        Object.entries(observed)
          .map(([k, v]) => `  '${k}': '${v}',`)
          .join('\n'),
      );
    const missing = Object.keys(observed).filter((k) => !(k in expected));
    assert.deepEqual(missing, [], 'every route has its row in test/access-table.ts');
    const wrong = Object.entries(observed)
      .filter(([k, v]) => expected[k] !== v)
      .map(([k, v]) => `${k}: expected ${expected[k]}, got ${v}`);
    assert.deepEqual(wrong, [], `columns: ${roles.join(' ')}`);
  });
});
