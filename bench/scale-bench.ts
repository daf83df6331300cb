import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { importOrgTree } from '../src/organisation/import-org-tree.ts';
import { refreshRollup } from '../src/reports/refresh-rollup.ts';
import { surveyResults } from '../src/reports/results-query.ts';
import type { Db } from '../src/shared/db.ts';
import { latestVersion } from '../src/surveys/survey-queries.ts';
import { largeCountyCsv } from './large-county.ts';
import { fill } from './surveys-bench.ts';

const system = { kind: 'system', name: 'bench' } as const;
const s = (n: number) => `${(n / 1000).toFixed(2)} s`;
const ms = (n: number) => `${n.toFixed(0)} ms`;
const likert = ['availability', 'encounter', 'participation', 'information', 'understandability', 'safety', 'usefulness'];

async function median(times: number, fn: () => Promise<unknown>): Promise<number> {
  const out: number[] = [];
  for (let i = 0; i < times; i++) {
    const t = performance.now();
    await fn();
    out.push(performance.now() - t);
  }
  return out.sort((a, b) => a - b)[Math.floor(out.length / 2)]!;
}

/** The same figures as Kaiku's (answers, NPS's three groups, each statement's 1–5), written as a plain GROUP BY. */
function naiveSql(json: (key: string) => string, groupBy: string | undefined): string {
  const counts = [
    'count(*)',
    `count(*) filter (where ${json('nps')} >= 9)`,
    `count(*) filter (where ${json('nps')} <= 6)`,
    `count(${json('nps')})`,
    ...likert.flatMap((k) => [1, 2, 3, 4, 5].map((v) => `count(*) filter (where ${json(k)} = ${v})`)),
  ];
  return `select ${groupBy ? `${groupBy} as k, ` : ''}${counts.join(', ')} from r where node_id in (select id from nodes) and day between $from and $to${groupBy ? ' group by 1' : ''}`;
}

/**
 * Issue 24's measurements at ten million answers over ten years × 330 units (BENCH_ANSWERS to
 * change the size), on PostgreSQL: one division's year and the county's 120-month trend from
 * Kaiku's sums, beside a plain GROUP BY over the same rows and DuckDB in memory holding them;
 * then a backfill touching every month, the same two queries at once, and the refresh after it.
 */
