import type { OrgNode } from '../organisation/node.ts';
import { subtreeCte } from '../organisation/tree-queries.ts';
import type { Db } from '../shared/db.ts';
import type { Tone } from './tone.ts';

export interface AnalysedText {
  source: 'answer' | 'feedback';
  sourceId: number;
  question: string;
  /** A person corrected its tone or topics. */
  corrected: boolean;
  at: Date;
  nodeCode: string;
  masked: string;
  tone: Tone;
  topics: string[];
}

/**
 * Open answers (or free-form feedback) of a subtree between two dates (Helsinki calendar), masked,
 * newest first, with their tone and topics; filtered by a topic and a tone. Only the masked text
 * leaves here.
 */
export async function analysedTexts(
  db: Db,
  node: OrgNode,
  from: string,
  to: string,
  opts: { topic?: string | undefined; tone?: Tone | undefined; limit: number; offset: number; source?: 'answer' | 'feedback' },
): Promise<{ total: number; texts: AnalysedText[] }> {
  const params: unknown[] = [node.id, from, to, opts.source ?? 'answer'];
  const where = [
    'a.source = $4',
    `a.at >= ($2::date)::timestamp at time zone 'Europe/Helsinki'`,
    `a.at < ($3::date + 1)::timestamp at time zone 'Europe/Helsinki'`,
  ];
  if (opts.topic) where.push(`a.topics @> jsonb_build_array(jsonb_build_object('key', $${params.push(opts.topic)}::text))`);
  if (opts.tone) where.push(`a.tone = $${params.push(opts.tone)}`);
  const base = `${subtreeCte} select %s from text_analysis a join sub on sub.id = a.node_id join org_node n on n.id = a.node_id where ${where.join(' and ')}`;
  const [{ total }] = (await db.query<{ total: number }>(base.replace('%s', 'count(*)::int as total'), params)) as [{ total: number }];
  const rows = await db.query<{
    source: 'answer' | 'feedback';
    source_id: string;
    question: string;
    corrected: boolean;
    at: Date;
    code: string;
    masked: string;
    tone: Tone;
    topics: { key: string }[];
  }>(
    `${base.replace(
      '%s',
      `a.source, a.source_id, a.question, exists (select 1 from analysis_correction c where c.source = a.source and c.source_id = a.source_id and c.question = a.question) as corrected,
       a.at, n.code, a.masked, a.tone, a.topics`,
    )} order by a.at desc, a.source_id desc limit $${params.length + 1} offset $${params.length + 2}`,
    [...params, opts.limit, opts.offset],
  );
  return {
    total,
    texts: rows.map((r) => ({
      source: r.source,
      sourceId: Number(r.source_id),
      question: r.question,
      corrected: r.corrected,
      at: r.at,
      nodeCode: r.code,
      masked: r.masked,
      tone: r.tone,
      topics: r.topics.map((t) => t.key),
    })),
  };
}
