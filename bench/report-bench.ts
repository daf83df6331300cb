import { demoCountyCsv } from '../src/organisation/demo-county.ts';
import { importOrgTree } from '../src/organisation/import-org-tree.ts';
import type { OrgNode } from '../src/organisation/node.ts';
import { monthlyReport } from '../src/reports/monthly-report.ts';
import { refreshRollup } from '../src/reports/refresh-rollup.ts';
import { monthlyReportPdf } from '../src/reports/report-pdf.ts';
import type { Db } from '../src/shared/db.ts';
import { fill } from './surveys-bench.ts';

const system = { kind: 'system', name: 'bench' } as const;

/** Every node of the demo county gets its monthly report (model and PDF), one after another. */
export async function reportBenchmark(db: Db, label: string, answers = 1_000_000): Promise<void> {
  await importOrgTree(db, { csv: demoCountyCsv(), source: 'bench' });
  await fill(db, answers);
  await refreshRollup(db);
  const nodes = await db.query<OrgNode>('select * from org_node where active order by id');
  const now = new Date();
  const month = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, 1)).toISOString().slice(0, 7);
  const started = performance.now();
  let bytes = 0;
  for (const [i, node] of nodes.entries()) {
    const pdf = await monthlyReportPdf(await monthlyReport(db, system, node, month, 'fi'));
    bytes += pdf.length;
    if ((i + 1) % 50 === 0) process.stdout.write(`\r  ${label}: ${i + 1} / ${nodes.length} reports`);
  }
  const seconds = (performance.now() - started) / 1000;
  process.stdout.write(
    `\r  ${label}: monthly reports for all ${nodes.length} nodes at ${answers.toLocaleString('en')} answers in ${seconds.toFixed(1)} s (${Math.round((seconds * 1000) / nodes.length)} ms each, ${Math.round(bytes / nodes.length / 1024)} kB per PDF; target < 120 s)\n`,
  );
}
