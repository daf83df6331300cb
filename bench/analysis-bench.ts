import { analyseBatch } from '../src/analysis/analysis-job.ts';
import { offlineProvider } from '../src/analysis/provider.ts';
import { ensureAnalysisVersion, requeueHistory } from '../src/analysis/taxonomy.ts';
import { demoCountyCsv } from '../src/organisation/demo-county.ts';
import { importOrgTree } from '../src/organisation/import-org-tree.ts';
import type { Db } from '../src/shared/db.ts';
import { latestVersion } from '../src/surveys/survey-queries.ts';
import { labelledFeedback, xedFinnish } from '../src/analysis/training-data/labelled.ts';

/**
 * 100 000 stored open answers analysed by the background job, as after a taxonomy change:
 * texts per second through the whole path (lease, read, analyse, store), with the progress an
 * administrator sees.
 */
export async function analysisJobBenchmark(db: Db, label: string, total = 100_000): Promise<void> {
  if ((await db.query("select 1 from org_node where kind = 'unit' limit 1")).length === 0) await importOrgTree(db, { csv: demoCountyCsv(), source: 'bench' });
  const texts = [...labelledFeedback().train.map((s) => s.text), ...xedFinnish().map((s) => s.text)];
  const version = (await latestVersion(db, 'thl-national')).version;
  await db.query(
    `insert into response (survey_id, survey_version, node_id, channel, submitted_at, background, answers)
     select 'thl-national', $1, u.ids[1 + (g % u.n)], 'sms', now() - (random() * interval '395 days'), '{}',
            jsonb_build_object('nps', g % 11, 'nps_open', ($3::text[])[1 + (g % array_length($3::text[], 1))] || ' (' || g || ')')
     from generate_series(1, $2) g, (select array_agg(id) as ids, count(*)::int as n from org_node where kind = 'unit') u`,
    [version, total, texts],
  );
  const startedAt = performance.now();
  await ensureAnalysisVersion(db, offlineProvider.name);
  const versionMs = performance.now() - startedAt;
  let requeued = 0;
  for (let n = await requeueHistory(db); n !== null; n = await requeueHistory(db)) requeued += n;
  console.log(
    `  ${label}: a new analysis version starts in ${versionMs.toFixed(0)} ms; the job then queues the history in steps (${requeued.toLocaleString('en')} texts in ${(performance.now() - startedAt - versionMs).toFixed(0)} ms)`,
  );
  const [{ n: queued }] = (await db.query<{ n: number }>('select count(*)::int as n from analysis_queue')) as [{ n: number }];
  const started = performance.now();
  let done = 0;
  let nextReport = 0;
  for (let n = await analyseBatch(db, offlineProvider); n > 0; n = await analyseBatch(db, offlineProvider)) {
    done += n;
    if (done >= nextReport) {
      process.stdout.write(`\r  ${label}: analysed ${done.toLocaleString('en')} / ${queued.toLocaleString('en')} (${Math.round((done / queued) * 100)} %)`);
      nextReport += queued / 10;
    }
  }
  const seconds = (performance.now() - started) / 1000;
  process.stdout.write(
    `\r  ${label}: ${done.toLocaleString('en')} stored texts analysed by the background job in ${seconds.toFixed(1)} s = ${Math.round(done / seconds)} texts/s (one process)\n`,
  );
}
