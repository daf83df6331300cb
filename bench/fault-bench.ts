import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import pg from 'pg';
import { SMTPServer } from 'smtp-server';
import { importOrgTree } from '../src/organisation/import-org-tree.ts';
import { demoCountyCsv } from '../src/organisation/demo-county.ts';
import { prepareDatabase } from '../src/prepare-database.ts';
import { openPostgres } from '../src/shared/db.ts';
import { queueSms } from '../src/messages/sms-outbox.ts';
import { freePort } from '../test/helpers/net.ts';
import { startArgs } from '../test/helpers/start-command.ts';

const root = path.resolve(import.meta.dirname, '..');
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const log = (t0: number, what: string) => console.log(`    ${String(Math.round((Date.now() - t0) / 1000)).padStart(4)} s  ${what}`);

/** An SMTP server that can refuse for a while (451, try again later) and counts each recipient. */
async function refusingSmtp() {
  const state = { refusing: false, refused: 0, got: new Map<string, number>() };
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onRcptTo(_address, _session, cb) {
      if (state.refusing) {
        state.refused++;
        const err = new Error('Try again later') as Error & { responseCode: number };
        err.responseCode = 451;
        return cb(err);
      }
      cb();
    },
    onData(stream, session, cb) {
      stream.resume();
      stream.on('end', () => {
        for (const r of session.envelope.rcptTo) state.got.set(r.address, (state.got.get(r.address) ?? 0) + 1);
        cb();
      });
    },
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { state, url: `smtp://127.0.0.1:${(server.server.address() as AddressInfo).port}`, close: () => new Promise<void>((r) => server.close(() => r())) };
}

