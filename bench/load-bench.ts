import { type ChildProcess, spawn } from 'node:child_process';
import crypto from 'node:crypto';
import path from 'node:path';
import autocannon from 'autocannon';
import pg from 'pg';
import { importOrgTree } from '../src/organisation/import-org-tree.ts';
import { demoCountyCsv } from '../src/organisation/demo-county.ts';
import { prepareDatabase } from '../src/prepare-database.ts';
import { openPostgres } from '../src/shared/db.ts';
import { freePort } from '../test/helpers/net.ts';
import { startArgs } from '../test/helpers/start-command.ts';

const root = path.resolve(import.meta.dirname, '..');
const apiKey = 'load-bench-admin-key-0123456789abcdef';

/**
 * A large county's peak, from PRODUCT.md: 3.5 million visits a year; if every visit were asked
 * and 16 % answered (Siun sote's rate), 560 000 answers a year, about 224 an hour over 2 500
 * working hours, three times that in the busiest hour: 670 answers an hour, 0.19 a second. Ten
 * times that is 1.9 answers a second; each web answer is a page and a post. Free-form feedback,
 * a few thousand a year, is far below one a minute even at ten times; it runs at one a second.
 */
export const tenTimesPeak = { surveyPage: 2, surveyPost: 2, apiPost: 1, feedbackPost: 1 } as const; // feedback: autocannon's least rate, 1/s

const ip = () => `10.${crypto.randomInt(256)}.${crypto.randomInt(256)}.${crypto.randomInt(1, 255)}`;

function run(opts: autocannon.Options): Promise<autocannon.Result> {
  return new Promise((resolve, reject) => {
    autocannon(opts, (err, result) => (err ? reject(err) : resolve(result)));
  });
}

async function rss(base: string): Promise<number> {
  const text = await (await fetch(`${base}/metrics`)).text();
  return Number(/^kaiku_process_resident_memory_bytes (\d+)/m.exec(text)?.[1] ?? 0);
}

/**
 * One Kaiku process on PostgreSQL, driven over loopback by autocannon: the public survey page,
 * answers posted from it, the responses API and the free-form form, each at its own fixed rate
 * (residents behind the proxy, so each request has its own address). Memory is read from
 * /metrics every ten seconds. Afterwards every answer that got a success is counted in the
 * database: stored exactly once.
 */
