import assert from 'node:assert/strict';
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import pg from 'pg';
import { serverUrl } from './helpers/databases.ts';
import { demoNow } from './helpers/demo.ts';

const root = path.resolve(import.meta.dirname, '..');
const tsx = path.join(root, 'node_modules/.bin/tsx');
const header = 'code,parent_code,kind,name_fi,name_sv,name_en,active';
/** Every process runs on the demo county's reference date: nothing depends on the day of the run. */
const clockEnv = { KAIKU_CLOCK: demoNow.toISOString() };

function run(args: string[], env: Record<string, string>, cwd = root): Promise<{ code: number; out: string; err: string }> {
  return new Promise((resolve) => {
    const child = spawn(tsx, ['src/cli/main.ts', ...args], { cwd: root, env: { ...process.env, LOG_LEVEL: 'silent', DATABASE_URL: '', ...clockEnv, ...env } });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err += d));
    child.on('close', (code) => resolve({ code: code ?? -1, out, err }));
    void cwd;
  });
}

function startServer(env: Record<string, string>): Promise<{ child: ChildProcess; port: number; output: () => string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(tsx, ['src/main.ts'], { cwd: root, env: { ...process.env, LOG_LEVEL: 'silent', DATABASE_URL: '', PORT: '0', ...clockEnv, ...env } });
    let output = '';
    // a generous bound: it only keeps a server that never starts from hanging the suite
    const timer = setTimeout(() => reject(new Error(`server did not start: ${output}`)), 300_000);
    const onData = (d: Buffer) => {
      output += d;
      const m = /running at http:\/\/localhost:(\d+)\//.exec(output);
      if (m) {
        clearTimeout(timer);
        resolve({ child, port: Number(m[1]), output: () => output });
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`server exited ${code}: ${output}`));
    });
  });
}

