import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { buildApp } from '../src/http/app.ts';
import { importOrgTree } from '../src/organisation/import-org-tree.ts';
import { searchUnits } from '../src/organisation/search-units.ts';
import { loadConfig } from '../src/shared/config.ts';
import { type Db, openPglite, openPostgres } from '../src/shared/db.ts';
import { migrate } from '../src/shared/migrate.ts';
import { largeCountyCsv } from './large-county.ts';
import { fill, surveyBenchmarks } from './surveys-bench.ts';
import { demoFirstView, portalBenchmark } from './portal-bench.ts';
import { reportBenchmark } from './report-bench.ts';
import { refreshRollup } from '../src/reports/refresh-rollup.ts';
import { prepareDatabase } from '../src/prepare-database.ts';
import { journeyBenchmark, poolRoundBenchmark } from './participation-bench.ts';
import { loadBenchmark, tenTimesPeak } from './load-bench.ts';
import { faultBenchmark } from './fault-bench.ts';
import { smsBenchmark } from './sms-bench.ts';
import { ingestBenchmark } from './ingest-bench.ts';
import { sizesBenchmark } from './sizes-bench.ts';
import { scaleBenchmark } from './scale-bench.ts';
import { startBenchmark } from './start-bench.ts';
import { toneBenchmark } from './tone-bench.ts';
import { labelledFeedback, xedFinnish } from '../src/analysis/training-data/labelled.ts';
import { analyse } from '../src/analysis/analyse.ts';
import { defaultTaxonomy } from '../src/analysis/default-taxonomy.ts';
import { voikko } from '../src/analysis/voikko.ts';
import { analysisJobBenchmark } from './analysis-bench.ts';
import { evaluateNames } from './names-set.ts';

const root = path.resolve(import.meta.dirname, '..');
/** Tone and topics on texts never tuned on, names' masking, and the whole analyser's speed. */
async function analyserBenchmark() {
  console.log(`\nFinnish morphology: ${voikko() ? 'Voikko' : 'none (word beginnings only)'}`);
  await toneBenchmark();
  const { train, heldOut } = labelledFeedback();
  const set = [...train, ...heldOut];
  const names = evaluateNames();
  console.log(
    `\nNames masked, on ${names.sentences} sentences with names outside Kaiku's lists: recall ${(names.recall * 100).toFixed(1)} %, precision ${(names.precision * 100).toFixed(1)} %`,
  );
  const texts = [
    ...set.map((s) => s.text),
    ...xedFinnish()
      .slice(0, 3000)
      .map((s) => s.text),
  ];
  const started = performance.now();
  let n = 0;
  while (performance.now() - started < 3000) {
    for (const t of texts) analyse(t, defaultTaxonomy);
    n += texts.length;
  }
  console.log(
    `  whole offline analyser (mask, language, tone, topics): ${Math.round(n / ((performance.now() - started) / 1000))} texts/s on one core (target ≥ 1 000)`,
  );
}

