import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import pg from 'pg';
import { readMigrations } from '../src/shared/migrate.ts';
import { serverUrl } from './helpers/databases.ts';
import { demoNow } from './helpers/demo.ts';
import { startArgs } from './helpers/start-command.ts';

const root = path.resolve(import.meta.dirname, '..');

/** Starts Kaiku as a county would (as npm start does), with only the given environment. */
function start(env: Record<string, string>): { child: ChildProcess; exit: Promise<{ code: number | null; out: string }>; ready: Promise<number> } {
  const child = spawn(process.execPath, startArgs(), {
    cwd: root,
    env: { PATH: process.env.PATH!, HOME: process.env.HOME ?? '/tmp', LOG_LEVEL: 'warn', PORT: '0', KAIKU_CLOCK: demoNow.toISOString(), ...env },
  });
  let out = '';
  let announce: (port: number) => void = () => undefined;
  const ready = new Promise<number>((resolve) => (announce = resolve));
  const collect = (d: Buffer) => {
    out += d.toString('utf8');
    const m = /running at http:\/\/localhost:(\d+)\//.exec(out);
    if (m) announce(Number(m[1]));
  };
  child.stdout!.on('data', collect);
  child.stderr!.on('data', collect);
  const exit = new Promise<{ code: number | null; out: string }>((resolve) => child.once('exit', (code) => resolve({ code, out })));
  const started = Promise.race([ready, exit.then((e) => Promise.reject(new Error(`exited ${e.code} before it was ready: ${e.out}`)))]);
  started.catch(() => undefined); // a test that expects the exit reads `exit` instead
  return { child, exit, ready: started };
}

const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

describe('starting Kaiku', () => {
  it('runs the same command from npm start, the container image and the systemd unit', () => {
    const args = startArgs();
    assert.ok(args.includes('src/main.ts') && args.some((a) => a.startsWith('--max-semi-space-size=')), args.join(' '));
    const dockerfile = fs.readFileSync(path.join(root, 'deploy/Dockerfile'), 'utf8');
    assert.match(dockerfile, new RegExp(`^CMD ${escapeRe(JSON.stringify(['node', ...args]).replace(/,/g, ', '))}$`, 'm'));
    const unit = fs.readFileSync(path.join(root, 'deploy/kaiku.service'), 'utf8');
    assert.match(unit, new RegExp(`^ExecStart=/usr/bin/node ${escapeRe(args.join(' '))}$`, 'm'));
  });

  it('stops with a message naming each wrong configuration value, before touching any database', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kaiku-config-'));
    try {
      const { exit } = start({ KAIKU_DATA_DIR: path.join(dir, 'data'), PORT: 'eighty', KAIKU_SMS_WINDOW: '9-5', KAIKU_SESSION_HOURS: '-1' });
      const { code, out } = await exit;
      assert.equal(code, 1);
      assert.match(out, /Invalid configuration:/);
      assert.match(out, /PORT: /);
      assert.match(out, /KAIKU_SMS_WINDOW: must be like 09:00-20:00/);
      assert.match(out, /KAIKU_SESSION_HOURS: /);
      assert.equal(fs.existsSync(path.join(dir, 'data')), false, 'no data directory was created');
      const provider = await start({ KAIKU_DATA_DIR: path.join(dir, 'data'), KAIKU_SMS_PROVIDER: 'http' }).exit;
      assert.equal(provider.code, 1);
      assert.match(provider.out, /KAIKU_SMS_HTTP_URL: required when KAIKU_SMS_PROVIDER is http/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('several instances started together on an unmigrated PostgreSQL database', { skip: !serverUrl() && 'set TEST_DATABASE_URL' }, () => {
  const url = serverUrl()!;
  const schema = `kaiku_start_${process.pid}`;
  const running: ChildProcess[] = [];
  after(async () => {
    for (const p of running) p.kill('SIGTERM');
    await Promise.all(running.map((p) => new Promise((r) => (p.exitCode !== null ? r(null) : p.once('exit', r)))));
    const c = new pg.Client({ connectionString: url });
    await c.connect();
    await c.query(`drop schema if exists ${schema} cascade`);
    await c.end();
  });

  it('migrate it once between them, and all three answer', async () => {
    const c = new pg.Client({ connectionString: url });
    await c.connect();
    await c.query(`create schema ${schema}`);
    const u = new URL(url);
    u.searchParams.set('options', `-c search_path=${schema}`);
    const instances = Array.from({ length: 3 }, () => start({ DATABASE_URL: u.toString(), KAIKU_DEMO: 'false' }));
    running.push(...instances.map((i) => i.child));
    const ports = await Promise.all(instances.map((i) => i.ready));
    for (const port of ports) assert.equal((await fetch(`http://127.0.0.1:${port}/healthz`)).status, 200);
    const applied = await c.query<{ version: number; n: string }>(
      `select version, count(*) as n from ${schema}.schema_migration group by version order by version`,
    );
    assert.deepEqual(
      applied.rows.map((r) => [r.version, Number(r.n)]),
      readMigrations().map((m) => [m.version, 1]),
      'every migration once',
    );
    const surveys = await c.query<{ n: string }>(`select count(*) as n from ${schema}.survey_version`);
    assert.equal(Number(surveys.rows[0]!.n), 5, 'the five built-in surveys once each');
    await c.end();
  });
});
