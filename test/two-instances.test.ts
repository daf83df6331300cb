import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import pg from 'pg';
import { createUser } from '../src/access/users.ts';
import { importOrgTree } from '../src/organisation/import-org-tree.ts';
import { demoCountyCsv } from '../src/organisation/demo-county.ts';
import { prepareDatabase } from '../src/prepare-database.ts';
import { type Db, openPostgres } from '../src/shared/db.ts';
import { queueEmail } from '../src/messages/email-outbox.ts';
import { queueSms } from '../src/messages/sms-outbox.ts';
import { storeResponses } from '../src/surveys/store-response.ts';
import { createEndpoint } from '../src/webhooks/endpoints.ts';
import { demoNow } from './helpers/demo.ts';
import { startSmtp } from './helpers/smtp.ts';
import { waitUntil } from './helpers/wait.ts';
import { startArgs } from './helpers/start-command.ts';

const root = path.resolve(import.meta.dirname, '..');

/** A tiny HTTP receiver that counts what each id brought: the SMS gateway and the webhook target. */
async function receiver(idOf: (body: string, headers: http.IncomingHttpHeaders) => string) {
  const seen = new Map<string, number>();
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString('utf8')));
    req.on('end', () => {
      const id = idOf(body, req.headers);
      seen.set(id, (seen.get(id) ?? 0) + 1);
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ id: `gw-${id}` }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`, seen, close: () => new Promise<void>((r) => server.close(() => r())) };
}

/** The port an instance listens on, from the line it prints when it is ready. */
function startedOn(p: ChildProcess): Promise<number> {
  return new Promise((resolve, reject) => {
    let out = '';
    p.stdout!.on('data', (c: Buffer) => {
      out += c.toString('utf8');
      const m = /running at http:\/\/localhost:(\d+)\//.exec(out);
      if (m) resolve(Number(m[1]));
    });
    p.once('exit', (code) => reject(new Error(`the instance exited (${code}) before it was ready`)));
  });
}

/** Completed runs of background jobs, from an instance's own /metrics (loopback needs no token). */
async function jobRunCounts(port: number, jobs: string[]): Promise<Record<string, number>> {
  const text = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
  const counts: Record<string, number> = {};
  for (const job of jobs) {
    const m =
      new RegExp(`^kaiku_job_runs_total\\{[^}]*job="${job}"[^}]*outcome="ok"[^}]*\\} (\\d+)`, 'm').exec(text) ??
      new RegExp(`^kaiku_job_runs_total\\{[^}]*outcome="ok"[^}]*job="${job}"[^}]*\\} (\\d+)`, 'm').exec(text);
    counts[job] = m ? Number(m[1]) : 0;
  }
  return counts;
}

/**
 * Two Kaiku processes on one PostgreSQL, started together on work already waiting: e-mail, SMS,
 * webhooks, monthly reports and text analysis. Every piece of work must be done exactly once.
 */
describe('two instances on one PostgreSQL', { skip: !process.env.TEST_DATABASE_URL && 'set TEST_DATABASE_URL' }, () => {
  const url = process.env.TEST_DATABASE_URL!;
  const schema = `kaiku_two_${process.pid}`;
  const counts = { email: 120, sms: 300, answers: 1500, reports: 6 };
  let admin: pg.Client;
  let db: Db;
  let smtp: Awaited<ReturnType<typeof startSmtp>>;
  let gateway: Awaited<ReturnType<typeof receiver>>;
  let hooks: Awaited<ReturnType<typeof receiver>>;
  const instances: ChildProcess[] = [];
  const ports: Promise<number>[] = [];

  before(async () => {
    admin = new pg.Client({ connectionString: url });
    await admin.connect();
    await admin.query(`create schema ${schema}`);
    db = openPostgres(url, { searchPath: schema });
    await prepareDatabase(db);
    await importOrgTree(db, { csv: demoCountyCsv(), source: 'test' });
    smtp = await startSmtp();
    gateway = await receiver((body) => (JSON.parse(body) as { id: string }).id);
    hooks = await receiver((_body, headers) => String(headers['webhook-id']));
    await createEndpoint(db, 'test', { url: hooks.url, events: ['response.created'] }, true);

    for (let i = 0; i < counts.email; i++) await queueEmail(db, { kind: 'test', to: `r${i}@example.fi`, subject: `viesti ${i}`, body: 'x' });
    for (let i = 0; i < counts.sms; i++) await queueSms(db, { kind: 'test', to: `+35840${String(1_000_000 + i)}`, body: `viesti ${i}` });
    const units = await db.query<{ id: number }>("select id from org_node where kind = 'unit' order by id limit 30");
    await storeResponses(
      db,
      Array.from({ length: counts.answers }, (_, i) => ({
        surveyId: 'thl-national',
        surveyVersion: 1,
        nodeId: units[i % units.length]!.id,
        channel: 'qr',
        submittedAt: demoNow,
        idempotencyKey: `two:${i}`,
        background: {},
        answers: { nps: i % 11, nps_open: i % 3 === 0 ? `Vastaanotto oli hyvä ${i}` : null },
      })),
    );
    const user = await createUser(
      db,
      { kind: 'system', name: 'test' },
      { username: 'johtaja', displayName: 'Johtaja', email: 'johtaja@example.fi', password: 'long enough pw' },
    );
    const nodes = await db.query<{ id: number; code: string }>("select id, code from org_node where kind <> 'unit' order by id limit $1", [counts.reports]);
    const month = '2026-10'; // the month before the demo clock's
    for (const n of nodes) {
      await db.query('insert into report_subscription (user_id, node_id) values ($1, $2)', [user.id, n.id]);
      await db.query('insert into report_job (id, period, node_id) values ($1, $2, $3)', [`monthly:${month}:${n.code}`, month, n.id]);
    }

    const env = {
      ...process.env,
      DATABASE_URL: `${url}${url.includes('?') ? '&' : '?'}options=${encodeURIComponent(`-c search_path=${schema}`)}`,
      PORT: '0',
      HOST: '127.0.0.1',
      KAIKU_DEMO: 'false',
      KAIKU_SMTP_URL: smtp.url,
      KAIKU_SMS_PROVIDER: 'http',
      KAIKU_SMS_HTTP_URL: gateway.url,
      KAIKU_WEBHOOK_ALLOW_PRIVATE: 'true',
      LOG_LEVEL: 'warn',
      TEST_DATABASE_URL: '',
      KAIKU_CLOCK: demoNow.toISOString(),
    };
    for (let i = 0; i < 2; i++) {
      const p = spawn(process.execPath, startArgs(), { cwd: root, env, stdio: ['ignore', 'pipe', 'inherit'] });
      instances.push(p);
      ports.push(startedOn(p));
    }
  });

  after(async () => {
    for (const p of instances) p.kill('SIGTERM');
    await Promise.all(instances.map((p) => new Promise((r) => (p.exitCode !== null ? r(null) : p.once('exit', r)))));
    await db?.close();
    await admin?.query(`drop schema if exists ${schema} cascade`);
    await admin?.end();
    await smtp?.close();
    await gateway?.close();
    await hooks?.close();
  });

  it('sends every e-mail, SMS and webhook once, makes every report once and analyses every text once', async () => {
    const reportMails = counts.reports;
    const done = async () => {
      const [q] = await db.query<{ email: number; sms: number; hooks: number; reports: number; analysis: number }>(
        `select (select count(*)::int from outbox_email where sent_at is null) as email, (select count(*)::int from outbox_sms where sent_at is null) as sms,
                (select count(*)::int from webhook_delivery where delivered_at is null) as hooks, (select count(*)::int from report_job where status <> 'done') as reports,
                (select count(*)::int from analysis_queue) as analysis`,
      );
      return q!.email + q!.sms + q!.hooks + q!.reports + q!.analysis === 0 && smtp.received.length >= counts.email + reportMails;
    };
    await waitUntil(
      'the two instances to finish the work',
      async () => {
        assert.ok(
          instances.every((p) => p.exitCode === null),
          'both instances still running',
        );
        return done();
      },
      { everyMs: 500 },
    );
    // Anything sent twice would have been sent by a run still going: wait until every sending job
    // of both instances has begun and finished a run after the work was done.
    const sending = ['sending e-mail', 'sending SMS', 'delivering webhooks', 'analysing texts'];
    const before = await Promise.all(ports.map(async (port) => jobRunCounts(await port, sending)));
    await waitUntil(
      'a full run of each sending job in both instances',
      async () => {
        const now = await Promise.all(ports.map(async (port) => jobRunCounts(await port, sending)));
        return now.every((c, i) => sending.every((job) => (c[job] ?? 0) >= (before[i]![job] ?? 0) + 2));
      },
      { everyMs: 250 },
    );

    const subjects = smtp.received.map((m) => /^Subject: (.*)$/m.exec(m.raw)?.[1] ?? '');
    const tests = subjects.filter((s) => /^viesti \d+$/.test(s));
    assert.equal(tests.length, counts.email, 'every e-mail');
    assert.equal(new Set(tests).size, counts.email, 'each once');
    assert.equal(smtp.received.filter((m) => m.to.includes('johtaja@example.fi')).length, reportMails, 'one report e-mail per job');
    assert.equal(gateway.seen.size, counts.sms);
    assert.ok(
      [...gateway.seen.values()].every((n) => n === 1),
      'each SMS once',
    );
    assert.equal(hooks.seen.size, counts.answers, 'a webhook per answer');
    assert.ok(
      [...hooks.seen.values()].every((n) => n === 1),
      'each webhook once',
    );
    const jobs = await db.query<{ attempts: number; status: string }>('select attempts, status from report_job');
    assert.deepEqual(
      jobs.map((j) => [j.status, j.attempts]),
      jobs.map(() => ['done', 1]),
      'each report made once',
    );
    const [texts] = await db.query<{ n: number; distinct: number }>(
      'select count(*)::int as n, count(distinct (source, source_id))::int as distinct from text_analysis',
    );
    assert.equal(texts!.n, counts.answers / 3);
    assert.equal(texts!.distinct, texts!.n, 'each text analysed once');
  });
});
