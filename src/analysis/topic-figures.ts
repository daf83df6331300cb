import type { OrgNode } from '../organisation/node.ts';
import { subtreeCte } from '../organisation/tree-queries.ts';
import type { Db } from '../shared/db.ts';
import type { Period } from '../feedback/figures.ts';
import type { Tone } from './tone.ts';
import { mainClasses, type MainClassKey } from './main-classes.ts';

export type TextSource = 'answer' | 'feedback';

export interface TopicFigure {
  key: string;
  name: string;
  count: number;
  /** Of the texts in the view. */
  share: number;
  tones: Record<Tone, number>;
}

export interface TopicFigures {
  texts: number;
  /** The shares the county wants to shrink. */
  noTopicShare: number | null;
  neutralShare: number | null;
  tones: Record<Tone, number>;
  topics: TopicFigure[];
  /** The main classes, each text counted once in a class however many of its topics it has. */
  mainClasses: TopicFigure[];
  /** Which analysis versions the figures come from, with how many texts each. */
  versions: { id: number; texts: number }[];
}

const tones: Tone[] = ['positive', 'negative', 'neutral', 'mixed'];
const toneRecord = (r: Partial<Record<Tone, number>>) => Object.fromEntries(tones.map((t) => [t, r[t] ?? 0])) as Record<Tone, number>;

/**
 * The most common topics of open answers and feedback in a node's subtree in a period (Helsinki
 * months), each with its tone split, and the shares of texts with no topic or a neutral tone.
 * Rejected and suspected spam is left out. Computed in the database.
 */
export async function topicFigures(
  db: Db,
  node: OrgNode,
  period: Period,
  lang: 'fi' | 'sv' | 'en',
  opts: { sources?: TextSource[]; limit?: number } = {},
): Promise<TopicFigures> {
  const sources = opts.sources ?? ['answer', 'feedback'];
  const params = [node.id, period.from, period.to, sources];
  const texts = `${subtreeCte},
    t as (
      select a.* from text_analysis a join sub on sub.id = a.node_id
      where a.source = any($4)
        and a.at >= (to_date($2, 'YYYY-MM')::timestamp at time zone 'Europe/Helsinki')
        and a.at < ((to_date($3, 'YYYY-MM') + interval '1 month')::timestamp at time zone 'Europe/Helsinki')
        and not exists (select 1 from feedback f where a.source = 'feedback' and f.id = a.source_id and f.status in ('suspected_spam', 'spam')))`;
  const [totals] = await db.query<{ texts: number; no_topic: number } & Record<Tone, number>>(
    `${texts} select count(*)::int as texts, count(*) filter (where jsonb_array_length(topics) = 0)::int as no_topic,
       ${tones.map((x) => `count(*) filter (where tone = '${x}')::int as ${x}`).join(', ')} from t`,
    params,
  );
  const topics = await db.query<{ key: string; count: number; name: Record<string, string> | null } & Record<Tone, number>>(
    `${texts}, counted as (
       select x ->> 'key' as key, count(*)::int as count, ${tones.map((x) => `count(*) filter (where tone = '${x}')::int as ${x}`).join(', ')}
       from t cross join jsonb_array_elements(t.topics) x group by x ->> 'key' order by count(*) desc, x ->> 'key' limit $5)
     select c.*, k.name from counted c left join analysis_topic k on k.key = c.key order by c.count desc, c.key`,
    [...params, opts.limit ?? 20],
  );
  const classes = await db.query<{ key: MainClassKey; count: number } & Record<Tone, number>>(
    `${texts}, classed as (
       select distinct t.source, t.source_id, t.question, t.tone, k.main_class
       from t cross join jsonb_array_elements(t.topics) x join analysis_topic k on k.key = x ->> 'key')
     select main_class as key, count(*)::int as count, ${tones.map((x) => `count(*) filter (where tone = '${x}')::int as ${x}`).join(', ')}
     from classed group by main_class order by count(*) desc, main_class`,
    params,
  );
  const versions = await db.query<{ id: number; texts: number }>(
    `${texts} select version_id as id, count(*)::int as texts from t group by version_id order by version_id desc`,
    params,
  );
  const n = totals?.texts ?? 0;
  return {
    texts: n,
    noTopicShare: n ? totals!.no_topic / n : null,
    neutralShare: n ? totals!.neutral / n : null,
    tones: toneRecord(totals ?? {}),
    topics: topics.map((r) => ({ key: r.key, name: r.name?.[lang] ?? r.key, count: r.count, share: n ? r.count / n : 0, tones: toneRecord(r) })),
    mainClasses: classes.map((r) => ({
      key: r.key,
      name: mainClasses.find((c) => c.key === r.key)?.name[lang] ?? r.key,
      count: r.count,
      share: n ? r.count / n : 0,
      tones: toneRecord(r),
    })),
    versions,
  };
}
