import type { FastifyInstance } from 'fastify';
import { buildApp } from '../src/http/app.ts';
import { importOrgTree } from '../src/organisation/import-org-tree.ts';
import { refreshRollup } from '../src/reports/refresh-rollup.ts';
import { surveyResults } from '../src/reports/results-query.ts';
import { loadConfig } from '../src/shared/config.ts';
import type { Db } from '../src/shared/db.ts';
import { latestVersion } from '../src/surveys/survey-queries.ts';
import { largeCountyCsv } from './large-county.ts';
import { portalBenchmark } from './portal-bench.ts';
import { benchAnswers } from './ingest-answers.ts';

const ms = (n: number) => `${n.toFixed(1)} ms`;
const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))]!;
const adminKey = 'bench-admin-key-0123456789abcdef';

async function listen(db: Db): Promise<{ app: FastifyInstance; url: string }> {
  const app = await buildApp({ db, config: loadConfig({ LOG_LEVEL: 'silent', KAIKU_ADMIN_API_KEY: adminKey }) });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const addr = app.server.address();
  return { app, url: `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}` };
}

/** Answers per second through POST /api/v1/responses over loopback HTTP, with a few clients at once. */
async function throughput(db: Db, label: string, batch: number, seconds: number, clients = 4) {
  const { app, url } = await listen(db);
  const units = (await db.query<{ code: string }>("select code from org_node where kind = 'unit' limit 200")).map((u) => u.code);
  let sent = 0;
  let created = 0;
  let seq = 0;
  const latencies: number[] = [];
  const until = performance.now() + seconds * 1000;
  const started = performance.now();
  const client = async (c: number) => {
    while (performance.now() < until) {
      const responses = Array.from({ length: batch }, () => {
        seq += 1;
        return {
          idempotencyKey: `bench-${label}-${batch}-${c}-${seq}`,
          survey: 'thl-national',
          unit: units[seq % units.length],
          channel: 'api',
          submittedAt: new Date(Date.now() - (seq % 300) * 86_400_000).toISOString(),
          answers: benchAnswers(seq),
          background: { ageGroup: '45-64' },
        };
      });
      const t = performance.now();
      const res = await fetch(`${url}/api/v1/responses`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${adminKey}` },
        body: JSON.stringify({ responses }),
      });
      const body = (await res.json()) as { results: { status: string }[] };
      latencies.push(performance.now() - t);
      sent += batch;
      created += body.results.filter((r) => r.status === 'created').length;
    }
  };
  await Promise.all(Array.from({ length: clients }, (_, c) => client(c)));
  const elapsed = (performance.now() - started) / 1000;
  await app.close();
  console.log(
    `  ${label}, batches of ${batch}, ${clients} clients: ${(created / elapsed).toFixed(0)} answers/s stored (${sent} sent, ${created} created), request p50 ${ms(pct(latencies, 50))} p99 ${ms(pct(latencies, 99))}`,
  );
  return created / elapsed;
}

/** Fills the response table to `total` answers spread over 13 months and the 1000 units, in SQL. */
/** Fills the answer table up to `total` answers, submitted over the last `spanDays` days. */
const rssMb = () => Math.round(process.memoryUsage().rss / 1048576);

export async function fill(db: Db, total: number, spanDays = 395) {
  const [{ n }] = (await db.query<{ n: number }>('select count(*)::int as n from response')) as [{ n: number }];
  const version = (await latestVersion(db, 'thl-national')).version;
  const chunk = 500_000;
  const t = performance.now();
  for (let done = n; done < total; done += chunk) {
    const count = Math.min(chunk, total - done);
    await db.query(
      // received when submitted, as real answers are: the refresh's look-back then covers only new ones
      `insert into response (survey_id, survey_version, node_id, channel, submitted_at, received_at, background, answers)
       select 'thl-national', $1, u.ids[1 + (g % u.n)], (array['sms','sms','sms','qr','kiosk','link','paper'])[1 + (g % 7)],
              t.at, t.at,
              jsonb_build_object('respondentType', 'customer', 'ageGroup', (array['18-29','30-44','45-64','65-74','75+'])[1 + (g % 5)],
                'journeyStage', (array['before_contact','contact','needs_assessment','service_planning','service_organising','service_delivery','follow_up'])[1 + ((g / 7) % 7)]),
              jsonb_build_object('nps', least(10, floor(random() * 12))::int, 'nps_open', null,
                'availability', 1 + floor(random() * 5)::int, 'encounter', 1 + floor(random() * 5)::int, 'participation', 1 + floor(random() * 5)::int,
                'information', 1 + floor(random() * 5)::int, 'understandability', 1 + floor(random() * 5)::int, 'safety', 1 + floor(random() * 5)::int,
                'usefulness', 1 + floor(random() * 5)::int)
       from generate_series(1, $2) g
       cross join lateral (select now() - (random() * interval '1 day' * $3) + g * interval '0 seconds' as at) t,
       (select array_agg(id) as ids, count(*)::int as n from org_node where kind = 'unit') u`,
      [version, count, spanDays],
    );
    process.stdout.write(`\r  filling: ${Math.min(done + count, total).toLocaleString('en')} / ${total.toLocaleString('en')} answers`);
  }
  await db.exec('analyze response');
  process.stdout.write(`  (${((performance.now() - t) / 1000).toFixed(0)} s, RSS ${rssMb()} MB)\n`);
}

async function resultsQuery(db: Db, total: number) {
  const system = { kind: 'system', name: 'bench' } as const;
  const t0 = performance.now();
  const summed = await refreshRollup(db);
  console.log(`  sums built: ${summed.answers.toLocaleString('en')} answers added in ${ms(performance.now() - t0)} (RSS ${rssMb()} MB)`);
  const now = new Date();
  const lastFull = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 0));
  const firstFull = new Date(Date.UTC(lastFull.getUTCFullYear(), lastFull.getUTCMonth() - 11, 1));
  const periods = [
    { name: 'last 12 whole months', from: firstFull.toISOString().slice(0, 10), to: lastFull.toISOString().slice(0, 10) },
    { name: 'rolling 365 days', from: new Date(Date.now() - 364 * 86_400_000).toISOString().slice(0, 10), to: now.toISOString().slice(0, 10) },
  ];
  for (const period of periods) {
    for (const groupBy of ['none', 'month', 'unit'] as const) {
      const times: number[] = [];
      let answers = 0;
      let summed = 0;
      for (let i = 0; i < 5; i++) {
        const t = performance.now();
        const r = await surveyResults(db, system, { node: 'D1', from: period.from, to: period.to, groupBy });
        times.push(performance.now() - t);
        answers = r.groups.reduce((a, g) => a + g.answers, 0);
        summed = r.summedMonths;
      }
      console.log(
        `  division D1, ${period.name}, groupBy=${groupBy}, ${total.toLocaleString('en')} stored: median ${ms(pct(times, 50))}, best ${ms(Math.min(...times))} (${answers.toLocaleString('en')} answers, ${summed} months from sums)`,
      );
    }
  }
}

export async function surveyBenchmarks(db: Db, label: string, sizes: number[]) {
  await importOrgTree(db, { csv: largeCountyCsv(1000), source: 'bench' });
  console.log(`\n${label}: POST /api/v1/responses`);
  await throughput(db, label, 100, 10);
  await throughput(db, label, 1, 5, 8);
  console.log(`${label}: results query`);
  for (const size of sizes) {
    await fill(db, size);
    await resultsQuery(db, size);
    await portalBenchmark(db, label, size);
  }
}