describe('administration commands on the embedded database', () => {
  let dir: string;
  let env: Record<string, string>;
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kaiku-cli-'));
    env = { KAIKU_DATA_DIR: path.join(dir, 'data'), KAIKU_DEMO: '0' };
    fs.writeFileSync(
      path.join(dir, 'org.csv'),
      [header, 'C1,,county,Testialue,,,true', 'D1,C1,division,Terveys,,,true', 'U1,D1,unit,Terveysasema,,,true'].join('\n'),
    );
    fs.writeFileSync(path.join(dir, 'bad.csv'), [header, 'C1,,county,Testialue,,,true', 'U2,NOPE,unit,Orpo,,,true'].join('\n'));
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('imports a file, and a second run changes nothing', async () => {
    const first = await run(['import-org', path.join(dir, 'org.csv')], env);
    assert.equal(first.code, 0, first.err);
    assert.match(first.out, /Imported 3 rows: 3 added, 0 changed, 0 closed, 0 unchanged/);
    const second = await run(['import-org', path.join(dir, 'org.csv')], env);
    assert.match(second.out, /0 added, 0 changed, 0 closed, 3 unchanged/);
  });

  it('takes in visits for SMS surveys from a file, and the same file again changes nothing', async () => {
    const at = new Date(demoNow.getTime() - 60_000).toISOString();
    fs.writeFileSync(
      path.join(dir, 'visits.csv'),
      [
        'eventId,unit,visitAt,type,phone,age,consent,nonDisclosure',
        `v1,U1,${at},visit,0401234567,45,true,false`,
        `v2,U1,${at},visit,0401234568,12,true,false`,
        `v3,U1,huomenna,visit,0401234569,45,true,false`,
      ].join('\n'),
    );
    const first = await run(['import-visits', path.join(dir, 'visits.csv')], env);
    assert.equal(first.code, 1, 'one line was invalid');
    assert.match(first.out, /3 visits: 1 new, 0 already known, 0 held for unknown units, 1 not to be asked, 1 invalid\./);
    assert.match(first.out, /visits\.csv:4: visitAt: /);
    const second = await run(['import-visits', path.join(dir, 'visits.csv')], env);
    assert.match(second.out, /0 new, 2 already known/);
  });

  it("trains the shipped tone model again to the same bytes, retrains the county's, and measures the configured analyser", async () => {
    const out = path.join(dir, 'tone.bin.gz');
    const trained = await run(['train-tone', '--out', out], env);
    assert.equal(trained.code, 0, trained.err);
    assert.ok(fs.readFileSync(out).equals(fs.readFileSync(path.join(root, 'src/analysis/tone-model/tone-weights.bin.gz'))), 'reproducible byte for byte');
    assert.match(trained.out, /Held-out feedback \(\d+ texts\): 4-class macro-F1 0\.\d+/);

    const retrained = await run(['retrain-tone'], env);
    assert.equal(retrained.code, 0, retrained.err);
    // no corrections: the same model, which scores the same and is taken into use
    assert.match(retrained.out, /Trained model no\. \d+ with 0 corrections: held-out 4-class macro-F1 (0\.\d+) before, \1 after\.\nTaken into use/);

    const measured = await run(['evaluate-analysis'], env);
    assert.equal(measured.code, 0, measured.err);
    assert.match(measured.out, /Provider: offline:tone-[0-9a-f]{12}/);
    assert.match(measured.out, /tone macro-F1, 4 classes: 0\.\d+ \(positive 0\.\d+, negative 0\.\d+, neutral 0\.\d+, mixed 0\.\d+\)/);
    assert.match(measured.out, /per language, 4 classes: fi 0\.\d+, sv 0\.\d+, en 0\.\d+/);
    assert.match(measured.out, /confusion \(rows: labelled/);
    assert.match(measured.out, /fees +n= *\d+ +P +\d+\.\d % +R +\d+\.\d %/);
  });

  it('analyses lines of text offline, one JSON object per line in the same order', async () => {
    fs.writeFileSync(path.join(dir, 'texts.txt'), 'Hoitaja Minna oli ihana, kiitos!\n\nJag fick vänta länge i telefon.\nThe bill was wrong.\n');
    const res = await run(['analyse', path.join(dir, 'texts.txt')], env);
    assert.equal(res.code, 0, res.err);
    const lines = res.out
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { language: string; tone: string; masked: string; topics: { key: string }[] });
    assert.deepEqual(
      lines.map((l) => [l.language, l.tone]),
      [
        ['fi', 'positive'],
        ['sv', 'negative'],
        ['en', 'negative'],
      ],
    );
    assert.equal(lines[0]!.masked, 'Hoitaja [nimi] oli ihana, kiitos!');
    assert.ok(lines[2]!.topics.some((t) => t.key === 'fees'));
  });

  it('reads Finnish inflection with Voikko, and with the Snowball stemmer where Voikko is left out', async () => {
    // "Virtaselle" is an inflected surname: only Voikko's base forms find the name to mask.
    fs.writeFileSync(path.join(dir, 'inflected.txt'), 'Hinnat nousivat taas ja se on ikävää.\nSoitin Virtaselle eilen.\n');
    const masked: Record<string, string> = {};
    for (const voikko of ['on', 'off']) {
      const res = await run(['analyse', path.join(dir, 'inflected.txt')], { ...env, KAIKU_VOIKKO: voikko });
      assert.equal(res.code, 0, res.err);
      const [a, b] = res.out
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l) as { topics: { key: string }[]; masked: string });
      assert.ok(
        a!.topics.some((t) => t.key === 'fees'),
        `"hinnat" is a fee with KAIKU_VOIKKO=${voikko}`,
      );
      masked[voikko] = b!.masked;
    }
    assert.equal(masked.on, 'Soitin [nimi] eilen.', 'Voikko is in use when on (apt-get install libvoikko1 voikko-fi)');
    assert.equal(masked.off, 'Soitin Virtaselle eilen.', 'KAIKU_VOIKKO=off leaves Voikko out');
  });

  it('makes a monthly report as a PDF on demand', async () => {
    const out = path.join(dir, 'report.pdf');
    const res = await run(['report', '--node', 'U1', '--month', '2026-10', '--out', out], { ...env, LANG: 'en_GB.UTF-8' });
    assert.equal(res.code, 0, res.err);
    assert.match(res.out, /Wrote the report of U1 for 2026-10 to .*report\.pdf/);
    assert.equal(fs.readFileSync(out).subarray(0, 5).toString(), '%PDF-');
    const text = execFileSync('pdftotext', [out, '-'], { encoding: 'utf8' });
    assert.match(text, /Asiakaskokemus/, 'in Finnish unless --lang says otherwise, whatever the shell’s LANG');
    const bad = await run(['report', '--node', 'U1', '--month', '2026-13', '--out', out], env);
    assert.equal(bad.code, 1);
    assert.match(bad.out + bad.err, /The month is YYYY-MM/);
  });

  it('refuses to report from a data directory with no database, and makes none there', async () => {
    const elsewhere = path.join(dir, 'not-the-servers');
    const res = await run(['report', '--node', 'U1', '--month', '2026-10', '--out', path.join(dir, 'x.pdf')], { KAIKU_DATA_DIR: elsewhere, KAIKU_DEMO: '0' });
    assert.equal(res.code, 1);
    assert.match(res.err, /No Kaiku database in .*not-the-servers\. Set KAIKU_DATA_DIR to the server's data directory/);
    assert.equal(fs.existsSync(elsewhere), false);
  });

  it('refuses a bad file with the file name and line of each problem', async () => {
    const res = await run(['import-org', path.join(dir, 'bad.csv')], { ...env, LANG: 'en_GB.UTF-8' });
    assert.equal(res.code, 1);
    assert.match(res.out, /bad\.csv:3: The parent code NOPE does not exist/);
  });

  it('says plainly when another command holds the data directory, and ignores a stale lock', async () => {
    const lock = path.join(env.KAIKU_DATA_DIR!, 'kaiku.lock');
    fs.writeFileSync(lock, JSON.stringify({ pid: process.pid, role: 'cli', port: null, token: 'x', startedAt: '' }));
    const held = await run(['status'], env);
    assert.equal(held.code, 1);
    assert.match(held.err, new RegExp(`Another Kaiku command \\(process ${process.pid}\\) is using`));
    fs.writeFileSync(lock, JSON.stringify({ pid: 2 ** 22 + 12345, role: 'cli', port: null, token: 'x', startedAt: '' }));
    const stale = await run(['status'], env);
    assert.equal(stale.code, 0, stale.err);
    assert.match(stale.out, /Active nodes: 1 county, 1 division, 1 unit|Active nodes: .*1 unit/);
  });

  it('goes through the running server, and a second server on the same directory refuses to start', async () => {
    const server = await startServer(env);
    try {
      const res = await run(['create-user', '--username', 'anna', '--name', 'Anna A', '--role', 'admin', '--node', 'C1'], env);
      assert.equal(res.code, 0, res.err + res.out);
      assert.match(res.err, /goes through it/);
      assert.match(res.out, /Created anna\.[\s\S]*Password \(shown once\): \S{12,}/);
      const health = await fetch(`http://127.0.0.1:${server.port}/healthz`);
      assert.equal(health.status, 200);
      await assert.rejects(startServer(env), /already running/);
      // the token is what lets a command in: without it the server refuses
      const forged = await fetch(`http://127.0.0.1:${server.port}/internal/cli`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{"args":["status"]}',
      });
      assert.equal(forged.status, 403);
    } finally {
      server.child.kill('SIGTERM');
      await new Promise((r) => server.child.once('exit', r));
    }
    assert.equal(fs.existsSync(path.join(env.KAIKU_DATA_DIR!, 'kaiku.lock')), false, 'a clean stop releases the lock');
    const after = await run(['status'], env);
    assert.match(after.out, /Active staff accounts: 1/);
  });
});

