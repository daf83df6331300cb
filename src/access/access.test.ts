import assert from 'node:assert/strict';
import { before, it } from 'node:test';
import { describeEachDatabase } from '../../test/helpers/databases.ts';
import { demoCountyCsv } from '../organisation/demo-county.ts';
import { importOrgTree } from '../organisation/import-org-tree.ts';
import { ancestry, getNodeByCode } from '../organisation/tree-queries.ts';
import type { AppError } from '../shared/errors.ts';
import { authenticateApiKey, createApiKey, revokeApiKey } from './api-keys.ts';
import { listAudit } from './audit.ts';
import { canEditOrganisation, canViewNode } from './permissions.ts';
import type { Principal } from './roles.ts';
import { loadSession, principalForUser, signIn, signInLimit } from './sessions.ts';
import { createUser, grantRole, setPassword, setUserActive } from './users.ts';
import { advanceClock, setClock } from '../shared/clock.ts';
import { useDemoClock } from '../../test/helpers/demo.ts';
import { Client, testApp } from '../../test/helpers/http.ts';

const system: Principal = { kind: 'system', name: 'test' };
const password = 'correct horse battery';

describeEachDatabase('staff access', ({ db }) => {
  const ids = async (code: string) => (await ancestry(db(), (await getNodeByCode(db(), code)).id)).map((n) => n.id);

  before(async () => {
    await importOrgTree(db(), { csv: demoCountyCsv(), source: 'test' });
    await createUser(db(), system, { username: 'Maija', displayName: 'Maija Meikäläinen', password });
    await grantRole(db(), system, { username: 'maija', role: 'manager', nodeCode: 'IKA' });
  });

  it('signs in with the right password, stores only a hash of the session token', async () => {
    const s = await signIn(db(), { username: 'MAIJA ', password, sessionHours: 1 });
    assert.equal(s.principal.username, 'maija');
    const loaded = await loadSession(db(), s.token);
    assert.equal(loaded?.principal.userId, s.principal.userId);
    assert.equal(loaded?.csrfToken, s.csrfToken);
    const stored = await db().query<{ id_hash: string }>('select id_hash from staff_session');
    assert.ok(stored.length > 0, 'the session is stored');
    assert.ok(
      stored.every((r) => r.id_hash !== s.token),
      'as a hash, never the token',
    );
    assert.equal(await loadSession(db(), `${s.token}x`), undefined);
  });

  it('refuses a wrong password and an unknown user alike, and logs both', async () => {
    for (const username of ['maija', 'nobody']) {
      await assert.rejects(signIn(db(), { username, password: 'wrong password', sessionHours: 1 }), (e: unknown) => (e as AppError).code === 'unauthorized');
    }
    const failed = await listAudit(db(), { action: 'sign_in_failed' });
    assert.deepEqual(failed.map((f) => f.target_id).sort(), ['maija', 'nobody']);
  });

  it('locks an address out of an account after repeated failures, even with the right password, but not the owner elsewhere', async () => {
    await createUser(db(), system, { username: 'pekka', displayName: 'Pekka', password });
    const attacker = '203.0.113.9';
    for (let i = 0; i < signInLimit.failures; i++) {
      await signIn(db(), { username: 'pekka', password: `guess ${i}`, sessionHours: 1, address: attacker }).catch(() => {});
    }
    await assert.rejects(
      signIn(db(), { username: 'pekka', password, sessionHours: 1, address: attacker }),
      (e: unknown) => (e as AppError).code === 'rate_limited',
    );
    // the owner, from their own address, signs in as always
    await signIn(db(), { username: 'pekka', password, sessionHours: 1, address: '198.51.100.20' });
    // another account is not affected, from the attacker's address either
    await signIn(db(), { username: 'maija', password, sessionHours: 1, address: attacker });
    const [stored] = await db().query<{ address_hash: string }>("select address_hash from sign_in_failure where username = 'pekka' limit 1");
    assert.ok(stored && !stored.address_hash.includes('203.0.113'), 'the address is kept only as a keyed hash');
  });

  it('ends every session when the password changes or the account is deactivated', async () => {
    const s = await signIn(db(), { username: 'maija', password, sessionHours: 1 });
    await setPassword(db(), system, 'maija', 'another long password');
    assert.equal(await loadSession(db(), s.token), undefined);
    const s2 = await signIn(db(), { username: 'maija', password: 'another long password', sessionHours: 1 });
    await setUserActive(db(), system, 'maija', false);
    assert.equal(await loadSession(db(), s2.token), undefined);
    await assert.rejects(signIn(db(), { username: 'maija', password: 'another long password', sessionHours: 1 }));
    await setUserActive(db(), system, 'maija', true);
  });

  it('ends a session when its hours are up on Kaiku’s clock, on the server and in the browser’s next request', async () => {
    await setPassword(db(), system, 'maija', password);
    setClock('2026-11-23T08:00:00+02:00', { frozen: true });
    try {
      const s = await signIn(db(), { username: 'maija', password, sessionHours: 12 });
      advanceClock(12 * 3_600_000 - 60_000);
      assert.ok(await loadSession(db(), s.token), 'a minute before the end it still holds');
      const { app } = await testApp(db(), { KAIKU_SESSION_HOURS: '12' });
      try {
        const browser = new Client(app);
        await browser.signIn('maija', password);
        assert.equal((await browser.get('/admin')).statusCode, 200);
        advanceClock(12 * 3_600_000 + 60_000);
        assert.equal(await loadSession(db(), s.token), undefined, 'a minute after, it is gone');
        const expired = await browser.get('/admin/account');
        assert.equal(expired.statusCode, 303);
        assert.match(String(expired.headers.location), /^\/login\?next=/);
        assert.ok(!browser.cookies.has('kaiku_session'), 'the stale cookie is cleared');
      } finally {
        await app.close();
      }
    } finally {
      useDemoClock();
    }
  });

  it('scopes a role to its node and the subtree below it', async () => {
    const maija = await principalForUser(db(), (await db().query<{ id: number }>("select id from staff_user where username = 'maija'"))[0]!.id);
    assert.equal(canViewNode(maija, await ids('IKA-KOT')), true, 'a unit under her division');
    assert.equal(canViewNode(maija, await ids('IKA')), true);
    assert.equal(canViewNode(maija, await ids('TER-VAS')), false, 'another division');
    assert.equal(canViewNode(maija, await ids('DEMO')), false, 'the county above her');
    assert.equal(canEditOrganisation(maija, await ids('IKA')), false, 'managers do not edit the tree');
  });

  it('lets only administrators above a node grant roles on it', async () => {
    const maija = await principalForUser(db(), (await db().query<{ id: number }>("select id from staff_user where username = 'maija'"))[0]!.id);
    await assert.rejects(grantRole(db(), maija, { username: 'pekka', role: 'admin', nodeCode: 'DEMO' }), (e: unknown) => (e as AppError).code === 'forbidden');
    await assert.rejects(
      grantRole(db(), system, { username: 'pekka', role: 'manager', nodeCode: 'NO-SUCH' }),
      (e: unknown) => (e as AppError).code === 'not_found',
    );
    const granted = await listAudit(db(), { action: 'role_granted' });
    assert.equal(granted[0]?.target_id, 'maija');
    assert.deepEqual(granted[0]?.details, { role: 'manager', node: 'IKA' });
  });

  it('refuses short passwords and taken user names', async () => {
    await assert.rejects(createUser(db(), system, { username: 'lyhyt', displayName: 'L', password: 'short' }));
    await assert.rejects(createUser(db(), system, { username: 'maija', displayName: 'M', password }), (e: unknown) => (e as AppError).code === 'conflict');
  });

  it('creates API keys that work until revoked, and accepts the admin key from the environment', async () => {
    const { key, info } = await createApiKey(db(), system, { name: 'Potilastietojärjestelmä', scopes: ['org:read'] });
    assert.match(key, /^kaiku_[0-9a-f]{12}_/);
    const p = await authenticateApiKey(db(), key, undefined);
    assert.deepEqual(p?.kind === 'api_key' && p.scopes, ['org:read']);
    assert.equal(await authenticateApiKey(db(), key.slice(0, -1) + (key.endsWith('A') ? 'B' : 'A'), undefined), undefined);
    await revokeApiKey(db(), system, info.prefix);
    assert.equal(await authenticateApiKey(db(), key, undefined), undefined);
    const admin = await authenticateApiKey(db(), 'x'.repeat(32), 'x'.repeat(32));
    assert.deepEqual(admin?.kind === 'api_key' && admin.scopes, ['*']);
    await assert.rejects(createApiKey(db(), system, { name: 'bad', scopes: ['everything'] }), (e: unknown) => (e as AppError).code === 'invalid');
  });

  it("notes a key's last use to the minute, without writing its row on every request", async () => {
    setClock('2026-11-23T10:00:00+02:00', { frozen: true });
    const { key, info } = await createApiKey(db(), system, { name: 'Kioski', scopes: ['responses:write'] });
    const lastUse = async () =>
      (await db().query<{ last_used_at: Date | null }>('select last_used_at from api_key where prefix = $1', [info.prefix]))[0]!.last_used_at?.toISOString();
    assert.equal(await lastUse(), undefined);
    await authenticateApiKey(db(), key, undefined);
    assert.equal(await lastUse(), '2026-11-23T08:00:00.000Z');
    advanceClock(59_000);
    await authenticateApiKey(db(), key, undefined);
    assert.equal(await lastUse(), '2026-11-23T08:00:00.000Z', 'within the minute: no write');
    advanceClock(2_000);
    await authenticateApiKey(db(), key, undefined);
    assert.equal(await lastUse(), '2026-11-23T08:01:01.000Z', 'a minute on: written again');
    useDemoClock();
  });
});