export async function loadBenchmark(url: string, seconds: number, rates: Record<keyof typeof tenTimesPeak, number>, label: string): Promise<void> {
  const schema = `kaiku_load_${process.pid}_${Date.now()}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`create schema ${schema}`);
  const db = openPostgres(url, { searchPath: schema });
  let server: ChildProcess | undefined;
  try {
    await prepareDatabase(db);
    await importOrgTree(db, { csv: demoCountyCsv(), source: 'bench' });
    const unit = (await db.query<{ id: number; code: string }>("select id, code from org_node where kind = 'unit' order by id limit 1"))[0]!;
    const code = 'loadbnch';
    await db.query("insert into collection_point (code, survey_id, node_id, channel) values ($1, 'thl-national', $2, 'qr')", [code, unit.id]);
    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    server = spawn(process.execPath, startArgs(), {
      cwd: root,
      env: {
        ...process.env,
        DATABASE_URL: `${url}${url.includes('?') ? '&' : '?'}options=${encodeURIComponent(`-c search_path=${schema}`)}`,
        PORT: String(port),
        HOST: '127.0.0.1',
        KAIKU_DEMO: 'false',
        KAIKU_TRUST_PROXY: '127.0.0.1',
        KAIKU_ADMIN_API_KEY: apiKey,
        LOG_LEVEL: 'warn',
      },
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    for (let i = 0; ; i++) {
      if (
        await fetch(`${base}/healthz`).then(
          (r) => r.ok,
          () => false,
        )
      )
        break;
      if (i > 120) throw new Error('Kaiku did not start');
      await new Promise((r) => setTimeout(r, 500));
    }
    const memory: number[] = [await rss(base)];
    const sampler = setInterval(
      () =>
        void rss(base).then(
          (m) => memory.push(m),
          () => undefined,
        ),
      10_000,
    );
    const form = 'application/x-www-form-urlencoded';
    const common = { url: base, duration: seconds, connections: 4 };
    const runs = await Promise.all([
      run({
        ...common,
        overallRate: rates.surveyPage,
        requests: [{ method: 'GET', path: `/s/${code}`, setupRequest: (r) => ({ ...r, headers: { ...r.headers, 'x-forwarded-for': ip() } }) }],
      }),
      run({
        ...common,
        overallRate: rates.surveyPost,
        requests: [
          {
            method: 'POST',
            path: `/s/${code}`,
            setupRequest: (r) => ({
              ...r,
              headers: { ...r.headers, 'content-type': form, 'x-forwarded-for': ip() },
              body: `_nonce=1.${crypto.randomBytes(16).toString('base64url')}&_step=3&_lang=fi&_action=submit&q_nps=${crypto.randomInt(11)}&q_availability=4`,
            }),
          },
        ],
      }),
      run({
        ...common,
        overallRate: rates.apiPost,
        requests: [
          {
            method: 'POST',
            path: '/api/v1/responses',
            setupRequest: (r) => ({
              ...r,
              headers: { ...r.headers, 'content-type': 'application/json', authorization: `Bearer ${apiKey}` },
              body: JSON.stringify({
                responses: [
                  {
                    survey: 'thl-national',
                    unit: unit.code,
                    channel: 'api',
                    submittedAt: new Date().toISOString(),
                    idempotencyKey: crypto.randomUUID(),
                    answers: { nps: crypto.randomInt(11) },
                  },
                ],
              }),
            }),
          },
        ],
      }),
      run({
        ...common,
        overallRate: rates.feedbackPost,
        requests: [
          {
            method: 'POST',
            path: '/palaute',
            setupRequest: (r) => ({
              ...r,
              headers: { ...r.headers, 'content-type': form, 'x-forwarded-for': ip() },
              body: `action=send&category=TER&text=${encodeURIComponent('Kuormitustesti: odotin liian kauan.')}`,
            }),
          },
        ],
      }),
    ]);
    clearInterval(sampler);
    memory.push(await rss(base));
    const names = ['GET /s/CODE (survey page)', 'POST /s/CODE (answer)', 'POST /api/v1/responses', 'POST /palaute (feedback)'];
    console.log(`\n  ${label}: ${seconds} s, one Kaiku process on PostgreSQL, loopback`);
    for (const [i, r] of runs.entries()) {
      const ok = (r.statusCodeStats as Record<string, { count: number }> | undefined) ?? {};
      const codes = Object.entries(ok)
        .map(([c, v]) => `${c}×${v.count}`)
        .join(' ');
      console.log(
        `    ${names[i]!.padEnd(28)} ${(r.requests.total / seconds).toFixed(1).padStart(7)} req/s  p50 ${r.latency.p50} ms  p99 ${r.latency.p99} ms  errors ${r.errors + r.timeouts}  [${codes}]`,
      );
    }
    const mb = memory.map((m) => Math.round(m / 1048576));
    console.log(
      `    memory (RSS, MB, every 10 s): ${mb.length > 14 ? [...mb.slice(0, 6), '…', ...mb.slice(-6)].join(' ') : mb.join(' ')}; first minute max ${Math.max(...mb.slice(0, 7))}, last minute max ${Math.max(...mb.slice(-6))}`,
    );
    const ok = (r: autocannon.Result, code: string) => (r.statusCodeStats as Record<string, { count: number }> | undefined)?.[code]?.count ?? 0;
    // let answers still in flight when the clock stopped land before counting
    await new Promise((r) => setTimeout(r, 2000));
    const [stored] = await db.query<{ form: number; api: number; feedback: number }>(
      "select count(*) filter (where idempotency_key like 'form:%')::int as form, count(*) filter (where channel = 'api')::int as api, (select count(*)::int from feedback) as feedback from response",
    );
    const line = (name: string, storedN: number, r: autocannon.Result, code: string) => {
      const good = ok(r, code) <= storedN && storedN <= r.requests.sent;
      return `${name} ${storedN} stored, ${ok(r, code)} answered ${code} within the run, ${r.requests.sent} sent${good ? '' : ' (MISMATCH)'}`;
    };
    console.log(
      `    stored exactly once (answered ≤ stored ≤ sent; the rest were in flight at the end): ${line('answers', stored!.form, runs[1]!, '303')}; ${line('API', stored!.api, runs[2]!, '200')}; ${line('feedback', stored!.feedback, runs[3]!, '303')}`,
    );
  } finally {
    server?.kill('SIGTERM');
    if (server && server.exitCode === null) await new Promise((r) => server!.once('exit', r));
    await db.close();
    await admin.query(`drop schema ${schema} cascade`);
    await admin.end();
  }
}
