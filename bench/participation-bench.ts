import { demoCountyCsv } from '../src/organisation/demo-county.ts';
import { importOrgTree } from '../src/organisation/import-org-tree.ts';
import { getNodeByCode } from '../src/organisation/tree-queries.ts';
import { sendPoolRound } from '../src/participation/pool-rounds.ts';
import { journeyView } from '../src/reports/journey.ts';
import { presetPeriod } from '../src/reports/period-presets.ts';
import { refreshRollup } from '../src/reports/refresh-rollup.ts';
import type { Db } from '../src/shared/db.ts';
import { fill } from './surveys-bench.ts';

const system = { kind: 'system', name: 'bench' } as const;
const ms = (x: number) => `${Math.round(x)} ms`;

/** Sending a pool survey to a large pool: one-time links, shuffled hashes and one message each, in one transaction. */
export async function poolRoundBenchmark(db: Db, label: string, members: number): Promise<void> {
  await importOrgTree(db, { csv: demoCountyCsv(), source: 'bench' });
  await db.query(
    `insert into pool_member (email, language, consent_text, confirmed_at, confirm_hash, leave_token)
     select 'member' || g || '@bench.invalid', 'fi', 'bench', now(), md5('c' || g), md5('l' || g) from generate_series(1, $1) g`,
    [members],
  );
  const t = performance.now();
  const { invited } = await sendPoolRound(db, 'bench', { surveyId: 'thl-national', title: 'Bench' }, 'https://kaiku.invalid');
  const took = performance.now() - t;
  console.log(
    `  ${label}: a pool survey to ${invited.toLocaleString('en')} members queued in ${ms(took)} (${Math.round(invited / (took / 1000)).toLocaleString('en')} invitations/s)`,
  );
}

/** The journey view of the county and of one division over 12 months. */
export async function journeyBenchmark(db: Db, label: string, answers: number): Promise<void> {
  await importOrgTree(db, { csv: demoCountyCsv(), source: 'bench' });
  await fill(db, answers);
  await refreshRollup(db);
  const period = presetPeriod('rolling-12');
  for (const code of ['DEMO', 'TER']) {
    const node = await getNodeByCode(db, code);
    const times: number[] = [];
    for (let i = 0; i < 5; i++) {
      const t = performance.now();
      await journeyView(db, system, node, period, { survey: 'thl-national', background: {} }, 'fi');
      times.push(performance.now() - t);
    }
    console.log(
      `  ${label}: journey view of ${code} at ${answers.toLocaleString('en')} answers, rolling 12 months: first ${ms(times[0]!)}, then median ${ms(times.slice(1).sort((a, b) => a - b)[2]!)}`,
    );
  }
}
