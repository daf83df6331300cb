import { getNodeByCode } from '../src/organisation/tree-queries.ts';
import { presetPeriod } from '../src/reports/period-presets.ts';
import { portalView, type PortalFilters } from '../src/reports/portal.ts';
import { refreshRollup } from '../src/reports/refresh-rollup.ts';
import type { Db } from '../src/shared/db.ts';
import { latestVersion } from '../src/surveys/survey-queries.ts';

const system = { kind: 'system', name: 'bench' } as const;
const ms = (n: number) => `${n.toFixed(0)} ms`;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/**
 * The portal's server time at this many stored answers: the landing view of a division and five
 * typical filter changes (each the whole view: NPS, trend, statements, level below, siblings,
 * county, first contact, feedback and topics); then the rollup's cost per 1 000 new answers.
 */
export async function portalBenchmark(db: Db, label: string, total: number): Promise<void> {
  const [area] = await db.query<{ code: string }>(
    "select code from org_node where kind = 'result_area' and parent_id = (select id from org_node where code = 'D1') order by code limit 1",
  );
  const [unit] = await db.query<{ code: string }>(
    "select n.code from org_node n join org_node p on p.id = n.parent_id where p.code = $1 and n.kind = 'unit' order by n.code limit 1",
    [area!.code],
  );
  const base: PortalFilters = { survey: 'thl-national', background: {} };
  const month = presetPeriod('last-month');
  const views: [string, string, ReturnType<typeof presetPeriod>, PortalFilters][] = [
    ['landing: division, last month', 'D1', month, base],
    ['period: rolling 12 months', 'D1', presetPeriod('rolling-12'), base],
    ['channel: sms', 'D1', month, { ...base, channel: ['sms'] }],
    ['background filter: age 45-64', 'D1', month, { ...base, background: { ageGroup: '45-64' } }],
    ['compare by age group', 'D1', month, { ...base, compareBy: 'ageGroup' }],
    ['drill down: result area', area!.code, month, base],
    ['drill down: unit', unit!.code, month, base],
  ];
  console.log(`  ${label}, portal views at ${total.toLocaleString('en')} stored answers (server time, median of 3):`);
  for (const [name, code, period, filters] of views) {
    const node = await getNodeByCode(db, code);
    const times: number[] = [];
    for (let i = 0; i < 3; i++) {
      const t = performance.now();
      await portalView(db, system, node, period, filters, 'fi');
      times.push(performance.now() - t);
    }
    console.log(`    ${name.padEnd(34)} ${ms(median(times)).padStart(8)}  (first ${ms(times[0]!)})`);
  }
  // New answers for yesterday (late SMS replies, a paper batch), then the refresh that adds them
  const version = (await latestVersion(db, 'thl-national')).version;
  const n = 10_000;
  await refreshRollup(db);
  await db.query(
    `insert into response (survey_id, survey_version, node_id, channel, submitted_at, background, answers)
     select 'thl-national', $1, u.ids[1 + (g % u.n)], 'sms', now() - interval '1 day', '{}',
            jsonb_build_object('nps', g % 11, 'encounter', 1 + g % 5, 'nps_open', null)
     from generate_series(1, $2) g, (select array_agg(id) as ids, count(*)::int as n from org_node where kind = 'unit') u`,
    [version, n],
  );
  const t = performance.now();
  await refreshRollup(db);
  const cost = performance.now() - t;
  console.log(
    `    rollup refresh after ${n.toLocaleString('en')} new answers for yesterday: ${ms(cost)} = ${(cost / (n / 1000)).toFixed(1)} ms per 1 000 answers (each added to its day and month)`,
  );
}

/** The first view a manager gets on the demo county (embedded database), through HTTP. */
export async function demoFirstView(): Promise<void> {
  const { openPglite } = await import('../src/shared/db.ts');
  const { prepareDatabase } = await import('../src/prepare-database.ts');
  const { seedDemoIfEmpty } = await import('../src/organisation/seed-demo.ts');
  const { testApp, Client } = await import('../test/helpers/http.ts');
  const db = await openPglite(undefined);
  await prepareDatabase(db);
  await seedDemoIfEmpty(db, { feedback: true });
  await refreshRollup(db);
  const { app } = await testApp(db);
  const manager = new Client(app);
  await manager.signIn('manager', 'demo');
  const times: number[] = [];
  for (const path of ['/portal', '/portal', '/portal?node=TER-VAS', '/portal?node=TER&period=rolling-12', '/portal?node=TER&compare=ageGroup']) {
    const t = performance.now();
    const res = await manager.get(path);
    times.push(performance.now() - t);
    if (res.statusCode !== 200) throw new Error(`${path}: ${res.statusCode}`);
  }
  console.log(
    `  PGlite, demo county: first view ${ms(times[0]!)}, again ${ms(times[1]!)}; a result area ${ms(times[2]!)}; rolling 12 months ${ms(times[3]!)}; by age group ${ms(times[4]!)} (target: first view < 1 000 ms)`,
  );
  await app.close();
  await db.close();
}
