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
  const key = q.groupBy === 'unit' ? 'd.node_id::text' : q.groupBy === 'month' ? "to_char(d.day, 'YYYY-MM')" : "'all'";
  // Counted per day as requests start and answers are stored: the conversations themselves are gone.
  const rows = await db.query<{ k: string; sent: number; answered: number }>(
    `${subtreeCte}
     select ${key} as k, sum(d.sent)::int as sent, sum(d.answered)::int as answered
     from sms_request_day d
     where d.node_id in (select id from sub) and d.survey_id = $2
       and ($3::date is null or d.day >= $3::date) and ($4::date is null or d.day <= $4::date)
     group by 1`,
    [q.nodeId, q.survey, q.from ?? null, q.to ?? null],
  );
  return new Map(rows.map((r) => [r.k, { sent: r.sent, answered: r.answered, rate: r.sent ? r.answered / r.sent : null }]));
}
