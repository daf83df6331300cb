import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import pg from 'pg';
import { authenticateApiKey } from '../src/access/api-keys.ts';
import { signIn } from '../src/access/sessions.ts';
import { type Db, openPostgres } from '../src/shared/db.ts';
import { storeResponses } from '../src/surveys/store-response.ts';
import { serverUrl } from './helpers/databases.ts';
import { demoNow } from './helpers/demo.ts';

const root = path.resolve(import.meta.dirname, '..');
const tsx = path.join(root, 'node_modules/.bin/tsx');
const header = 'code,parent_code,kind,name_fi,name_sv,name_en,active';

/** `npm run kaiku -- ARGS` in a process of its own, as an administrator types it. */
function kaiku(args: string[], env: Record<string, string>): Promise<{ code: number; out: string; err: string }> {
  return new Promise((resolve) => {
    const child = spawn(tsx, ['src/cli/main.ts', ...args], {
      cwd: root,
      env: { ...process.env, LOG_LEVEL: 'silent', DATABASE_URL: '', KAIKU_CLOCK: demoNow.toISOString(), ...env },
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err += d));
    child.on('close', (code) => resolve({ code: code ?? -1, out, err }));
  });
}

describe('administration commands for people, keys, the tree and the sums, on a PostgreSQL server', { skip: !serverUrl() && 'set TEST_DATABASE_URL' }, () => {
  const schema = `kaiku_cliadm_${process.pid}`;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kaiku-cliadm-'));
  let env: Record<string, string>;
  let db: Db;

  before(async () => {
    const c = new pg.Client({ connectionString: serverUrl() });
    await c.connect();
    await c.query(`drop schema if exists ${schema} cascade; create schema ${schema}`);
    await c.end();
    const u = new URL(serverUrl()!);
    u.searchParams.set('options', `-c search_path=${schema}`);
    env = { DATABASE_URL: u.toString() };
    db = openPostgres(serverUrl()!, { searchPath: schema, max: 2 });
    fs.writeFileSync(
      path.join(dir, 'org.csv'),
      [
        header,
        'C1,,county,Testialue,Testområdet,Test area,true',
        'D1,C1,division,Terveys,Hälsa,Health,true',
        'U1,D1,unit,Terveysasema,Hälsostation,Health station,true',
      ].join('\n'),
    );
    assert.equal((await kaiku(['migrate'], env)).code, 0);
    assert.equal((await kaiku(['import-org', path.join(dir, 'org.csv')], env)).code, 0);
  });
  after(async () => {
    await db?.close();
    const c = new pg.Client({ connectionString: serverUrl() });
    await c.connect();
    await c.query(`drop schema if exists ${schema} cascade`);
    await c.end();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const grants = async (username: string) =>
    (
      await db.query<{ g: string }>(
        "select r.role || '@' || n.code as g from role_assignment r join staff_user u on u.id = r.user_id join org_node n on n.id = r.node_id where u.username = $1 order by 1",
        [username],
      )
    ).map((r) => r.g);

  it('grants and revokes a role, and says so when there is nothing to revoke', async () => {
    const created = await kaiku(['create-user', '--username', 'anna', '--name', 'Anna A', '--role', 'admin', '--node', 'C1'], env);
    assert.equal(created.code, 0, created.out + created.err);
    const granted = await kaiku(['grant', '--username', 'anna', '--role', 'manager', '--node', 'D1'], env);
    assert.equal(granted.code, 0, granted.out);
    assert.match(granted.out, /Granted manager on D1 to anna\./);
    assert.deepEqual(await grants('anna'), ['admin@C1', 'manager@D1']);
    const revoked = await kaiku(['revoke', '--username', 'anna', '--role', 'manager', '--node', 'D1'], env);
    assert.equal(revoked.code, 0, revoked.out);
    assert.deepEqual(await grants('anna'), ['admin@C1']);
    const again = await kaiku(['revoke', '--username', 'anna', '--role', 'manager', '--node', 'D1'], env);
    assert.equal(again.code, 1);
    assert.match(again.out, /^Error: /m);
    const badRole = await kaiku(['grant', '--username', 'anna', '--role', 'boss', '--node', 'D1'], env);
    assert.equal(badRole.code, 1);
    assert.deepEqual(await grants('anna'), ['admin@C1'], 'nothing granted from a bad line');
    const actions = (await db.query<{ action: string }>("select action from audit_log where action like 'role_%' order by id")).map((a) => a.action);
    assert.deepEqual(actions, ['role_granted', 'role_granted', 'role_revoked']);
  });

  it('sets a password, given or random (printed once), and the old one stops working', async () => {
    const given = await kaiku(['set-password', '--username', 'anna', '--password', 'uusi pitkä salasana'], env);
    assert.equal(given.code, 0, given.out);
    assert.match(given.out, /Password changed\./);
    const session = await signIn(db, { username: 'anna', password: 'uusi pitkä salasana', sessionHours: 1 });
    const random = await kaiku(['set-password', '--username', 'anna'], env);
    assert.equal(random.code, 0, random.out);
    const printed = /New password \(shown once\): (\S+)/.exec(random.out)?.[1];
    assert.ok(printed && printed.length >= 12);
    await assert.rejects(signIn(db, { username: 'anna', password: 'uusi pitkä salasana', sessionHours: 1 }));
    assert.equal(
      (await db.query('select 1 from staff_session where id_hash is not null and user_id = $1', [session.principal.userId])).length,
      0,
      'sessions ended',
    );
    await signIn(db, { username: 'anna', password: printed!, sessionHours: 1 });
    const short = await kaiku(['set-password', '--username', 'anna', '--password', 'lyhyt'], env);
    assert.equal(short.code, 1);
  });

  it('creates an API key, printed once, that works with its scopes only', async () => {
    const made = await kaiku(['create-api-key', '--name', 'Tietovarasto', '--scopes', 'results:read,org:read'], env);
    assert.equal(made.code, 0, made.out);
    const key = made.out.trim();
    assert.match(key, /^kaiku_[0-9a-f]{12}_[A-Za-z0-9_-]{32}$/);
    const principal = await authenticateApiKey(db, key, undefined);
    assert.deepEqual(principal && 'scopes' in principal ? principal.scopes : [], ['results:read', 'org:read']);
    const [stored] = await db.query<{ key_hash: string }>('select key_hash from api_key where name = $1', ['Tietovarasto']);
    assert.ok(!key.includes(stored!.key_hash), 'only a hash is stored');
    const division = await kaiku(['create-api-key', '--name', 'Terveys', '--scopes', 'results:read', '--node', 'D1'], env);
    assert.equal(division.code, 0, division.out);
    const scoped = await authenticateApiKey(db, division.out.trim(), undefined);
    assert.ok(scoped?.kind === 'api_key' && scoped.nodeId !== null && !scoped.countyWide, 'a key for one division');
    const countyScope = await kaiku(['create-api-key', '--name', 'Loki', '--scopes', 'audit:read', '--node', 'D1'], env);
    assert.equal(countyScope.code, 1, 'the audit log is the county’s');
    const bad = await kaiku(['create-api-key', '--name', 'Väärä', '--scopes', 'everything'], env);
    assert.equal(bad.code, 1);
    assert.equal((await db.query("select 1 from api_key where name = 'Väärä'")).length, 0);
  });

  it('exports the tree in the import format: importing the export changes nothing', async () => {
    const out = path.join(dir, 'export.csv');
    const exported = await kaiku(['export-org', '--out', out], env);
    assert.equal(exported.code, 0, exported.out);
    assert.match(exported.out, /Wrote 3 nodes to .*export\.csv/);
    const csv = fs.readFileSync(out, 'utf8');
    assert.match(csv, /^code,parent_code,kind,name_fi,name_sv,name_en,active/);
    assert.match(csv, /U1,D1,unit,Terveysasema,Hälsostation,Health station,true/);
    const back = await kaiku(['import-org', out], env);
    assert.match(back.out, /Imported 3 rows: 0 added, 0 changed, 0 closed, 3 unchanged\./);
    const printed = await kaiku(['export-org'], env);
    assert.equal(printed.out.trim(), csv.trim(), 'printed the same way without --out');
  });

  it('brings the result sums up to date by hand, and says so when they are', async () => {
    const [u1] = await db.query<{ id: number }>("select id from org_node where code = 'U1'");
    await storeResponses(
      db,
      Array.from({ length: 12 }, (_, i) => ({
        surveyId: 'thl-national',
        surveyVersion: 1,
        nodeId: u1!.id,
        channel: 'qr',
        submittedAt: new Date(`2026-10-${String(10 + i).padStart(2, '0')}T10:00:00+03:00`),
        idempotencyKey: `cli:${i}`,
        background: {},
        answers: { nps: i % 11 },
      })),
    );
    const first = await kaiku(['refresh-results'], env);
    assert.equal(first.code, 0, first.out);
    assert.match(first.out, /Added 12 answer\(s\) to the sums\./);
    const [month] = await db.query<{ answers: number }>(
      "select sum(answers)::int as answers from response_rollup where month = '2026-10-01' and channel = '*'",
    );
    assert.equal(month!.answers, 12, 'October summed');
    const second = await kaiku(['refresh-results'], env);
    assert.equal(second.code, 0, second.out);
    assert.match(second.out, /The result sums are up to date\./);
    const [again] = await db.query<{ answers: number }>(
      "select sum(answers)::int as answers from response_rollup where month = '2026-10-01' and channel = '*'",
    );
    assert.equal(again!.answers, 12, 'a second run changes nothing');
  });
});

describe('backing up and restoring the embedded database from the command line', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kaiku-backup-'));
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('backs up a database, restores it into an empty directory only, and the copy holds the same', async () => {
    const env = { KAIKU_DATA_DIR: path.join(dir, 'data'), KAIKU_DEMO: '0' };
    fs.writeFileSync(path.join(dir, 'org.csv'), [header, 'C1,,county,Testialue,,,true', 'U1,C1,unit,Terveysasema,,,true'].join('\n'));
    assert.equal((await kaiku(['import-org', path.join(dir, 'org.csv')], env)).code, 0);
    assert.equal(
      (await kaiku(['create-user', '--username', 'kalle', '--name', 'Kalle', '--role', 'admin', '--node', 'C1', '--password', 'pitkä salasana 1'], env)).code,
      0,
    );
    const file = path.join(dir, 'kaiku-backup.tar.gz');
    const backup = await kaiku(['backup', '--out', file], env);
    assert.equal(backup.code, 0, backup.out + backup.err);
    assert.match(backup.out, /Wrote the backup to .*kaiku-backup\.tar\.gz/);
    assert.ok(fs.statSync(file).size > 1000);

    const restoredEnv = { KAIKU_DATA_DIR: path.join(dir, 'restored'), KAIKU_DEMO: '0' };
    const restored = await kaiku(['restore', '--from', file], restoredEnv);
    assert.equal(restored.code, 0, restored.out + restored.err);
    const status = await kaiku(['status'], restoredEnv);
    assert.match(status.out, /Active nodes: 1 county, 1 unit/);
    assert.match(status.out, /Active staff accounts: 1/);

    const over = await kaiku(['restore', '--from', file], env);
    assert.equal(over.code, 1, 'never over a database in use');
    assert.match(over.out + over.err, /empty|new/i);
    const missing = await kaiku(['restore', '--from', path.join(dir, 'nothing.tar.gz')], { KAIKU_DATA_DIR: path.join(dir, 'third') });
    assert.equal(missing.code, 1);
  });
});
