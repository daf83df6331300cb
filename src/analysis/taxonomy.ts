import { z } from 'zod';
import type { Db } from '../shared/db.ts';
import { maybeOne, one } from '../shared/db.ts';
import { AppError } from '../shared/errors.ts';
import { defaultTaxonomy, type Topic } from './default-taxonomy.ts';
import { mainClassKeys, type MainClassKey } from './main-classes.ts';

export interface StoredTopic extends Topic {
  active: boolean;
  position: number;
}

export interface AnalysisVersion {
  id: number;
  createdAt: Date;
  createdBy: string;
  reason: string;
  provider: string;
}

const keywordList = z.array(z.string().trim().toLowerCase().min(2).max(60)).max(200);

/** What an administrator may write into a topic. */
export const topicInput = z.object({
  key: z.string().regex(/^[a-z0-9_]{1,40}$/),
  mainClass: z.enum(mainClassKeys),
  name: z.object({ fi: z.string().trim().min(1).max(120), sv: z.string().trim().min(1).max(120), en: z.string().trim().min(1).max(120) }),
  description: z.string().trim().max(1000),
  keywords: z.object({ fi: keywordList, sv: keywordList, en: keywordList }),
  active: z.boolean(),
});
export type TopicInput = z.infer<typeof topicInput>;

interface TopicRow {
  key: string;
  main_class: MainClassKey;
  name: Topic['name'];
  description: string;
  keywords: Topic['keywords'];
  active: boolean;
  position: number;
}

const toTopic = (r: TopicRow): StoredTopic => ({
  key: r.key,
  mainClass: r.main_class,
  name: r.name,
  description: r.description,
  keywords: r.keywords,
  active: r.active,
  position: r.position,
});

export async function listTopics(db: Db): Promise<StoredTopic[]> {
  const rows = await db.query<TopicRow>('select key, main_class, name, description, keywords, active, position from analysis_topic order by position, key');
  return rows.map(toTopic);
}

/** The topics the analyser uses now: the active ones. */
export async function activeTaxonomy(db: Db): Promise<Topic[]> {
  return (await listTopics(db)).filter((t) => t.active);
}

export async function currentVersion(db: Db): Promise<AnalysisVersion | undefined> {
  const r = await maybeOne<{ id: number; created_at: Date; created_by: string; reason: string; provider: string }>(
    db,
    'select id, created_at, created_by, reason, provider from analysis_version order by id desc limit 1',
  );
  return r && { id: r.id, createdAt: r.created_at, createdBy: r.created_by, reason: r.reason, provider: r.provider };
}

/**
 * A new version: from now on everything is analysed (again) under it. The history is queued by the
 * analysis job in steps (requeueHistory), so starting a version costs the same with ten texts or
 * ten million, at start-up or in a request.
 */
export async function startVersion(db: Db, actor: string, reason: string, provider: string): Promise<number> {
  const taxonomy = await activeTaxonomy(db);
  const r = await one<{ id: number }>(
    db,
    "insert into analysis_version (created_by, reason, provider, taxonomy, requeue_source) values ($1, $2, $3, $4, 'answer') returning id",
    [actor, reason, provider, JSON.stringify(taxonomy)],
  );
  return r.id;
}

/**
 * One step of queuing the history for the newest version: of the next `limit` answers, those with
 * text, then feedback, by id from where the last step stopped. A text already queued or leased gets a fresh due
 * time, so an older batch's lease cannot drop it. An older version's unfinished queuing is dropped:
 * the newer one covers everything. Returns how many it queued, or null when nothing is left to do.
 * A step holds the embedded database well under 0.1 s (5 000 texts held it half a second).
 */
