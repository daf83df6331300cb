import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { describeEachDatabase } from '../../test/helpers/databases.ts';
import { Client, testApp } from '../../test/helpers/http.ts';
import { createUser, grantRole } from './users.ts';
import { importOrgTree } from '../organisation/import-org-tree.ts';

const org = ['code,parent_code,kind,name_fi,name_sv,name_en,active', 'C,,county,Alue,Området,Area,true'].join('\n');
const password = 'pitkä salasana 2026';

describeEachDatabase('sessions: CSRF on every change, no fixation', ({ db }) => {
  let app: FastifyInstance;
  before(async () => {
    await importOrgTree(db(), { csv: org, source: 'test' });
    await createUser(db(), { kind: 'system', name: 'test' }, { username: 'paakayttaja', displayName: 'P', password });
    await grantRole(db(), { kind: 'system', name: 'test' }, { username: 'paakayttaja', role: 'admin', nodeCode: 'C' });
    app = (await testApp(db())).app;
  });
  after(async () => app.close());

  it('refuses every state-changing staff request that lacks the session’s CSRF token, and one with another session’s token', async () => {
    const c = new Client(app);
    await c.signIn('paakayttaja', password);
    const other = new Client(app);
    await other.signIn('paakayttaja', password);
    const changes = app.routeList.filter((r) => r.method === 'POST' && /^\/(admin|portal|logout)/.test(r.url));
    assert.ok(changes.length > 50, `${changes.length} staff changes`);
    for (const r of changes) {
      const path = r.url.replace(/:[a-z]+/gi, '1');
      assert.equal((await c.post(path, { x: '1' }, { csrf: false })).statusCode, 403, `${r.url} without a token`);
      assert.equal((await c.post(path, { x: '1', _csrf: other.csrf })).statusCode, 403, `${r.url} with another session's token`);
    }
    assert.equal((await c.get('/admin')).statusCode, 200, 'still signed in: nothing was done');
  });

  it('gives a new session at sign-in, whatever session cookie the browser arrived with', async () => {
    const c = new Client(app);
    c.cookies.set('kaiku_session', 'attacker-chosen-session-token-0123456789');
    await c.signIn('paakayttaja', password);
    const token = c.cookies.get('kaiku_session');
    assert.ok(token && token !== 'attacker-chosen-session-token-0123456789');
    const attacker = new Client(app);
    attacker.cookies.set('kaiku_session', 'attacker-chosen-session-token-0123456789');
    assert.equal((await attacker.get('/admin')).statusCode, 303, 'the planted cookie signs nobody in');
    // signing out ends the session on the server, not only in the browser
    await c.post('/logout', {});
    const stolen = new Client(app);
    stolen.cookies.set('kaiku_session', token!);
    assert.equal((await stolen.get('/admin')).statusCode, 303);
  });
});
