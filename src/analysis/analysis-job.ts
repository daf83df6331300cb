import type { Db } from '../shared/db.ts';
import { applyCorrections } from './corrections.ts';
import type { AnalysisProvider } from './provider.ts';
import { activeTaxonomy, currentVersion, requeueHistory } from './taxonomy.ts';

interface QueuedText {
  source: 'answer' | 'feedback';
  source_id: number;
  question: string;
  node_id: number;
  at: Date;
  text: string;
}

const leaseMinutes = 5;

/** Takes due texts for a while ("for update skip locked": two instances never take the same). */
async function lease(db: Db, limit: number): Promise<{ until: Date; items: { source: string; source_id: number }[] }> {
  return db.transaction(async (tx) => {
    const [{ until }] = (await tx.query<{ until: Date }>(`select now() + make_interval(mins => $1) as until`, [leaseMinutes])) as [{ until: Date }];
    const items = await tx.query<{ source: string; source_id: number }>(
      `update analysis_queue q set due_at = $2
       where (q.source, q.source_id) in (select source, source_id from analysis_queue where due_at <= now() order by due_at limit $1 for update skip locked)
       returning q.source, q.source_id`,
      [limit, until],
    );
    return { until, items };
  });
}

/** The texts behind leased queue rows: each open answer of a response, or a feedback's text. */
async function textsOf(db: Db, items: { source: string; source_id: number }[]): Promise<QueuedText[]> {
  const answers = items.filter((i) => i.source === 'answer').map((i) => i.source_id);
  const feedback = items.filter((i) => i.source === 'feedback').map((i) => i.source_id);
  const rows: QueuedText[] = [];
  if (answers.length) {
    rows.push(
      ...(await db.query<QueuedText>(
        `select 'answer' as source, r.id as source_id, q ->> 'key' as question, r.node_id, r.submitted_at as at, r.answers ->> (q ->> 'key') as text
       from response r
       join survey_version sv on sv.survey_id = r.survey_id and sv.version = r.survey_version
       cross join jsonb_array_elements(sv.definition -> 'questions') q
       where r.id = any($1) and q ->> 'type' = 'open' and length(trim(coalesce(r.answers ->> (q ->> 'key'), ''))) > 0`,
        [answers],
      )),
    );
  }
  if (feedback.length) {
    rows.push(
      ...(await db.query<QueuedText>(
        `select 'feedback' as source, id as source_id, '' as question, target_node_id as node_id, received_at as at, text from feedback where id = any($1)`,
        [feedback],
      )),
    );
  }
  return rows;
}

/**
 * One step of the analysis job: leases a batch, analyses it outside any transaction (a remote
 * provider may take seconds; PGlite has one connection), then stores the results and clears
 * the queue rows in one transaction. A row re-queued meanwhile (a new version) has a new due
 * time and stays. Returns how many queue rows were done.
 */
export async function analyseBatch(db: Db, provider: AnalysisProvider): Promise<number> {
  const version = await currentVersion(db);
  if (!version) return 0;
  const { until, items } = await lease(db, provider.batchSize);
  if (items.length === 0) return 0;
  const texts = await textsOf(db, items);
  const results = await provider.analyse(
    texts.map((t) => t.text),
    await activeTaxonomy(db),
  );
  await db.transaction(async (tx) => {
    if (texts.length) {
      await tx.query(
        `insert into text_analysis (source, source_id, question, node_id, at, version_id, provider, language, tone, tone_confidence, topics, masked)
         select * from unnest($1::text[], $2::bigint[], $3::text[], $4::int[], $5::timestamptz[], $6::int[], $7::text[], $8::text[], $9::text[], $10::real[], $11::jsonb[], $12::text[])
         on conflict (source, source_id, question) do update set node_id = excluded.node_id, at = excluded.at, version_id = excluded.version_id,
           provider = excluded.provider, language = excluded.language, tone = excluded.tone, tone_confidence = excluded.tone_confidence,
           topics = excluded.topics, masked = excluded.masked, analysed_at = now()`,
        [
          texts.map((t) => t.source),
          texts.map((t) => t.source_id),
          texts.map((t) => t.question),
          texts.map((t) => t.node_id),
          texts.map((t) => t.at),
          texts.map(() => version.id),
          results.map((r) => r.provider),
          results.map((r) => r.language),
          results.map((r) => r.tone),
          results.map((r) => r.toneConfidence),
          results.map((r) => JSON.stringify(r.topics.map((x) => ({ key: x.key, confidence: x.confidence })))),
          results.map((r) => r.masked),
        ],
      );
    }
    // a person's correction outlives every re-analysis
    if (texts.length)
      await applyCorrections(
        tx,
        texts.map((t) => t.source),
        texts.map((t) => t.source_id),
      );
    await tx.query(
      `delete from analysis_queue q using unnest($1::text[], $2::bigint[]) as d(source, source_id)
       where q.source = d.source and q.source_id = d.source_id and q.due_at = $3`,
      [items.map((i) => i.source), items.map((i) => i.source_id), until],
    );
  });
  return items.length;
}

/**
 * Batches until the queue is empty or `budgetMs` has passed, so one job run stays short. A new
 * version's history is queued first, a step at a time within the same budget.
 */
export async function analysePending(db: Db, provider: AnalysisProvider, budgetMs = 5_000): Promise<number> {
  const started = Date.now();
  while ((await requeueHistory(db)) !== null && Date.now() - started < budgetMs / 2);
  let done = 0;
  for (;;) {
    const n = await analyseBatch(db, provider);
    done += n;
    if (n === 0 || Date.now() - started > budgetMs) return done;
  }
}

export interface AnalysisProgress {
  versionId: number;
  /** Texts still waiting, and those queued for the version so far. */
  waiting: number;
  queuedAtStart: number;
  /** The version's history is still being queued (queuedAtStart grows). */
  preparing: boolean;
  /** Of the stored analyses, how many are from the current version. */
  current: number;
  total: number;
}

export async function analysisProgress(db: Db): Promise<AnalysisProgress | undefined> {
  const version = await currentVersion(db);
  if (!version) return undefined;
  const [r] = await db.query<{ waiting: number; queued: number; preparing: boolean; current: number; total: number }>(
    `select (select count(*)::int from analysis_queue) as waiting,
            (select queued from analysis_version where id = $1) as queued,
            (select requeue_source is not null from analysis_version where id = $1) as preparing,
            (select count(*)::int from text_analysis where version_id = $1) as current,
            (select count(*)::int from text_analysis) as total`,
    [version.id],
  );
  return { versionId: version.id, waiting: r!.waiting, queuedAtStart: r!.queued, preparing: r!.preparing, current: r!.current, total: r!.total };
}

export interface VersionRow {
  id: number;
  created_at: Date;
  created_by: string;
  reason: string;
  provider: string;
  queued: number;
}

/** The last ten analysis versions, newest first: why each began and how many texts it queued. */
export async function recentVersions(db: Db): Promise<VersionRow[]> {
  return db.query<VersionRow>('select id, created_at, created_by, reason, provider, queued from analysis_version order by id desc limit 10');
}
