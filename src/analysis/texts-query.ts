import type { OrgNode } from '../organisation/node.ts';
import { subtreeCte } from '../organisation/tree-queries.ts';
import type { Db } from '../shared/db.ts';
import type { Tone } from './tone.ts';

export interface AnalysedText {
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
  const rows = await db.query<{ at: Date; code: string; masked: string; tone: Tone; topics: { key: string }[] }>(
    `${base.replace('%s', 'a.at, n.code, a.masked, a.tone, a.topics')} order by a.at desc, a.source_id desc limit $${params.length + 1} offset $${params.length + 2}`,
    [...params, opts.limit, opts.offset],
  );
  return { total, texts: rows.map((r) => ({ at: r.at, nodeCode: r.code, masked: r.masked, tone: r.tone, topics: r.topics.map((t) => t.key) })) };
}