export async function requeueHistory(db: Db, limit = 2_000): Promise<number | null> {
  return db.transaction(async (tx) => {
    const [v] = await tx.query<{ id: number; requeue_source: 'answer' | 'feedback'; requeue_after: string }>(
      'select id, requeue_source, requeue_after from analysis_version where requeue_source is not null order by id desc limit 1 for update skip locked',
    );
    if (!v) return null;
    await tx.query('update analysis_version set requeue_source = null where requeue_source is not null and id < $1', [v.id]);
    // the next answers (or feedback) by id, an index range whatever the statistics say; of them, those with text
    const texts =
      v.requeue_source === 'answer'
        ? `scanned as (select r.id, r.survey_id, r.survey_version, r.answers from response r where r.id > $1 order by r.id limit $2),
           a as (select s.id from scanned s join survey_version sv on sv.survey_id = s.survey_id and sv.version = s.survey_version
                 where answer_has_text(sv.definition, s.answers))`
        : 'scanned as (select f.id from feedback f where f.id > $1 order by f.id limit $2), a as (select id from scanned)';
    const [step] = await tx.query<{ last: string | null; n: number }>(
      `with ${texts},
       q as (insert into analysis_queue (source, source_id) select $3, id from a
             on conflict (source, source_id) do update set due_at = now() returning 1)
       select (select max(id) from scanned) as last, (select count(*)::int from q) as n`,
      [v.requeue_after, limit, v.requeue_source],
    );
    if (step!.last === null) {
      await tx.query("update analysis_version set requeue_source = case when requeue_source = 'answer' then 'feedback' end, requeue_after = 0 where id = $1", [
        v.id,
      ]);
    } else {
      await tx.query('update analysis_version set requeue_after = $2, queued = queued + $3 where id = $1', [v.id, step!.last, step!.n]);
    }
    return step!.n;
  });
}

/**
 * At start-up: the default taxonomy on a new database, and a new version when the configured
 * provider is not the one the current version was made with ("the model changed"). Several
 * instances starting at once make one version: the check and insert run under a lock.
 */
export async function ensureAnalysisVersion(db: Db, provider: string): Promise<AnalysisVersion> {
  await db.transaction(async (tx) => {
    await tx.query("select pg_advisory_xact_lock(hashtext('kaiku.analysis_version'))");
    const current = await currentVersion(tx);
    if (!current) {
      const exists = await tx.query('select 1 from analysis_topic limit 1');
      if (exists.length === 0) {
        for (const [i, t] of defaultTaxonomy.entries()) {
          await tx.query('insert into analysis_topic (key, name, description, keywords, position, main_class) values ($1, $2, $3, $4, $5, $6)', [
            t.key,
            JSON.stringify(t.name),
            t.description,
            JSON.stringify(t.keywords),
            (i + 1) * 10,
            t.mainClass,
          ]);
        }
      }
      await startVersion(tx, 'system', 'initial', provider);
    } else if (current.provider !== provider) {
      await startVersion(tx, 'system', 'provider', provider);
    }
  });
  return (await currentVersion(db))!;
}

/** Saves a topic (new or changed) and starts a new version, which re-analyses the history. */
export async function saveTopic(db: Db, actor: string, input: TopicInput, provider: string): Promise<number> {
  const t = topicInput.parse(input);
  return db.transaction(async (tx) => {
    await tx.query("select pg_advisory_xact_lock(hashtext('kaiku.analysis_version'))");
    await tx.query(
      `insert into analysis_topic (key, name, description, keywords, active, main_class, position)
       values ($1, $2, $3, $4, $5, $6, (select coalesce(max(position), 0) + 10 from analysis_topic))
       on conflict (key) do update set name = excluded.name, description = excluded.description,
         keywords = excluded.keywords, active = excluded.active, main_class = excluded.main_class, updated_at = now()`,
      [t.key, JSON.stringify(t.name), t.description, JSON.stringify(t.keywords), t.active, t.mainClass],
    );
    return startVersion(tx, actor, `topic:${t.key}`, provider);
  });
}

export async function getTopic(db: Db, key: string): Promise<StoredTopic> {
  const r = await maybeOne<TopicRow>(db, 'select key, main_class, name, description, keywords, active, position from analysis_topic where key = $1', [key]);
  if (!r) throw new AppError('not_found', 'No such topic');
  return toTopic(r);
}
