import { Worker } from 'node:worker_threads';
import { createApiKey } from '../src/access/api-keys.ts';
import { benchAnswers, rate } from './ingest-answers.ts';
import { buildApp } from '../src/http/app.ts';
import { importOrgTree } from '../src/organisation/import-org-tree.ts';
import { loadConfig } from '../src/shared/config.ts';
import type { Db } from '../src/shared/db.ts';
import { type NewResponse, storeResponses } from '../src/surveys/store-response.ts';
import { latestVersion } from '../src/surveys/survey-queries.ts';
import { largeCountyCsv } from './large-county.ts';

const clients = 4;

/**
 * Answers in through POST /api/v1/responses with a real API key (responses:write), one at a time
 * and 100 at a time, each measured back to back with the same INSERT straight into the response
 * table (Kaiku's own storeResponses, no HTTP, no key): the API's share of what the table takes.
 */
export async function ingestBenchmark(db: Db, label: string, seconds = Number(process.env.BENCH_INGEST_SECONDS ?? 10)) {
  await importOrgTree(db, { csv: largeCountyCsv(200), source: 'bench' });
  const units = await db.query<{ id: number; code: string }>("select id, code from org_node where kind = 'unit' order by id limit 200");
  const version = (await latestVersion(db, 'thl-national')).version;
  const { key } = await createApiKey(db, { kind: 'system', name: 'bench' }, { name: 'bench kiosk system', scopes: ['responses:write'] });
  const app = await buildApp({ db, config: loadConfig({ LOG_LEVEL: 'silent' }) });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const addr = app.server.address();
  const url = `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}/api/v1/responses`;
  const run = `${process.pid}-${Date.now()}`;

  const rows = (seq: number, n: number, tag: string): NewResponse[] =>
    Array.from({ length: n }, (_, i) => ({
      surveyId: 'thl-national',
      surveyVersion: version,
      nodeId: units[(seq * n + i) % units.length]!.id,
      channel: 'api',
      submittedAt: new Date(Date.now() - ((seq + i) % 300) * 86_400_000),
      idempotencyKey: `${tag}-${run}-${seq}-${i}`,
      background: { ageGroup: '45-64' },
      answers: benchAnswers(seq + i),
    }));
  const raw = (n: number, tag: string) => async (seq: number) => (await storeResponses(db, rows(seq, n, tag))).size;
  // The HTTP clients run in a thread of their own: the server's event loop serves, it does not also make the requests.
  const api = (n: number, tag: string) =>
    new Promise<number>((resolve, reject) => {
      const worker = new Worker(new URL('./ingest-client.mjs', import.meta.url), {
        workerData: { url, key, units: units.map((u) => u.code), n, seconds, tag: `${tag}-${run}`, clients },
      });
      worker.once('message', resolve);
      worker.once('error', reject);
    });

  console.log(`\n${label}: answers in with a real API key, ${clients} clients, ${seconds} s each, back to back with a raw INSERT`);
  for (const n of [1, 100]) {
    await rate(clients, Math.min(2, seconds), raw(n, `warm${n}`));
    // raw, API, raw again: the table grows as it goes, so the API is set against the mean of both sides
    const rawBefore = await rate(clients, seconds, raw(n, `raw${n}`));
    const apiRate = await api(n, `api${n}`);
    const rawRate = (rawBefore + (await rate(clients, seconds, raw(n, `raw2${n}`)))) / 2;
    const goal = n === 1 ? 0.5 : 0.6;
    console.log(
      `  ${n === 1 ? 'single answers' : `batches of ${n}`}: raw INSERT ${rawRate.toFixed(0)}/s, API ${apiRate.toFixed(0)}/s = ${(apiRate / rawRate).toFixed(2)} of raw (goal ≥ ${goal})`,
    );
  }
  await app.close();
}
