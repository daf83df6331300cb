import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { describeEachDatabase } from '../../test/helpers/databases.ts';
import { assertPage, Client, testApp } from '../../test/helpers/http.ts';
import { freePort } from '../../test/helpers/net.ts';
import { CookieJar, signInAtProvider, startTestIdp, type TestIdp } from '../../test/helpers/oidc.ts';
import { signIn } from '../access/sessions.ts';
import { grantRole, setPassword } from '../access/users.ts';
import { maybeOne, one } from '../shared/db.ts';
import { addMapping } from './mappings.ts';

const system = { kind: 'system', name: 'test' } as const;

describeEachDatabase(
  'signing in with the county’s OpenID provider',
  ({ db }) => {
    let idp: TestIdp;
    let app: FastifyInstance;
    let base: string;
    let host: string;
    let otherDivision: string;

    before(async () => {
      const port = await freePort();
      base = `http://127.0.0.1:${port}`;
      host = `127.0.0.1:${port}`;
      idp = await startTestIdp(base);
      idp.people.set('anna', { name: 'Anna Aalto', email: 'anna.aalto@hyvaks.invalid', roles: ['kaiku-ter-managers', 'Everyone'] });
      idp.people.set('ville', { name: 'Ville Virta', email: 'ville.virta@hyvaks.invalid', roles: ['Everyone'] });
      ({ app } = await testApp(db(), { ...idp.env, KAIKU_PUBLIC_URL: base }));
      await app.listen({ port, host: '127.0.0.1' });
      await addMapping(db(), system, { claimValue: 'kaiku-ter-managers', role: 'manager', nodeCode: 'TER' });
      await addMapping(db(), system, { claimValue: 'kaiku-vas-handlers', role: 'handler', nodeCode: 'TER-VAS' });
      otherDivision = (
        await one<{ code: string }>(
          db(),
          "select code from org_node where parent_id = (select id from org_node where code = 'DEMO') and code <> 'TER' order by code limit 1",
        )
      ).code;
    });
    after(async () => {
      await app?.close();
      await idp?.close();
    });

    /** Signs in as `login` and returns the jar and Kaiku's answer to the provider's callback. */
    async function signInAs(login: string, jar = new CookieJar()) {
      const callback = await signInAtProvider(jar, base, login);
      return { jar, callback, res: await jar.fetch(callback) };
    }

    const status = async (jar: CookieJar, path: string) => (await jar.fetch(`${base}${path}`)).status;

    it('creates the account at the first sign-in and lands a mapped manager on her portal, with her division only', async () => {
      const { jar, res } = await signInAs('anna');
      assert.equal(res.status, 303);
      assert.equal(res.headers.get('location'), '/portal');
      assert.ok(jar.has(host, 'kaiku_session'));
      const account = await one<{ username: string; display_name: string; email: string; password_hash: string | null; oidc_issuer: string }>(
        db(),
        "select username, display_name, email, password_hash, oidc_issuer from staff_user where oidc_subject = 'anna'",
      );
      assert.deepEqual(account, {
        username: 'anna.aalto',
        display_name: 'Anna Aalto',
        email: 'anna.aalto@hyvaks.invalid',
        password_hash: null,
        oidc_issuer: idp.issuer,
      });
      assert.equal(await status(jar, '/portal'), 200);
      assert.equal(await status(jar, '/admin/org/TER'), 200);
      assert.equal(await status(jar, `/admin/org/${otherDivision}`), 403);
      assert.equal(await status(jar, '/admin/users'), 403);
      const entry = await one<{ actor: string; details: { provider: string } }>(
        db(),
        "select actor, details from audit_log where action = 'sign_in' and target_id = 'anna.aalto' order by id desc limit 1",
      );
      assert.equal(entry.details.provider, idp.issuer);
    });

    it('sets her grants from the provider again at the next sign-in, and keeps the ones given by hand in Kaiku', async () => {
      await grantRole(db(), system, { username: 'anna.aalto', role: 'professional', nodeCode: 'TER-VAS' });
      idp.people.get('anna')!.roles = ['kaiku-vas-handlers'];
      const { jar, res } = await signInAs('anna');
      assert.equal(res.status, 303);
      const grants = await db().query<{ role: string; code: string; source: string }>(
        `select r.role, n.code, r.source from role_assignment r join org_node n on n.id = r.node_id join staff_user u on u.id = r.user_id
          where u.username = 'anna.aalto' order by r.role`,
      );
      assert.deepEqual(grants, [
        { role: 'handler', code: 'TER-VAS', source: 'provider' },
        { role: 'professional', code: 'TER-VAS', source: 'manual' },
      ]);
      assert.equal(await status(jar, '/admin/org/TER'), 403, 'the manager role the provider no longer gives is gone');
      idp.people.get('anna')!.roles = ['kaiku-ter-managers'];
    });

    it('refuses a person with no mapped role with a page saying whom to ask, and starts no session', async () => {
      const { jar, res } = await signInAs('ville');
      assert.equal(res.status, 403);
      const html = await res.text();
      assertPage(html, /Ei käyttöoikeutta/);
      assertPage(html, /Asiakaslähtöisyystiimi \(demo\)/, 'names the county’s administrator');
      assert.ok(!jar.has(host, 'kaiku_session'));
      const refused = await maybeOne(
        db(),
        "select 1 from audit_log where action = 'sign_in_failed' and target_id = 'ville.virta' and details->>'reason' = 'no_role'",
      );
      assert.ok(refused);
    });

    /** A refused callback: the failure page, no session, and the refusal in the audit log. */
    async function assertRefused(res: Response, jar: CookieJar) {
      assert.equal(res.status, 400);
      assertPage(await res.text(), /Kirjautuminen ei onnistunut/);
      assert.ok(!jar.has(host, 'kaiku_session'));
      assert.equal(await status(jar, '/admin'), 303);
    }

    it('refuses a tampered state', async () => {
      const jar = new CookieJar();
      const callback = new URL(await signInAtProvider(jar, base, 'anna'));
      callback.searchParams.set('state', 'an-attackers-state');
      await assertRefused(await jar.fetch(callback.href), jar);
    });

    it('refuses a replayed code: both on the same browser and in a new sign-in', async () => {
      const { jar, callback, res } = await signInAs('anna');
      assert.equal(res.status, 303);
      await assertRefused(await jar.fetch(callback), new CookieJar());
      // A fresh sign-in under way, with the old code put in: the provider will not take it twice.
      const attacker = new CookieJar();
      const start = await attacker.fetch(`${base}/auth/oidc/login`);
      const state = new URL(start.headers.get('location')!).searchParams.get('state')!;
      const replay = new URL(callback);
      replay.searchParams.set('state', state);
      await assertRefused(await attacker.fetch(replay.href), attacker);
    });

    it('refuses an ID token with the wrong nonce, an expired one, a wrongly signed one and one from another issuer', async () => {
      const attacks = {
        'wrong nonce': { change: (c: Record<string, unknown>) => ({ ...c, nonce: 'a-nonce-from-another-sign-in' }) },
        // Expired by the token's own issue time, whatever day the test runs.
        expired: { change: (c: Record<string, unknown>) => ({ ...c, iat: Number(c.iat) - 7200, exp: Number(c.iat) - 3600 }) },
        'wrongly signed': { change: (c: Record<string, unknown>) => c, foreignKey: true },
        'another issuer': { change: (c: Record<string, unknown>) => ({ ...c, iss: 'http://127.0.0.1:9/another-provider' }) },
      };
      for (const [name, attack] of Object.entries(attacks)) {
        const jar = new CookieJar();
        const callback = await signInAtProvider(jar, base, 'anna');
        idp.tamperNextIdToken(attack.change, { foreignKey: 'foreignKey' in attack });
        const res = await jar.fetch(callback);
        assert.equal(res.status, 400, name);
        await assertRefused(res, jar);
      }
      const refusals = await db().query("select 1 from audit_log where action = 'sign_in_failed' and target_type = 'oidc'");
      assert.ok(refusals.length >= 7, `${refusals.length} refusals in the audit log`);
    });

    it('ends the session the provider’s back-channel logout names, and refuses a forged logout token', async () => {
      const { jar } = await signInAs('anna');
      assert.equal(await status(jar, '/admin'), 200);
      const { sid } = await one<{ sid: string }>(
        db(),
        "select s.oidc_sid as sid from staff_session s join staff_user u on u.id = s.user_id where u.oidc_subject = 'anna' order by s.created_at desc limit 1",
      );
      assert.ok(sid, 'the provider’s session id is kept');
      const post = async (token: string) =>
        fetch(`${base}/auth/oidc/backchannel-logout`, {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          body: new URLSearchParams({ logout_token: token }).toString(),
        });
      assert.equal((await post(await idp.logoutToken({ sub: 'anna', sid }, { foreignKey: true }))).status, 400);
      assert.equal((await post(await idp.logoutToken({ sub: 'anna', sid, nonce: 'x' }))).status, 400, 'a logout token has no nonce');
      assert.equal((await post(await idp.logoutToken({ sub: 'anna', sid, aud: 'another-client' }))).status, 400);
      assert.equal(await status(jar, '/admin'), 200, 'no forged token ended the session');
      assert.equal((await post(await idp.logoutToken({ sub: 'anna', sid }))).status, 200);
      assert.equal(await status(jar, '/admin'), 303);
    });

    it('sends a provider account’s sign-out on to the provider’s end-session endpoint', async () => {
      const { jar } = await signInAs('anna');
      const client = await jar.fetch(`${base}/admin`);
      const csrf = /name="_csrf" value="([^"]+)"/.exec(await client.text())![1]!;
      const out = await jar.fetch(`${base}/logout`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ _csrf: csrf }).toString(),
      });
      assert.equal(out.headers.get('location'), '/auth/oidc/logout');
      const to = new URL((await jar.fetch(`${base}/auth/oidc/logout`)).headers.get('location')!);
      assert.equal(`${to.origin}${to.pathname}`, `${idp.issuer}/session/end`);
      assert.equal(to.searchParams.get('post_logout_redirect_uri'), `${base}/login`);
      assert.equal(await status(jar, '/admin'), 303);
    });

    it('sets no password on a provider account', async () => {
      await assert.rejects(setPassword(db(), system, 'anna.aalto', 'a-long-enough-password'), /provider_account_password/);
    });

    it('keeps a county administrator’s mapping page to the county’s own administrators, and keeps a wrong form as typed', async () => {
      const admin = new Client(app);
      await admin.signIn('admin', 'demo');
      const page = await admin.get('/admin/identity');
      assert.equal(page.statusCode, 200);
      assertPage(page.body, /kaiku-ter-managers/);
      assertPage(page.body, new RegExp(`${base}/auth/oidc/callback`), 'shows the redirect URI to register');
      const wrong = await admin.post('/admin/identity/mappings', { claimValue: 'kaiku-ulappa', role: 'manager', node: 'NO-SUCH-NODE' });
      assert.equal(wrong.statusCode, 400);
      assertPage(wrong.body, /Organisaation osaa ei löydy/);
      assertPage(wrong.body, /value="kaiku-ulappa"/);
      const added = await admin.post('/admin/identity/mappings', { claimValue: 'kaiku-ulappa', role: 'analyst', node: 'TER' });
      assert.equal(added.statusCode, 303);
      const id = (await one<{ id: number }>(db(), "select id from oidc_role_mapping where claim_value = 'kaiku-ulappa'")).id;
      assert.equal((await admin.post(`/admin/identity/mappings/${id}/remove`, {})).statusCode, 303);
      const trail = await db().query<{ action: string }>(
        "select action from audit_log where target_type = 'oidc_mapping' and target_id = 'kaiku-ulappa' order by id",
      );
      assert.deepEqual(
        trail.map((r) => r.action),
        ['oidc_mapping_added', 'oidc_mapping_removed'],
      );
      const manager = new Client(app);
      await manager.signIn('manager', 'demo');
      assert.equal((await manager.get('/admin/identity')).statusCode, 403);
    });
  },
  { demo: 'organisation' },
);