/** An HTTP SMS gateway that can answer 503 for a while and counts each Kaiku message id. */
async function refusingGateway() {
  const state = { refusing: false, refused: 0, got: new Map<string, number>() };
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString('utf8')));
    req.on('end', () => {
      if (state.refusing) {
        state.refused++;
        return res.writeHead(503).end('down');
      }
      const id = (JSON.parse(body) as { id: string }).id;
      state.got.set(id, (state.got.get(id) ?? 0) + 1);
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ id: `gw-${id}` }));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { state, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/send`, close: () => new Promise<void>((r) => server.close(() => r())) };
}

/**
 * Faults under load, on loopback: two Kaiku instances on one PostgreSQL take answers, feedback
 * (each with a receipt e-mail) and SMS. One instance is killed with SIGKILL and started again,
 * PostgreSQL is restarted, and SMTP and the SMS gateway refuse for a minute. Afterwards: every
 * answer and feedback that got a success is stored exactly once, every e-mail and SMS arrives
 * once, and nobody did anything by hand.
 */
export async function faultBenchmark(url: string): Promise<void> {
  const schema = `kaiku_faults_${process.pid}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`create schema ${schema}`);
  await admin.end();
  const db = openPostgres(url, { searchPath: schema });
  const smtp = await refusingSmtp();
  const gateway = await refusingGateway();
  const instances: { port: number; proc?: ChildProcess }[] = [{ port: await freePort() }, { port: await freePort() }];
  const env = {
    ...process.env,
    DATABASE_URL: `${url}${url.includes('?') ? '&' : '?'}options=${encodeURIComponent(`-c search_path=${schema}`)}`,
    HOST: '127.0.0.1',
    KAIKU_DEMO: 'false',
    KAIKU_TRUST_PROXY: '127.0.0.1',
    KAIKU_SMTP_URL: smtp.url,
    KAIKU_SMS_PROVIDER: 'http',
    KAIKU_SMS_HTTP_URL: gateway.url,
    LOG_LEVEL: 'fatal',
  };
  const start = (i: number) => {
    instances[i]!.proc = spawn(process.execPath, startArgs(), {
      cwd: root,
      env: { ...env, PORT: String(instances[i]!.port) },
      stdio: 'ignore',
    });
  };
  const healthy = async (i: number) =>
    fetch(`http://127.0.0.1:${instances[i]!.port}/healthz`).then(
      (r) => r.ok,
      () => false,
    );
  try {
    await prepareDatabase(db);
    await importOrgTree(db, { csv: demoCountyCsv(), source: 'bench' });
    const unit = (await db.query<{ id: number }>("select id from org_node where kind = 'unit' order by id limit 1"))[0]!;
    await db.query("insert into collection_point (code, survey_id, node_id, channel) values ('faultbch', 'thl-national', $1, 'qr')", [unit.id]);
    start(0);
    start(1);
    while (!(await healthy(0)) || !(await healthy(1))) await sleep(300);

    const t0 = Date.now();
    console.log('\n  Faults under load: two instances, answers and feedback at 20 a second, SMS queued at 5 a second');
    const ok = { answers: new Set<string>(), feedback: new Set<string>() };
    const failed = { answers: 0, feedback: 0 };
    let smsQueued = 0;
    let running = true;
    let n = 0;
    const driver = (async () => {
      while (running) {
        n++;
        const i = crypto.randomInt(2); // both kinds of request reach both instances
        const base = `http://127.0.0.1:${instances[i]!.port}`;
        const headers = { 'content-type': 'application/x-www-form-urlencoded', 'x-forwarded-for': `10.0.${n % 250}.${((n >> 8) % 250) + 1}` };
        const nonce = `1.${crypto.randomBytes(16).toString('base64url')}`;
        const email = `asiakas${n}@example.fi`;
        const isFeedback = n % 4 === 0;
        const body = isFeedback
          ? `action=send&category=TER&text=${encodeURIComponent(`Vikatesti ${n}`)}&email=${encodeURIComponent(email)}`
          : `_nonce=${nonce}&_step=3&_lang=fi&_action=submit&q_nps=${n % 11}`;
        void fetch(`${base}${isFeedback ? '/palaute' : '/s/faultbch'}`, {
          method: 'POST',
          headers,
          body,
          redirect: 'manual',
          signal: AbortSignal.timeout(10_000),
        }).then(
          (r) => (r.status === 303 ? (isFeedback ? ok.feedback.add(email) : ok.answers.add(nonce)) : isFeedback ? failed.feedback++ : failed.answers++),
          () => (isFeedback ? failed.feedback++ : failed.answers++),
        );
        if (n % 4 === 1) {
          await queueSms(db, { kind: 'bench', to: `+35840${String(2_000_000 + n)}`, body: `Kysely ${n}` }).then(
            () => smsQueued++,
            () => undefined,
          );
        }
        await sleep(50);
      }
    })();

    await sleep(20_000);
    instances[0]!.proc!.kill('SIGKILL');
    log(t0, 'instance 1 killed with SIGKILL');
    await sleep(15_000);
    start(0);
    while (!(await healthy(0))) await sleep(300);
    log(t0, 'instance 1 running again');
    await sleep(10_000);
    execFileSync('pg_ctlcluster', ['--skip-systemctl-redirect', fs.readdirSync('/etc/postgresql')[0]!, 'main', 'restart']);
    log(t0, 'PostgreSQL restarted');
    await sleep(15_000);
    smtp.state.refusing = true;
    gateway.state.refusing = true;
    log(t0, 'SMTP and the SMS gateway refuse');
    await sleep(60_000);
    smtp.state.refusing = false;
    gateway.state.refusing = false;
    log(t0, 'SMTP and the SMS gateway accept again');
    await sleep(10_000);
    running = false;
    await driver;
    await sleep(10_000);
    log(t0, 'load stopped; waiting for the outboxes to empty');

    const drained = async () => {
      const [q] = await db.query<{ n: number }>(
        'select ((select count(*) from outbox_email where sent_at is null and kept_at is null) + (select count(*) from outbox_sms where sent_at is null and kept_at is null))::int as n',
      );
      return q!.n === 0;
    };
    for (let i = 0; !(await drained()); i++) {
      if (i > 900) throw new Error('the outboxes did not empty in 15 minutes');
      await sleep(1000);
    }
    log(t0, 'outboxes empty');

    const nonces = [...ok.answers].map((x) => `form:${x}`);
    const [answers] = await db.query<{ stored: number; rows: number }>(
      'select count(distinct idempotency_key)::int as stored, count(*)::int as rows from response where idempotency_key = any($1)',
      [nonces],
    );
    const emails = [...ok.feedback];
    const [fb] = await db.query<{ stored: number; rows: number }>(
      'select count(distinct contact_email)::int as stored, count(*)::int as rows from feedback where contact_email = any($1)',
      [emails],
    );
    const mailed = emails.map((e) => smtp.state.got.get(e) ?? 0);
    const sms = [...gateway.state.got.values()];
    const [kept] = await db.query<{ email: number; sms: number }>(
      'select (select count(*)::int from outbox_email where kept_at is not null) as email, (select count(*)::int from outbox_sms where kept_at is not null) as sms',
    );
    console.log(
      `    answers: ${ok.answers.size} answered 303, stored ${answers!.stored} (${answers!.rows} rows); ${failed.answers} refused or failed during the faults (the resident sees an error and sends again)`,
    );
    console.log(`    feedback: ${ok.feedback.size} answered 303, stored ${fb!.stored} (${fb!.rows} rows); ${failed.feedback} failed during the faults`);
    console.log(
      `    receipt e-mails: ${mailed.filter((c) => c === 1).length} arrived once, ${mailed.filter((c) => c > 1).length} more than once, ${mailed.filter((c) => c === 0).length} never; SMTP refused ${smtp.state.refused} tries meanwhile; kept after all retries: ${kept!.email}`,
    );
    console.log(
      `    SMS: ${smsQueued} queued, ${sms.length} arrived, ${sms.filter((c) => c > 1).length} more than once; the gateway refused ${gateway.state.refused} tries meanwhile; kept: ${kept!.sms}`,
    );
  } finally {
    for (const i of instances) i.proc?.kill('SIGTERM');
    await sleep(1000);
    await db.close();
    const cleanup = new pg.Client({ connectionString: url });
    await cleanup.connect();
    await cleanup.query(`drop schema if exists ${schema} cascade`);
    await cleanup.end();
    await smtp.close();
    await gateway.close();
  }
}
