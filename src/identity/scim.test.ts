import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { describeEachDatabase } from '../../test/helpers/databases.ts';
import { assertPage, testApp } from '../../test/helpers/http.ts';
import { freePort } from '../../test/helpers/net.ts';
import { CookieJar, signInAtProvider, startTestIdp, type TestIdp } from '../../test/helpers/oidc.ts';
import { maybeOne, one } from '../shared/db.ts';
import { addMapping } from './mappings.ts';

const system = { kind: 'system', name: 'test' } as const;
const token = 'a-scim-bearer-token-for-this-test-only-0123456789';

describeEachDatabase(
  'provisioning staff accounts from the provider (SCIM 2.0)',
  ({ db }) => {
    let idp: TestIdp;
    let app: FastifyInstance;
    let base: string;
    let host: string;
    let sannaId: string;
    let groupId: string;

    before(async () => {
      const port = await freePort();
      base = `http://127.0.0.1:${port}`;
      host = `127.0.0.1:${port}`;
      idp = await startTestIdp(base);
      // Playing Entra: the token's `oid` is the object id that provisioning sends as externalId.
      idp.people.set('pairwise-sub-of-sanna', { name: 'Sanna Salo', email: 'sanna.salo@hyvaks.invalid', roles: [], oid: 'entra-object-sanna' });
      ({ app } = await testApp(db(), { ...idp.env, KAIKU_PUBLIC_URL: base, KAIKU_SCIM_TOKEN: token }));
      await app.listen({ port, host: '127.0.0.1' });
      await addMapping(db(), system, { claimValue: 'group-object-ter-managers', role: 'manager', nodeCode: 'TER' });
    });
    after(async () => {
      await app?.close();
      await idp?.close();
    });

    /** A SCIM request as Entra's provisioning service makes it. */
    async function scim(method: string, path: string, body?: unknown, bearer = token) {
      const res = await fetch(`${base}/scim/v2${path}`, {
        method,
        headers: { authorization: `Bearer ${bearer}`, ...(body === undefined ? {} : { 'content-type': 'application/scim+json' }) },
        body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
      });
      const text = await res.text();
      return { status: res.status, type: res.headers.get('content-type') ?? '', body: text ? JSON.parse(text) : undefined };
    }
    const filter = (f: string) => `?filter=${encodeURIComponent(f)}`;
    const patchOp = (...Operations: unknown[]) => ({ schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'], Operations });
    const status = async (jar: CookieJar, path: string) => (await jar.fetch(`${base}${path}`)).status;
    async function grantsOf(username: string) {
      return db().query<{ role: string; code: string; source: string }>(
        `select r.role, n.code, r.source from role_assignment r join org_node n on n.id = r.node_id join staff_user u on u.id = r.user_id
          where u.username = $1 order by r.role, n.code`,
        [username],
      );
    }

    it('answers only the provider’s bearer token', async () => {
      for (const bearer of ['', 'wrong', `${token}x`]) {
        const res = await scim('GET', '/Users', undefined, bearer);
        assert.equal(res.status, 401, `token "${bearer}"`);
        assert.match(res.type, /application\/scim\+json/);
        assert.deepEqual(res.body.schemas, ['urn:ietf:params:scim:api:messages:2.0:Error']);
      }
      const noHeader = await fetch(`${base}/scim/v2/Users`);
      assert.equal(noHeader.status, 401);
    });

    it('creates a user before she ever signs in, as Entra does: look up by userName, then POST', async () => {
      const none = await scim('GET', `/Users${filter('userName eq "Sanna.Salo@hyvaks.invalid"')}`);
      assert.equal(none.status, 200);
      assert.equal(none.body.totalResults, 0);
      const created = await scim('POST', '/Users', {
        schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'],
        externalId: 'entra-object-sanna',
        userName: 'Sanna.Salo@hyvaks.invalid',
        active: true,
        displayName: 'Sanna Salo',
        emails: [{ primary: true, type: 'work', value: 'sanna.salo@hyvaks.invalid' }],
        name: { givenName: 'Sanna', familyName: 'Salo' },
      });
      assert.equal(created.status, 201, JSON.stringify(created.body));
      sannaId = created.body.id;
      assert.equal(created.body.userName, 'sanna.salo@hyvaks.invalid');
      assert.equal(created.body.meta.location, `${base}/scim/v2/Users/${sannaId}`);
      const found = await scim('GET', `/Users${filter('userName eq "SANNA.SALO@hyvaks.invalid"')}`);
      assert.equal(found.body.totalResults, 1, 'userName is matched without regard to case');
      assert.equal((await scim('GET', `/Users${filter('externalId eq "entra-object-sanna"')}`)).body.Resources[0].id, sannaId);
      assert.equal((await scim('GET', `/Users${filter('displayName co "Sanna"')}`)).body.totalResults, 1, 'other filters too');
      const account = await one<{ password_hash: string | null; oidc_issuer: string; oidc_subject: string | null }>(
        db(),
        'select password_hash, oidc_issuer, oidc_subject from staff_user where id = $1',
        [Number(sannaId)],
      );
      assert.deepEqual(account, { password_hash: null, oidc_issuer: idp.issuer, oidc_subject: null });
      assert.ok(await maybeOne(db(), "select 1 from audit_log where action = 'user_created' and actor = 'scim' and target_id = 'sanna.salo@hyvaks.invalid'"));
    });

    it('gives a group’s members the roles the county mapped to the group, before anyone signs in', async () => {
      const created = await scim('POST', '/Groups', {
        schemas: ['urn:ietf:params:scim:schemas:core:2.0:Group'],
        displayName: 'Kaiku – TER managers',
        externalId: 'group-object-ter-managers',
        members: [{ value: sannaId }],
      });
      assert.equal(created.status, 201, JSON.stringify(created.body));
      groupId = created.body.id;
      assert.deepEqual(await grantsOf('sanna.salo@hyvaks.invalid'), [{ role: 'manager', code: 'TER', source: 'scim' }]);
      const left = await scim('PATCH', `/Groups/${groupId}`, patchOp({ op: 'Remove', path: `members[value eq "${sannaId}"]` }));
      assert.ok([200, 204].includes(left.status), JSON.stringify(left.body));
      assert.deepEqual(await grantsOf('sanna.salo@hyvaks.invalid'), []);
      const back = await scim('PATCH', `/Groups/${groupId}`, patchOp({ op: 'Add', path: 'members', value: [{ value: sannaId }] }));
      assert.ok([200, 204].includes(back.status), JSON.stringify(back.body));
      assert.deepEqual(await grantsOf('sanna.salo@hyvaks.invalid'), [{ role: 'manager', code: 'TER', source: 'scim' }]);
      await addMapping(db(), system, { claimValue: 'Kaiku – TER managers', role: 'analyst', nodeCode: 'TER' });
      assert.deepEqual(
        await grantsOf('sanna.salo@hyvaks.invalid'),
        [
          { role: 'analyst', code: 'TER', source: 'scim' },
          { role: 'manager', code: 'TER', source: 'scim' },
        ],
        'a new mapping of the group’s name reaches its members at once',
      );
    });

    it('ties her first sign-in to the provisioned account by the provider’s object id', async () => {
      const jar = new CookieJar();
      const res = await jar.fetch(await signInAtProvider(jar, base, 'pairwise-sub-of-sanna'));
      assert.equal(res.status, 303);
      assert.equal(res.headers.get('location'), '/portal');
      const account = await one<{ id: number; oidc_subject: string }>(
        db(),
        "select id, oidc_subject from staff_user where username = 'sanna.salo@hyvaks.invalid'",
      );
      assert.deepEqual(account, { id: Number(sannaId), oidc_subject: 'pairwise-sub-of-sanna' });
      assert.equal(await status(jar, '/admin/org/TER'), 200);
    });

    it('ends every session of a deactivated user at once, with Entra’s "False" string', async () => {
      const jar = new CookieJar();
      await jar.fetch(await signInAtProvider(jar, base, 'pairwise-sub-of-sanna'));
      assert.ok(jar.has(host, 'kaiku_session'));
      assert.equal(await status(jar, '/portal'), 200);
      const off = await scim('PATCH', `/Users/${sannaId}`, patchOp({ op: 'Replace', path: 'active', value: 'False' }));
      assert.equal(off.status, 200, JSON.stringify(off.body));
      assert.equal(off.body.active, false);
      assert.equal(await status(jar, '/portal'), 303, 'the open session no longer lets her in');
      const sessions = await db().query('select 1 from staff_session where user_id = $1', [Number(sannaId)]);
      assert.equal(sessions.length, 0);
      const entry = await one<{ details: { sessionsEnded: number } }>(
        db(),
        "select details from audit_log where action = 'scim_user_deactivated' order by id desc limit 1",
      );
      assert.ok(entry.details.sessionsEnded >= 1);
      const again = new CookieJar();
      const refused = await again.fetch(await signInAtProvider(again, base, 'pairwise-sub-of-sanna'));
      assert.equal(refused.status, 403);
      assertPage(await refused.text(), /Ei käyttöoikeutta/);
      const on = await scim('PATCH', `/Users/${sannaId}`, patchOp({ op: 'Replace', value: { active: true } }));
      assert.equal(on.body.active, true);
    });

    it('refuses hostile and wrong requests with SCIM errors, and keeps local accounts out of reach', async () => {
      assert.equal((await scim('POST', '/Users', '{"userName": ')).status, 400);
      const taken = await scim('POST', '/Users', { schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'], userName: 'sanna.salo@hyvaks.invalid' });
      assert.equal(taken.status, 409);
      assert.equal(taken.body.scimType, 'uniqueness');
      const admin = await one<{ id: number }>(db(), "select id from staff_user where username = 'admin'");
      assert.equal((await scim('GET', `/Users${filter('userName eq "admin"')}`)).body.totalResults, 0);
      assert.equal((await scim('PATCH', `/Users/${admin.id}`, patchOp({ op: 'Replace', path: 'active', value: false }))).status, 404);
      assert.equal((await scim('DELETE', `/Users/${admin.id}`)).status, 404);
      assert.equal((await one<{ active: boolean }>(db(), 'select active from staff_user where id = $1', [admin.id])).active, true);
      const foreignMember = await scim('PUT', `/Groups/${groupId}`, {
        schemas: ['urn:ietf:params:scim:schemas:core:2.0:Group'],
        displayName: 'Kaiku – TER managers',
        members: [{ value: String(admin.id) }],
      });
      assert.equal(foreignMember.status, 400, 'a local account cannot be put in a group');
      assert.equal((await scim('GET', '/Users/not-a-number')).status, 404);
      for (const bad of ['userName zz "a"', '"a"', '(userName eq "a"']) assert.equal((await scim('GET', `/Users${filter(bad)}`)).status, 400, bad);
    });

    it('deletes a user: gone from SCIM, no roles from the provider, the row kept for the audit trail', async () => {
      assert.equal((await scim('DELETE', `/Users/${sannaId}`)).status, 204);
      assert.equal((await scim('GET', `/Users/${sannaId}`)).status, 404);
      assert.deepEqual(await grantsOf('sanna.salo@hyvaks.invalid'), []);
      const group = await scim('GET', `/Groups/${groupId}`);
      assert.deepEqual(group.body.members ?? [], []);
      assert.ok(await maybeOne(db(), "select 1 from audit_log where action = 'scim_user_deleted' and target_id = 'sanna.salo@hyvaks.invalid'"));
      assert.equal((await scim('DELETE', `/Groups/${groupId}`)).status, 204);
      assert.equal((await scim('GET', `/Groups${filter('displayName eq "Kaiku – TER managers"')}`)).body.totalResults, 0);
    });

    it('describes itself for the provider’s connection test', async () => {
      const config = await scim('GET', '/ServiceProviderConfig');
      assert.equal(config.status, 200);
      assert.equal(config.body.patch.supported, true);
      assert.equal(config.body.bulk.supported, false);
      const types = await scim('GET', '/ResourceTypes');
      assert.deepEqual(types.body.Resources.map((r: { name: string }) => r.name).sort(), ['Group', 'User']);
    });
  },
  { demo: 'organisation' },
);
