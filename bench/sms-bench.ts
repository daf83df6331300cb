import { type ChildProcess, spawn } from 'node:child_process';
import crypto from 'node:crypto';
import http from 'node:http';
import type net from 'node:net';
import path from 'node:path';
import pg from 'pg';
import { importOrgTree } from '../src/organisation/import-org-tree.ts';
import { prepareDatabase } from '../src/prepare-database.ts';
import { openPostgres } from '../src/shared/db.ts';
import { startArgs } from '../test/helpers/start-command.ts';

const root = path.resolve(import.meta.dirname, '..');
const secret = 'bench-webhook-secret-0123456789';
const adminKey = 'bench-admin-key-0123456789abcdef';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * 100 000 SMS conversations (first-contact surveys: two questions and a thank-you) driven to the
 * end against a real Kaiku server process on PostgreSQL, with a generic HTTP gateway and phones
 * simulated here. The server is killed (SIGKILL) and restarted in the middle. Afterwards: every
 * reply Kaiku acknowledged is stored exactly once, every conversation has its answer, and no
 * phone got a request (or any message) twice.
 */
export async function smsBenchmark(url: string, conversations: number): Promise<void> {
  const dbName = `kaiku_bench_sms_${process.pid}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`create database ${dbName}`);
  const dbUrl = new URL(url);
  dbUrl.pathname = `/${dbName}`;
  const db = openPostgres(dbUrl.toString());
  let server: ChildProcess | undefined;
  try {
    await prepareDatabase(db);
    const units = Array.from({ length: 50 }, (_, i) => `U${i + 1},C,unit,Yksikkö ${i + 1},,,true`);
    await importOrgTree(db, { csv: ['code,parent_code,kind,name_fi,name_sv,name_en,active', 'C,,county,Bench,,,true', ...units].join('\n'), source: 'bench' });

    // The gateway: keeps each Kaiku message id once (as real gateways deduplicate by reference).
    const seen = new Map<string, string>();
    let resent = 0;
    const perPhone = new Map<string, string[]>();
    const acked = new Set<string>();
    let port = 0;
    const kaiku = () => `http://127.0.0.1:${port}`;
    // At most 64 webhook calls in flight, as a gateway's worker pool would have.
    let inFlight = 0;
    const waiting: (() => void)[] = [];
    const slot = async () => {
      while (inFlight >= 64) await new Promise<void>((r) => waiting.push(r));
      inFlight++;
    };
    const release = () => {
      inFlight--;
      waiting.shift()?.();
    };
    const reply = async (messageId: string, from: string, text: string) => {
      await slot();
      try {
        await send(messageId, from, text);
      } finally {
        release();
      }
    };
    const send = async (messageId: string, from: string, text: string) => {
      const body = JSON.stringify({ messageId, from, text });
      const signature = crypto.createHmac('sha256', secret).update(body).digest('hex');
      // A gateway retries until Kaiku says it has the reply: through the kill and the restart.
      for (;;) {
        try {
          const res = await fetch(`${kaiku()}/api/v1/sms/inbound`, {
            method: 'POST',
            body,
            headers: { 'content-type': 'application/json', 'x-kaiku-signature': signature },
            signal: AbortSignal.timeout(10_000),
          });
          if (res.ok) {
            await res.arrayBuffer();
            acked.add(messageId);
            return;
          }
          await res.arrayBuffer();
        } catch {
          // refused while the server is down
        }
        await sleep(200 + Math.random() * 300);
      }
    };
    let pendingReplies = 0;
    const gateway = http.createServer((req, res) => {
      let raw = '';
      req.on('data', (c: Buffer) => (raw += c.toString('utf8')));
      req.on('end', () => {
        const m = JSON.parse(raw) as { id: string; to: string; text: string };
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ id: `gw-${m.id}` }));
        if (seen.has(m.id)) {
          resent++;
          return;
        }
        seen.set(m.id, m.to);
        const list = perPhone.get(m.to) ?? [];
        list.push(m.text);
        perPhone.set(m.to, list);
        // The phone answers the question it got: yes to the first, no to the second.
        const step = /(^|\n)1\/2 /.test(m.text) ? 1 : /^2\/2 /.test(m.text) ? 2 : 0;
        if (step) {
          pendingReplies++;
          setTimeout(() => void reply(`${m.to}:${step}`, m.to, step === 1 ? 'kyllä' : 'ei').finally(() => pendingReplies--), 5 + Math.random() * 50);
        }
      });
    });
    await new Promise<void>((resolve) => gateway.listen(0, '127.0.0.1', resolve));
    const gatewayUrl = `http://127.0.0.1:${(gateway.address() as net.AddressInfo).port}/send`;

    const start = async () => {
      // node itself, not the tsx wrapper: SIGKILL must hit the server, not a parent that leaves it running
      const child = spawn(process.execPath, startArgs(), {
        cwd: root,
        env: {
          ...process.env,
          DATABASE_URL: dbUrl.toString(),
          PORT: String(port),
          LOG_LEVEL: 'warn',
          KAIKU_DEMO: '0',
          KAIKU_ADMIN_API_KEY: adminKey,
          KAIKU_SMS_PROVIDER: 'http',
          KAIKU_SMS_HTTP_URL: gatewayUrl,
          KAIKU_SMS_WEBHOOK_SECRET: secret,
          KAIKU_SMS_WINDOW: '00:00-24:00',
        },
      });
      await new Promise<void>((resolve, reject) => {
        let out = '';
        child.stdout!.on('data', (d: Buffer) => {
          out += d.toString();
          const m = /running at http:\/\/localhost:(\d+)/.exec(out);
          if (m) {
            port = Number(m[1]);
            resolve();
          }
        });
        child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
        child.once('exit', (code) => reject(new Error(`server exited ${code}: ${out}`)));
      });
      child.removeAllListeners('exit');
      return child;
    };
    server = await start();

    // Visits in, timed: batches of 5 000 through the API.
    const visitAt = new Date(Date.now() - 60_000).toISOString();
    let t = performance.now();
    for (let i = 0; i < conversations; i += 5000) {
      const visits = Array.from({ length: Math.min(5000, conversations - i) }, (_, k) => {
        const n = i + k;
        return {
          eventId: `b-${n}`,
          unit: `U${(n % 50) + 1}`,
          visitAt,
          type: 'first-contact',
          callType: n % 2 ? 'line' : 'callback',
          phone: `+358401${String(n).padStart(6, '0')}`,
          language: 'fi',
          age: 30 + (n % 50),
          consent: true,
          nonDisclosure: false,
        };
      });
      const res = await fetch(`${kaiku()}/api/v1/visits`, {
        method: 'POST',
        body: JSON.stringify({ visits }),
        headers: { 'content-type': 'application/json', authorization: `Bearer ${adminKey}` },
      });
      if (!res.ok) throw new Error(`visits: HTTP ${res.status} ${await res.text()}`);
      await res.arrayBuffer();
    }
    const visitSeconds = (performance.now() - t) / 1000;
    console.log(
      `\nSMS (PostgreSQL server, a separate Kaiku process, HTTP gateway): ${conversations} visits accepted in ${visitSeconds.toFixed(1)} s = ${Math.round(conversations / visitSeconds)} visits/s (batches of 5 000)`,
    );

    const completed = async () => Number((await db.query<{ n: string }>("select count(*) as n from response where channel = 'sms'"))[0]!.n);
    t = performance.now();
    let killedAt = -1;
    const deadline = Date.now() + 60 * 60_000;
    for (;;) {
      await sleep(1000);
      const done = await completed();
      if (killedAt < 0 && acked.size >= conversations * 0.8) {
        // In the middle of it all: replies in flight, messages leased, conversations half done.
        killedAt = done;
        server.kill('SIGKILL');
        await new Promise((r) => server!.once('exit', r));
        console.log(
          `  killed the server (SIGKILL) after ${((performance.now() - t) / 1000).toFixed(0)} s: ${acked.size} replies acknowledged, ${done} conversations finished`,
        );
        await sleep(2000);
        server = await start();
        console.log('  restarted it');
      }
      // Done when every answer is in and the last thank-you has reached its phone.
      if (done >= conversations && pendingReplies === 0 && seen.size >= conversations * 3) break;
      if (Date.now() > deadline) throw new Error(`only ${done} of ${conversations} finished in an hour`);
    }
    const runSeconds = (performance.now() - t) / 1000;

    const [{ n: inbound }] = (await db.query<{ n: string }>('select count(*) as n from sms_inbound')) as [{ n: string }];
    const stored = new Set((await db.query<{ message_id: string }>('select message_id from sms_inbound')).map((r) => r.message_id));
    const lost = [...acked].filter((id) => !stored.has(id)).length;
    const answers = await db.query<{ complete: string; partial: string }>(
      "select count(*) filter (where answers->>'solved' = 'true' and answers->>'knows_next' = 'false') as complete, count(*) filter (where partial) as partial from response where channel = 'sms'",
    );
    const twice = [...perPhone.values()].filter((texts) => new Set(texts).size !== texts.length || texts.length !== 3).length;
    const firstTwice = [...perPhone.values()].filter((texts) => texts.filter((x) => /\n1\/2 /.test(x)).length !== 1).length;
    console.log(
      `  ${conversations} conversations (2 questions and a thank-you each) finished in ${runSeconds.toFixed(0)} s = ${Math.round(conversations / runSeconds)} conversations/s, ${Math.round((conversations * 5) / runSeconds)} messages/s in and out`,
    );
    console.log(
      `  replies acknowledged ${acked.size}, stored ${inbound}, acknowledged but missing ${lost}; responses complete ${answers[0]!.complete}, partial ${answers[0]!.partial}`,
    );
    console.log(
      `  messages received by phones ${seen.size}; phones with a message missing or twice ${twice}; phones with the request twice ${firstTwice}; resends the gateway deduplicated by id ${resent}`,
    );
  } finally {
    server?.kill('SIGKILL');
    await db.close();
    await sleep(500);
    await admin.query(`drop database if exists ${dbName} with (force)`).catch(() => undefined);
    await admin.end();
  }
}
