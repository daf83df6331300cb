import { importOrgTree } from '../src/organisation/import-org-tree.ts';
import { refreshRollup } from '../src/reports/refresh-rollup.ts';
import type { Db } from '../src/shared/db.ts';
import { largeCountyCsv } from './large-county.ts';
import { fill } from './surveys-bench.ts';

/**
 * What the answers and their sums take on disk (docs/SCALE.md): `total` answers over 13 months and
 * 330 units, summed from nothing, then a refresh with nothing new; each table's size with its
 * indexes, per answer.
 */
export async function sizesBenchmark(db: Db, schema: string, total: number) {
  await importOrgTree(db, { csv: largeCountyCsv(330), source: 'bench' });
  await fill(db, total);
  let t = performance.now();
  const slices = await refreshRollup(db);
  console.log(`  sums from nothing: ${slices} day and month slices in ${((performance.now() - t) / 1000).toFixed(1)} s`);
  t = performance.now();
  const again = await refreshRollup(db);
  console.log(`  a refresh with nothing new: ${again} slices in ${(performance.now() - t).toFixed(1)} ms`);
  const rows = await db.query<{ rel: string; bytes: string }>(
    `select c.relname as rel, pg_total_relation_size(c.oid)::text as bytes from pg_class c join pg_namespace n on n.oid = c.relnamespace
     where n.nspname = $1 and c.relkind in ('r', 'p') and (c.relname = 'response' or c.relname like 'response_rollup%' or c.relname = 'rollup_pending')
     order by 2 desc`,
    [schema],
  );
  for (const r of rows)
    console.log(
      `  ${r.rel.padEnd(24)} ${(Number(r.bytes) / 1e6).toFixed(1).padStart(8)} MB  ${(Number(r.bytes) / total).toFixed(0).padStart(5)} bytes an answer`,
    );
}