describe('administration commands on a PostgreSQL server', { skip: !serverUrl() && 'no TEST_DATABASE_URL' }, () => {
  const schema = `kaiku_cli_${process.pid}`;
  let url = '';
  before(async () => {
    const c = new pg.Client({ connectionString: serverUrl() });
    await c.connect();
    await c.query(`drop schema if exists ${schema} cascade; create schema ${schema}`);
    await c.end();
    const u = new URL(serverUrl()!);
    u.searchParams.set('options', `-c search_path=${schema}`);
    url = u.toString();
  });
  after(async () => {
    const c = new pg.Client({ connectionString: serverUrl() });
    await c.connect();
    await c.query(`drop schema if exists ${schema} cascade`);
    await c.end();
  });

  it('migrates, seeds the demo county and reports it, with no data directory involved', async () => {
    const env = { DATABASE_URL: url, KAIKU_DATA_DIR: '/nonexistent/never-created' };
    const migrated = await run(['migrate'], env);
    assert.equal(migrated.code, 0, migrated.err);
    assert.match(migrated.out, /The database is up to date|Applied: 0001_organisation/);
    assert.equal((await run(['seed-demo'], env)).code, 0);
    const status = await run(['status'], env);
    assert.match(status.out, /Database: postgres/);
    assert.match(status.out, /4 division/);
    assert.equal(fs.existsSync('/nonexistent/never-created'), false);
  });
});
