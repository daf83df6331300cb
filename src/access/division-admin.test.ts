import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { describeEachDatabase } from '../../test/helpers/databases.ts';
import { Client, testApp, visibleText } from '../../test/helpers/http.ts';
import { createFeedback } from '../feedback/create-feedback.ts';
import { signIn } from './sessions.ts';
import { createUser, grantRole } from './users.ts';

const system = { kind: 'system', name: 'test' } as const;
const pw = 'long enough pw';

/**
 * A division's administrator (admin on TER only) against the county: every power she has stops at
 * her division. Each case below was a way to take over the county before.
 */
describeEachDatabase(
  'a division administrator stays inside her division',
  ({ db }) => {
    let app: FastifyInstance;
    let div: Client;
    let ikaUnit = '';
    let terUnit = '';

    before(async () => {
      app = (await testApp(db())).app;
      await createUser(db(), system, { username: 'divadmin', displayName: 'Terveydenhuollon pääkäyttäjä', password: pw });
      await grantRole(db(), system, { username: 'divadmin', role: 'admin', nodeCode: 'TER' });
      await createUser(db(), system, { username: 'admin2', displayName: 'Alueen pääkäyttäjä', password: pw });
      await grantRole(db(), system, { username: 'admin2', role: 'admin', nodeCode: 'DEMO' });
      await createUser(db(), system, { username: 'terhoitaja', displayName: 'Käsittelijä', password: pw });
      await grantRole(db(), system, { username: 'terhoitaja', role: 'handler', nodeCode: 'TER-VAS' });
      const unitOf = async (area: string) =>
        (
          await db().query<{ code: string }>('select n.code from org_node n join org_node a on a.id = n.parent_id where a.code = $1 order by n.code limit 1', [
            area,
          ])
        )[0]!.code;
      terUnit = await unitOf('TER-VAS');
      ikaUnit = await unitOf('IKA-ASU');
      div = new Client(app);
      await div.signIn('divadmin', pw);
    });
    after(async () => app.close());

    it('cannot set the password of, or deactivate, a county administrator; can for her own people', async () => {
      const password = await div.post('/admin/users/admin2/password', { password: 'kaapattu salasana 123' });
      assert.equal(password.statusCode, 403);
      await signIn(db(), { username: 'admin2', password: pw, sessionHours: 1 }); // unchanged
      assert.equal((await div.post('/admin/users/admin2/active', { active: 'false' })).statusCode, 403);
      assert.equal((await db().query<{ active: boolean }>("select active from staff_user where username = 'admin2'"))[0]!.active, true);
      assert.equal(
        (await div.post('/admin/users/admin2/grant', { role: 'handler', node: 'TER-VAS' })).statusCode,
        403,
        'no roles for the county administrator either',
      );
      assert.equal((await div.get('/admin/users/admin2')).statusCode, 404, 'not even shown');
      const list = visibleText((await div.get('/admin/users')).body);
      assert.match(list, /terhoitaja/);
      assert.doesNotMatch(list, /admin2|Alueen pääkäyttäjä/);

      assert.equal((await div.post('/admin/users/terhoitaja/password', { password: 'uusi pitkä salasana' })).statusCode, 303);
      await signIn(db(), { username: 'terhoitaja', password: 'uusi pitkä salasana', sessionHours: 1 });
      assert.equal((await div.post('/admin/users/terhoitaja/grant', { role: 'handler', node: 'IKA' })).statusCode, 403, 'no roles outside her division');
    });

    it('makes keys for her division only, with at most her own powers there', async () => {
      const county = await div.post('/admin/api-keys', { name: 'Kaappaus', node: 'TER', scopes: ['users:write', 'org:write', 'audit:read', 'results:read'] });
      assert.equal(county.statusCode, 400);
      assert.match(visibleText(county.body), /koskevat koko aluetta/);
      assert.match(county.body, /value="Kaappaus"/, 'what was typed stays');
      const root = await div.post('/admin/api-keys', { name: 'Koko alue', node: 'DEMO', scopes: ['results:read'] });
      assert.equal(root.statusCode, 400);
      assert.match(visibleText(root.body), /vain niihin organisaation osiin, joita ylläpidät/);

      const made = await div.post('/admin/api-keys', {
        name: 'Terveydenhuolto',
        node: 'TER',
        scopes: ['users:write', 'results:read', 'feedback:write', 'responses:write', 'org:read'],
      });
      assert.equal(made.statusCode, 200);
      const key = /kaiku_[0-9a-f]{12}_[A-Za-z0-9_-]{32}/.exec(made.body)![0];
      const api = (method: 'GET' | 'POST', url: string, payload?: unknown, type = 'application/json') =>
        app.inject({ method, url, headers: { authorization: `Bearer ${key}`, 'content-type': type }, payload: payload as string });

      const rename = await api(
        'POST',
        '/api/v1/org/import?partial=true',
        'code,parent_code,kind,name_fi,name_sv,name_en,active\nDEMO,,county,Kaapattu,,,true\n',
        'text/csv',
      );
      assert.equal(rename.statusCode, 403);
      assert.equal((await db().query<{ name_fi: string }>("select name_fi from org_node where code = 'DEMO'"))[0]!.name_fi, 'Kaikulan hyvinvointialue');
      assert.equal((await api('GET', '/api/v1/results?node=DEMO')).statusCode, 403, 'the county’s results are not hers');
      assert.equal((await api('GET', '/api/v1/results?node=IKA')).statusCode, 403, 'nor another division’s');
      assert.equal((await api('GET', '/api/v1/results?node=TER')).statusCode, 200);
      assert.equal((await api('GET', '/api/v1/audit')).statusCode, 403);

      const answers = await api('POST', '/api/v1/responses', {
        responses: [
          { idempotencyKey: 'k1', survey: 'thl-national', unit: terUnit, channel: 'api', submittedAt: '2026-11-20T10:00:00+02:00', answers: { nps: 9 } },
          { idempotencyKey: 'k2', survey: 'thl-national', unit: ikaUnit, channel: 'api', submittedAt: '2026-11-20T10:00:00+02:00', answers: { nps: 9 } },
        ],
      });
      assert.deepEqual(
        answers.json().results.map((r: { status: string }) => r.status),
        ['created', 'invalid'],
        'an answer for another division is refused',
      );
      assert.match(JSON.stringify(answers.json().results[1].errors), /outside the part of the organisation/);
      const feedback = await api('POST', '/api/v1/feedback', { target: ikaUnit, text: 'Toisen toimialan palaute' });
      assert.equal(feedback.statusCode, 400);
      assert.equal((await api('POST', '/api/v1/feedback', { target: terUnit, text: 'Oman toimialan palaute' })).statusCode, 201);

      // The key's users:write reaches her division's people only.
      const keys = visibleText((await div.get('/admin/api-keys')).body);
      assert.match(keys, /Terveydenhuolto/);
      const admin = new Client(app);
      await admin.signIn('admin2', pw);
      const all = visibleText((await admin.get('/admin/api-keys')).body);
      assert.match(all, /Terveydenhuolto .*TER/, 'the county’s administrators see the division’s keys, with their node');
    });

    it('sees and decides only her own division’s suspected spam', async () => {
      const spam = (target: string, text: string) =>
        createFeedback(db(), null, {
          target,
          text: `${text} https://a.example https://b.example https://c.example https://d.example osta nyt`,
          contact: { phone: '040 123 4567' },
        });
      const own = await spam(terUnit, 'Oman alueen roskaa');
      const other = await spam(ikaUnit, 'Toisen alueen teksti, hetu 010190-123A');
      assert.equal(own.status, 'suspected_spam');
      assert.equal(other.status, 'suspected_spam');
      const page = visibleText((await div.get('/admin/feedback/spam')).body);
      assert.match(page, /Oman alueen roskaa/);
      assert.doesNotMatch(page, /Toisen alueen|010190/);
      assert.equal((await div.post(`/admin/feedback/${other.id}/spam`, { genuine: 'true' })).statusCode, 404);
      assert.equal((await db().query<{ status: string }>('select status from feedback where id = $1', [other.id]))[0]!.status, 'suspected_spam');
    });

    it('is refused the county’s own pages: outbox, audit log, webhooks, SMS, report runs, taxonomy', async () => {
      for (const path of [
        '/admin/outbox',
        '/admin/audit',
        '/admin/webhooks',
        '/admin/sms',
        '/admin/reports',
        '/admin/analysis',
        '/admin/journey',
        '/admin/org/import',
      ]) {
        assert.equal((await div.get(path)).statusCode, 403, path);
      }
      assert.equal((await div.post('/admin/webhooks', { url: 'https://evil.example/hook', events: 'response.created' })).statusCode, 403);
      assert.equal((await db().query("select 1 from webhook_endpoint where url like '%evil%'")).length, 0);
      const menu = visibleText((await div.get('/admin/manage')).body);
      assert.match(menu, /Käyttäjät/);
      assert.doesNotMatch(menu, /Lähtevät viestit|Tapahtumaloki|Webhookit/);
    });
  },
  { demo: 'organisation' },
);