/** A throw-away schema on the PostgreSQL server for one benchmark. */
async function withServerSchema(url: string, fn: (db: Db, schema: string) => Promise<void>): Promise<void> {
  const schema = `kaiku_bench_${process.pid}_${Date.now()}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`create schema ${schema}`);
  const db = openPostgres(url, { searchPath: schema });
  try {
    await fn(db, schema);
  } finally {
    await db.close();
    await admin.query(`drop schema ${schema} cascade`);
    await admin.end();
  }
}

const ms = (n: number) => `${n.toFixed(1)} ms`;
const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))]!;

async function coldStart(): Promise<number> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kaiku-bench-'));
  const started = performance.now();
  const child = spawn(path.join(root, 'node_modules/.bin/tsx'), ['src/main.ts'], {
    cwd: root,
    env: { ...process.env, KAIKU_DATA_DIR: dir, PORT: '0', LOG_LEVEL: 'silent', DATABASE_URL: '' },
  });
  const ready = await new Promise<number>((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (d) => {
      out += d;
      if (/running at/.test(out)) resolve(performance.now() - started);
    });
    child.on('exit', (code) => reject(new Error(`exited ${code}: ${out}`)));
  });
  child.kill('SIGTERM');
  await new Promise((r) => child.once('exit', r));
  fs.rmSync(dir, { recursive: true, force: true });
  return ready;
}

async function typeahead(db: Db, label: string) {
  const csv = largeCountyCsv(1000);
  let t = performance.now();
  const r = await importOrgTree(db, { csv, source: 'bench' });
  const importMs = performance.now() - t;
  t = performance.now();
  await importOrgTree(db, { csv, source: 'bench' });
  const reimportMs = performance.now() - t;
  const queries = ['porvoo', 'hammas', 'neuvola kerava', 'järvenpää koti', 'enhet 5', 'unit 99', 'palveluk', 'asumis', 'xyz', 'fysio 1'];
  const times: number[] = [];
  for (let i = 0; i < 1000; i++) {
    const s = performance.now();
    await searchUnits(db, { q: queries[i % queries.length]! });
    times.push(performance.now() - s);
  }
  const app = await buildApp({ db, config: loadConfig({ LOG_LEVEL: 'silent' }) });
  const httpTimes: number[] = [];
  for (let i = 0; i < 500; i++) {
    const s = performance.now();
    const res = await app.inject(`/api/v1/units?q=${encodeURIComponent(queries[i % queries.length]!)}`);
    if (res.statusCode !== 200) throw new Error(`HTTP ${res.statusCode}`);
    httpTimes.push(performance.now() - s);
  }
  await app.close();
  console.log(`\n${label}: tree of ${r.total} nodes (1000 units)`);
  console.log(`  import ${ms(importMs)}, re-import (no change) ${ms(reimportMs)}`);
  console.log(`  typeahead query    p50 ${ms(pct(times, 50))}  p99 ${ms(pct(times, 99))}  (1000 queries)`);
  console.log(`  GET /api/v1/units  p50 ${ms(pct(httpTimes, 50))}  p99 ${ms(pct(httpTimes, 99))}  (500 requests, in-process)`);
}

/**
 * The embedded database as a county runs it, in a data directory on disk (in memory it would hold
 * the whole database in the process: 11.6 GB at a million answers): answers in, sums, queries.
 */
async function embeddedSurveyBenchmarks() {
  const sizes = (process.env.BENCH_PGLITE_ANSWERS ?? '1000000')
    .split(',')
    .map(Number)
    .filter((n) => n > 0);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kaiku-bench-pglite-'));
  try {
    const lite = await openPglite(dir);
    await prepareDatabase(lite);
    await surveyBenchmarks(lite, 'PGlite (embedded, on disk)', sizes);
    await lite.close();
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

async function main() {
  console.log('Kaiku benchmarks');
  const only = process.env.BENCH_ONLY;
  const url = process.env.TEST_DATABASE_URL || process.env.DATABASE_URL;
  if (only === 'analysis') {
    await analyserBenchmark();
    const lite = await openPglite(undefined);
    await prepareDatabase(lite);
    await analysisJobBenchmark(lite, 'PGlite (embedded)');
    await lite.close();
    if (url)
      await withServerSchema(url, async (db) => {
        await prepareDatabase(db);
        await analysisJobBenchmark(db, 'PostgreSQL server');
      });
    return;
  }
  if (only === 'reports') {
    if (!url) throw new Error('The report benchmark needs TEST_DATABASE_URL (a PostgreSQL server)');
    await withServerSchema(url, async (db) => {
      await prepareDatabase(db);
      await reportBenchmark(db, 'PostgreSQL server');
    });
    return;
  }
  if (only === 'portal') {
    await demoFirstView();
    if (!url) throw new Error('The portal benchmark needs TEST_DATABASE_URL (a PostgreSQL server)');
    await withServerSchema(url, async (db) => {
      await prepareDatabase(db);
      await importOrgTree(db, { csv: largeCountyCsv(1000), source: 'bench' });
      for (const size of (process.env.BENCH_ANSWERS ?? '1000000,10000000')
        .split(',')
        .map(Number)
        .filter((n) => n > 0)) {
        await fill(db, size);
        await refreshRollup(db);
        await portalBenchmark(db, 'PostgreSQL server', size);
      }
    });
    return;
  }
  if (only === 'start') {
    await startBenchmark(Number(process.env.BENCH_START_SECONDS ?? 120));
    return;
  }
  if (only === 'scale') {
    if (!url) throw new Error('The scale benchmark needs TEST_DATABASE_URL (a PostgreSQL server)');
    await withServerSchema(url, async (db, schema) => {
      await prepareDatabase(db);
      await scaleBenchmark(db, url, schema, Number(process.env.BENCH_ANSWERS ?? 10_000_000));
    });
    return;
  }
  if (only === 'load') {
    if (!url) throw new Error('The load benchmark needs TEST_DATABASE_URL (a PostgreSQL server)');
    const seconds = Number(process.env.BENCH_LOAD_SECONDS ?? 600);
    console.log("\nLoad: ten times a large county's peak (0.19 answers/s, see bench/load-bench.ts), then headroom at 500 times the peak");
    await loadBenchmark(url, seconds, tenTimesPeak, 'ten times the peak');
    const x5 = Object.fromEntries(Object.entries(tenTimesPeak).map(([k, v]) => [k, v * 50])) as Record<keyof typeof tenTimesPeak, number>;
    await loadBenchmark(url, Math.min(seconds, 60), x5, 'headroom: 500 times the peak');
    return;
  }
  if (only === 'faults') {
    if (!url) throw new Error('The fault benchmark needs TEST_DATABASE_URL (a PostgreSQL server it may restart)');
    await faultBenchmark(url);
    return;
  }
  if (only === 'participation') {
    console.log('\nParticipation and the customer journey');
    const lite = await openPglite(undefined);
    await prepareDatabase(lite);
    await poolRoundBenchmark(lite, 'PGlite (embedded)', 20_000);
    await lite.close();
    if (!url) return;
    await withServerSchema(url, async (db) => {
      await prepareDatabase(db);
      await poolRoundBenchmark(db, 'PostgreSQL server', 20_000);
    });
    await withServerSchema(url, async (db) => {
      await prepareDatabase(db);
      await journeyBenchmark(db, 'PostgreSQL server', Number(process.env.BENCH_ANSWERS ?? 1_000_000));
    });
    return;
  }
  if (only === 'sizes') {
    if (!url) throw new Error('The sizes benchmark needs TEST_DATABASE_URL (a PostgreSQL server)');
    const total = Number(process.env.BENCH_ANSWERS ?? 1_000_000);
    console.log(`\nPostgreSQL server: ${total.toLocaleString('en')} answers and their sums on disk`);
    await withServerSchema(url, async (db, schema) => {
      await prepareDatabase(db);
      await sizesBenchmark(db, schema, total);
    });
    return;
  }
  if (only === 'pglite') {
    await embeddedSurveyBenchmarks();
    console.log(`\nPeak RSS of this process: ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB (goal ≤ 2 048 MB at a million answers)`);
    return;
  }
  if (only === 'ingest') {
    const lite = await openPglite(undefined);
    await prepareDatabase(lite);
    await ingestBenchmark(lite, 'PGlite (embedded)');
    await lite.close();
    if (url)
      await withServerSchema(url, async (db) => {
        await prepareDatabase(db);
        await ingestBenchmark(db, 'PostgreSQL server');
      });
    return;
  }
  if (only === 'sms') {
    if (!url) throw new Error('The SMS benchmark needs TEST_DATABASE_URL (a PostgreSQL server)');
    await smsBenchmark(url, Number(process.env.BENCH_SMS_CONVERSATIONS ?? 100_000));
    return;
  }
  await analyserBenchmark();

  const starts = [await coldStart(), await coldStart()];
  console.log(`\nCold start on an empty data directory (migrate, demo county, listen): ${starts.map((s) => ms(s)).join(', ')} (target < 30 000 ms)`);

  const lite = await openPglite(undefined);
  await migrate(lite);
  await typeahead(lite, 'PGlite (embedded)');
  await lite.close();

  const sizes = (process.env.BENCH_ANSWERS ?? '1000000,10000000')
    .split(',')
    .map(Number)
    .filter((n) => n > 0);
  await embeddedSurveyBenchmarks();

  console.log('\nText analysis of stored texts (background job)');
  const lite3 = await openPglite(undefined);
  await prepareDatabase(lite3);
  await analysisJobBenchmark(lite3, 'PGlite (embedded)');
  await lite3.close();

  if (url) {
    const schema = `kaiku_bench_${process.pid}`;
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    await admin.query(`create schema ${schema}`);
    const db = openPostgres(url, { searchPath: schema });
    try {
      await migrate(db);
      await typeahead(db, 'PostgreSQL server');
      await db.exec('delete from org_node_change; delete from org_import; delete from org_node;');
      await prepareDatabase(db);
      await surveyBenchmarks(db, 'PostgreSQL server', sizes);
      await db.exec('truncate response, analysis_queue, text_analysis');
      await analysisJobBenchmark(db, 'PostgreSQL server');
    } finally {
      await db.close();
      await admin.query(`drop schema ${schema} cascade`);
      await admin.end();
    }
    await smsBenchmark(url, Number(process.env.BENCH_SMS_CONVERSATIONS ?? 100_000));
  } else {
    console.log('\n(Set TEST_DATABASE_URL to measure a PostgreSQL server too, and the SMS surveys.)');
  }
  console.log(`\nPeak RSS of this process: ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB`);
}

main().then(
  () => process.exit(0),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
