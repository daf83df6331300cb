import type { Db } from '../shared/db.ts';
import { subtreeCte } from '../organisation/tree-queries.ts';

export interface SmsRequests {
  /** Survey requests sent (conversations started). */
  sent: number;
  /** Of those, answered at least in part. */
  answered: number;
  rate: number | null;
}

/**
 * SMS requests sent and answered within a subtree, by unit (node id), month (Helsinki) or all
 * together; `from`/`to` are inclusive dates on the Helsinki calendar.
 */
export async function smsRequestCounts(
  db: Db,
  q: { nodeId: number; survey: string; from?: string | undefined; to?: string | undefined; groupBy: 'unit' | 'month' | 'none' },
): Promise<Map<string, SmsRequests>> {
  const key = q.groupBy === 'unit' ? 'c.node_id::text' : q.groupBy === 'month' ? "to_char(c.started_at at time zone 'Europe/Helsinki', 'YYYY-MM')" : "'all'";
  const rows = await db.query<{ k: string; sent: number; answered: number }>(
    `${subtreeCte}
     select ${key} as k, count(*)::int as sent,
            count(*) filter (where exists (select 1 from jsonb_each(c.answers) a where a.value <> 'null'::jsonb))::int as answered
     from sms_conversation c
     where c.node_id in (select id from sub) and c.survey_id = $2
       and ($3::date is null or c.started_at >= ($3::date::timestamp at time zone 'Europe/Helsinki'))
       and ($4::date is null or c.started_at < (($4::date + 1)::timestamp at time zone 'Europe/Helsinki'))
     group by 1`,
    [q.nodeId, q.survey, q.from ?? null, q.to ?? null],
  );
  return new Map(rows.map((r) => [r.k, { sent: r.sent, answered: r.answered, rate: r.sent ? r.answered / r.sent : null }]));
}
