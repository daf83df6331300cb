import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { describeEachDatabase } from '../../test/helpers/databases.ts';
import { Client, assertPage, testApp, visibleText } from '../../test/helpers/http.ts';
import { authenticateApiKey } from './api-keys.ts';
import { safeNext } from './routes.tsx';
import { signIn } from './sessions.ts';
import { createUser, grantRole } from './users.ts';

const system = { kind: 'system', name: 'test' } as const;
const pw = 'long enough pw';

/** What administrators and everyone else do with accounts, through the pages, as a person would. */
describeEachDatabase(
  'accounts through the staff pages',
  ({ db }) => {
    let app: FastifyInstance;
    let admin: Client;

    before(async () => {
      app = (await testApp(db())).app;
      await createUser(db(), system, { username: 'liisa', displayName: 'Liisa L', password: pw });
      await grantRole(db(), system, { username: 'liisa', role: 'handler', nodeCode: 'TER-VAS' });
      await grantRole(db(), system, { username: 'liisa', role: 'professional', nodeCode: 'TER-VAS' });
      admin = new Client(app);
      await admin.signIn('admin', 'demo');
    });
    after(async () => app.close());

    const roleRows = async (username: string) =>
      (
        await db().query<{ g: string }>(
          "select r.role || '@' || n.code as g from role_assignment r join staff_user u on u.id = r.user_id join org_node n on n.id = r.node_id where u.username = $1 order by 1",
          [username],
        )
      ).map((r) => r.g);

    it('changes one’s own password only with the current one, and ends the session', async () => {
      const liisa = new Client(app);
      await liisa.signIn('liisa', pw);
      const wrong = await liisa.post('/admin/account/password', { current: 'not my password', password: 'a brand new password' });
      assert.equal(wrong.statusCode, 400);
      assertPage(wrong.body, /Nykyinen salasana ei ollut oikein\. Salasanaa ei vaihdettu\./);
      await signIn(db(), { username: 'liisa', password: pw, sessionHours: 1 });
      const missing = await liisa.post('/admin/account/password', { password: 'a brand new password' });
      assert.equal(missing.statusCode, 400, 'an open session alone is not enough');
      const short = await liisa.post('/admin/account/password', { current: pw, password: 'lyhyt' });
      assert.equal(short.statusCode, 400);
      assertPage(short.body, /vähintään 10 merkkiä/);
      const ok = await liisa.post('/admin/account/password', { current: pw, password: 'a brand new password' });
      assert.equal(ok.statusCode, 303);
      assert.equal(ok.headers.location, '/login');
      assert.equal((await liisa.get('/admin/account')).statusCode, 303, 'this session ended too');
      await signIn(db(), { username: 'liisa', password: 'a brand new password', sessionHours: 1 });
    });

    it('keeps one’s language for the next sign-in', async () => {
      const liisa = new Client(app);
      await liisa.signIn('liisa', 'a brand new password');
      assert.equal((await liisa.post('/admin/account/locale', { locale: 'sv' })).statusCode, 303);
      assert.equal((await db().query<{ locale: string }>("select locale from staff_user where username = 'liisa'"))[0]!.locale, 'sv');
      const fresh = new Client(app);
      await fresh.signIn('liisa', 'a brand new password');
      assertPage((await fresh.get('/admin/account')).body, /<html lang="sv"/);
      assert.equal((await liisa.post('/admin/account/locale', { locale: 'xx' })).statusCode, 400);
    });

    it('lets an administrator revoke a role, reset a password and deactivate an account from its page', async () => {
      const page = await admin.get('/admin/users/liisa');
      assert.equal(page.statusCode, 200);
      assertPage(page.body, /Liisa L/);
      assert.equal((await admin.post('/admin/users/liisa/revoke', { role: 'professional', node: 'TER-VAS' })).statusCode, 303);
      assert.deepEqual(await roleRows('liisa'), ['handler@TER-VAS']);
      assert.equal((await admin.post('/admin/users/liisa/revoke', { role: 'professional', node: 'TER-VAS' })).statusCode, 404, 'nothing left to revoke');

      const liisa = new Client(app);
      await liisa.signIn('liisa', 'a brand new password');
      assert.equal((await admin.post('/admin/users/liisa/password', { password: 'reset by admin 42' })).statusCode, 303);
      assert.equal((await liisa.get('/admin/account')).statusCode, 303, 'her sessions ended with the reset');
      await signIn(db(), { username: 'liisa', password: 'reset by admin 42', sessionHours: 1 });

      await liisa.signIn('liisa', 'reset by admin 42');
      assert.equal((await admin.post('/admin/users/liisa/active', { active: 'false' })).statusCode, 303);
      assert.equal((await liisa.get('/admin/account')).statusCode, 303, 'a deactivated account’s sessions end at once');
      await assert.rejects(signIn(db(), { username: 'liisa', password: 'reset by admin 42', sessionHours: 1 }));
      assertPage((await admin.get('/admin/users/liisa')).body, /Liisa L/);
      assert.equal((await admin.post('/admin/users/admin/active', { active: 'false' })).statusCode, 400, 'not one’s own account');
      const actions = (
        await db().query<{ action: string }>(
          "select action from audit_log where target_id = 'liisa' and action in ('role_revoked', 'password_changed', 'user_updated') order by id",
        )
      ).map((r) => r.action);
      assert.deepEqual(actions, ['password_changed', 'role_revoked', 'password_changed', 'user_updated']);
    });

    it('revokes an API key from its page: the key stops working at once', async () => {
      const made = await admin.post('/admin/api-keys', { name: 'Raportointi', node: 'DEMO', scopes: 'results:read' });
      const key = /kaiku_([0-9a-f]{12})_[A-Za-z0-9_-]{32}/.exec(made.body)!;
      assert.ok(await authenticateApiKey(db(), key[0], undefined));
      assert.equal((await app.inject({ url: '/api/v1/results?node=DEMO', headers: { authorization: `Bearer ${key[0]}` } })).statusCode, 200);
      assert.equal((await admin.post(`/admin/api-keys/${key[1]}/revoke`, {})).statusCode, 303);
      assert.equal(await authenticateApiKey(db(), key[0], undefined), undefined);
      assert.equal((await app.inject({ url: '/api/v1/results?node=DEMO', headers: { authorization: `Bearer ${key[0]}` } })).statusCode, 401);
      assert.match(visibleText((await admin.get('/admin/api-keys')).body), /Raportointi .*Mitätöity/);
    });

    it('sends a person after sign-in only to a place on this site', () => {
      assert.equal(safeNext('/portal?node=TER'), '/portal?node=TER');
      for (const evil of [
        '//evil.example/x',
        '/\\evil.example/x',
        '/%09/evil.example/x',
        '/\t/evil.example/x',
        '/\n/evil.example',
        'https://evil.example/',
        'javascript:alert(1)',
        '/\\\\evil.example',
      ]) {
        const next = safeNext(evil);
        assert.equal(new URL(next, 'https://kaiku.example').origin, 'https://kaiku.example', `${JSON.stringify(evil)} → ${next}`);
      }
    });
  },
  { demo: 'organisation' },
);
