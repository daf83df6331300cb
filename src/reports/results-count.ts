import type { Db } from '../shared/db.ts';
import { rollupLayout, valueCondition } from './rollup-layout.ts';
import { groupingKeySql, type ResultsPlan } from './results-plan.ts';
import { addCount, type Tally } from './results-tally.ts';

/**
 * Counts from the answers themselves the stretches of the period the sums do not cover, and in the
 * stretch they cover, the answers not yet added to them (rollup_pending).
 */
export async function countFromAnswers(db: Db, plan: ResultsPlan, tally: Tally): Promise<void> {
  const { q, node, def, cte, sums } = plan;
  // One query per stretch: each is an index range scan, where OR-ed ranges would scan the table.
  const stretches = [...sums.raw.map((range) => ({ range, queued: false })), ...(sums.pending ? [{ range: sums.pending, queued: true }] : [])];
  for (const {
    range: [segFrom, segTo],
    queued,
  } of stretches) {
    const params: unknown[] = [node.id, q.survey];
    const p = (v: unknown) => `$${params.push(v)}`;
    // the queue's own survey and time pick its stretch before any answer is read
    const t = queued ? 'p' : 'r';
    const where = [`${t}.survey_id = $2`];
    if (q.version) where.push(`r.survey_version = ${p(q.version)}`);
    const local = (d: string) => `(${p(d)}::date)::timestamp at time zone 'Europe/Helsinki'`;
    if (segFrom) where.push(`${t}.submitted_at >= ${local(segFrom)}`);
    if (segTo) where.push(`${t}.submitted_at < ${local(segTo)}`);
    if (q.channel?.length) where.push(`r.channel = any(${p(q.channel)})`);
    for (const [k, v] of Object.entries(q.background)) where.push(`r.background->>${p(k)} = ${p(v)}`);
    const key = groupingKeySql(q.groupBy, "r.submitted_at at time zone 'Europe/Helsinki'", (name) => `coalesce(r.background->>${p(name)}, '(none)')`);
    const slots = rollupLayout(def);
    // Each answer is read out of the JSON once; the counting then compares plain text.
    const extracts = slots.map((s, i) => `r.answers->>${p(s.question.key)} as a${i}`);
    const counts: string[] = [];
    const order: { key: string; value: string }[] = [];
    for (const [i, s] of slots.entries()) {
      for (const v of s.values) {
        counts.push(`count(*) filter (where ${valueCondition(s.question, `x.a${i}`, v)})::int`);
        order.push({ key: s.question.key, value: v });
      }
    }
    const rows = await db.query<{ group_key: string; answers: number; counts: number[] }>(
      `${cte}
       select x.group_key, count(*)::int as answers, array[${counts.join(', ') || '0'}] as counts
       from (select ${key} as group_key${extracts.length ? `, ${extracts.join(', ')}` : ''} from ${queued ? 'rollup_pending p join response r on r.id = p.response_id' : 'response r'} join sub s on s.id = r.node_id where ${where.join(' and ')}) x
       group by 1`,
      params,
    );
    for (const row of rows) {
      const g = tally.group(row.group_key);
      g.answers += row.answers;
      for (const [i, o] of order.entries()) addCount(g, o.key, o.value, row.counts[i] ?? 0);
    }
  }
}