describeEachDatabase(
  'passwords when staff sign in with the provider (KAIKU_LOCAL_LOGIN)',
  ({ db }) => {
    it('off: only the county’s break-glass administrator signs in with a password', async () => {
      const { app } = await testApp(db(), { KAIKU_LOCAL_LOGIN: 'off' });
      try {
        const manager = new Client(app);
        const refused = await manager.signIn('manager', 'demo');
        assert.equal(refused.statusCode, 403);
        assertPage(refused.body, /salasanalla kirjautuminen on tälle tunnukselle poistettu käytöstä/);
        const admin = new Client(app);
        assert.equal((await admin.signIn('admin', 'demo')).statusCode, 303);
      } finally {
        await app.close();
      }
    });

    it('says so when the provider is down, and still signs a person out of Kaiku', async () => {
      const { app } = await testApp(db(), {
        KAIKU_OIDC_ISSUER: 'http://127.0.0.1:9/provider-down',
        KAIKU_OIDC_CLIENT_ID: 'kaiku',
        KAIKU_OIDC_CLIENT_SECRET: 'down',
      });
      try {
        const c = new Client(app);
        const start = await c.get('/auth/oidc/login');
        assert.equal(start.statusCode, 503);
        assertPage(start.body, /tunnistuspalveluun ei juuri nyt saada yhteyttä/);
        const out = await c.get('/auth/oidc/logout');
        assert.equal(out.headers.location, '/login');
      } finally {
        await app.close();
      }
    });

    it('admins: administrators only, and a wrong password is still just wrong', async () => {
      await grantRole(db(), system, { username: 'coordinator', role: 'admin', nodeCode: 'TER' });
      const attempt = (username: string, password = 'demo') =>
        signIn(db(), { username, password, sessionHours: 1, address: '192.0.2.1', localLogin: 'admins' });
      await assert.rejects(attempt('handler'), /local_login_off/);
      assert.equal((await attempt('coordinator')).principal.username, 'coordinator');
      await assert.rejects(attempt('handler', 'wrong'), /wrong_credentials/);
      await assert.rejects(
        signIn(db(), { username: 'coordinator', password: 'demo', sessionHours: 1, address: '192.0.2.1', localLogin: 'off' }),
        /local_login_off/,
        'a division administrator is not the break-glass administrator',
      );
    });
  },
  { demo: 'organisation' },
);