export async function scaleBenchmark(db: Db, url: string, schema: string, total: number): Promise<void> {
  console.log(`\nResults at scale: ${total.toLocaleString('en')} answers over 10 years × 330 units (PostgreSQL server)`);
  await importOrgTree(db, { csv: largeCountyCsv(330), source: 'bench' });
  let t = performance.now();
  await fill(db, total, 3650);
  const filled = performance.now() - t;
  t = performance.now();
  const sums = await refreshRollup(db, {
    onProgress: (done, all) => process.stdout.write(`\r  summing: ${done.toLocaleString('en')} / ${all.toLocaleString('en')}`),
  });
  const summed = performance.now() - t;
  console.log(`\n  fill ${s(filled)}, sums of ${sums.answers.toLocaleString('en')} answers ${s(summed)}; together ${s(filled + summed)} (target ≤ 30 min)`);

  const [range] = await db.query<{ first: string; year: string; last: string }>(
    `select to_char(date_trunc('month', min(submitted_at) at time zone 'Europe/Helsinki'), 'YYYY-MM-DD') as first,
            to_char(date_trunc('month', max(submitted_at) at time zone 'Europe/Helsinki') - interval '12 months', 'YYYY-MM-DD') as year,
            to_char(date_trunc('month', max(submitted_at) at time zone 'Europe/Helsinki') - interval '1 day', 'YYYY-MM-DD') as last
     from response`,
  );
  const yearTo = range!.last;
  const yearFrom = range!.year;
  const division = { node: 'D1', from: yearFrom, to: yearTo, groupBy: 'none' as const };
  const trend = { node: 'BIG', from: range!.first, to: yearTo, groupBy: 'month' as const };
  const divisionIds = (
    await db.query<{ id: number }>(
      "select id from org_node where code = 'D1' or parent_id in (select id from org_node where code = 'D1') or parent_id in (select id from org_node where parent_id = (select id from org_node where code = 'D1'))",
    )
  ).map((r) => r.id);
  const allIds = (await db.query<{ id: number }>('select id from org_node')).map((r) => r.id);

  // The plain GROUP BY on PostgreSQL over the same rows
  const pgNaive = (ids: number[], from: string, to: string, groupBy?: string) =>
    db.query(
      naiveSql((k) => `(answers->>'${k}')::int`, groupBy).replace(
        'from r where node_id in (select id from nodes) and day between $from and $to',
        `from response where survey_id = 'thl-national' and node_id = any($1::int[]) and submitted_at >= ($2::date)::timestamp at time zone 'Europe/Helsinki' and submitted_at < ($3::date + 1)::timestamp at time zone 'Europe/Helsinki'`,
      ),
      [ids, from, to],
    );

  // DuckDB in memory, holding the same rows with each answer in a column of its own
  const csv = path.join(os.tmpdir(), `kaiku-scale-${process.pid}.csv`);
  t = performance.now();
  execFileSync(
    'psql',
    [
      url,
      '-c',
      `\\copy (select node_id, to_char(submitted_at at time zone 'Europe/Helsinki', 'YYYY-MM-DD') as day, to_char(submitted_at at time zone 'Europe/Helsinki', 'YYYY-MM') as month, ${['nps', ...likert].map((k) => `(answers->>'${k}')::int as ${k}`).join(', ')} from response) to '${csv}' csv header`,
    ],
    { env: { ...process.env, PGOPTIONS: `-c search_path=${schema}` } },
  );
  const duck = await (await DuckDBInstance.create(':memory:')).connect();
  await duck.run(
    `create table r as select * from read_csv('${csv}', header = true, columns = {'node_id': 'INTEGER', 'day': 'DATE', 'month': 'VARCHAR', ${['nps', ...likert].map((k) => `'${k}': 'INTEGER'`).join(', ')}})`,
  );
  fs.rmSync(csv, { force: true });
  console.log(`  DuckDB loaded in ${s(performance.now() - t)}`);
  const duckQuery = async (ids: number[], from: string, to: string, groupBy?: string) => {
    await duck.run(`create or replace temp table nodes as select unnest([${ids.join(',')}]) as id`);
    return duck.runAndReadAll(
      naiveSql((k) => k, groupBy)
        .replace('$from', `'${from}'`)
        .replace('$to', `'${to}'`),
    );
  };

  const measure = async (label: string) => {
    const kaikuDivision = await median(5, () => surveyResults(db, system, division));
    const kaikuTrend = await median(3, () => surveyResults(db, system, trend));
    return { label, kaikuDivision, kaikuTrend };
  };
  const normal = await measure('normal');
  const naiveDivision = await median(3, () => pgNaive(divisionIds, yearFrom, yearTo));
  const naiveTrend = await median(1, () => pgNaive(allIds, range!.first, yearTo, "to_char(submitted_at at time zone 'Europe/Helsinki', 'YYYY-MM')"));
  const duckDivision = await median(5, () => duckQuery(divisionIds, yearFrom, yearTo));
  const duckTrend = await median(3, () => duckQuery(allIds, range!.first, yearTo, 'month'));
  console.log(
    `  one division (${divisionIds.length} nodes) × one year: Kaiku ${ms(normal.kaikuDivision)}, plain GROUP BY ${ms(naiveDivision)}, DuckDB ${ms(duckDivision)}`,
  );
  console.log(
    `    ${(naiveDivision / normal.kaikuDivision).toFixed(1)}× faster than the GROUP BY (target ≥ 20×); ${(normal.kaikuDivision / duckDivision).toFixed(2)}× DuckDB's time (target ≤ 2×)`,
  );
  const months = (await surveyResults(db, system, trend)).groups.length;
  console.log(`  county monthly trend, ${months} months: Kaiku ${ms(normal.kaikuTrend)}, plain GROUP BY ${ms(naiveTrend)}, DuckDB ${ms(duckTrend)}`);
  console.log(
    `    ${(naiveTrend / normal.kaikuTrend).toFixed(1)}× faster than the GROUP BY (target ≥ 20×); ${(normal.kaikuTrend / duckTrend).toFixed(2)}× DuckDB's time`,
  );

  // A late batch touching every month (paper forms scanned, a unit's history moved in)
  const version = (await latestVersion(db, 'thl-national')).version;
  const late = 10_000;
  await db.query(
    `insert into response (survey_id, survey_version, node_id, channel, submitted_at, background, answers)
     select 'thl-national', $1, u.ids[1 + (g % u.n)], 'paper', now() - (g % 120) * interval '1 month' - interval '3 days',
            '{"ageGroup": "45-64"}', jsonb_build_object('nps', g % 11, 'encounter', 1 + g % 5)
     from generate_series(1, $2) g, (select array_agg(id) as ids, count(*)::int as n from org_node where kind = 'unit') u`,
    [version, late],
  );
  const after = await measure('after');
  console.log(`  right after ${late.toLocaleString('en')} late answers touching every month, before a refresh:`);
  console.log(
    `    division × year ${ms(after.kaikuDivision)} = ${(after.kaikuDivision / normal.kaikuDivision).toFixed(2)}× normal; trend ${ms(after.kaikuTrend)} = ${(after.kaikuTrend / normal.kaikuTrend).toFixed(2)}× normal (target ≤ 2×)`,
  );
  t = performance.now();
  const refreshed = await refreshRollup(db);
  console.log(`  refresh after the backfill: ${refreshed.answers.toLocaleString('en')} answers added in ${s(performance.now() - t)} (target ≤ 10 s)`);
  t = performance.now();
  await refreshRollup(db);
  console.log(`  a refresh with nothing new: ${ms(performance.now() - t)}`);
}
