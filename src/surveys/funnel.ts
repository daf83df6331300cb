import type { Db } from '../shared/db.ts';

export type FunnelStep = 'invited' | 'opened' | 'started' | 'completed';

/** Counts one respondent's step on the day (Helsinki) it happened: a number, never who. */
export async function countFunnelStep(db: Db, at: { survey: string; nodeId: number; channel: string; when: Date }, ...steps: FunnelStep[]): Promise<void> {
  if (!steps.length) return;
  const cols = steps.join(', ');
  const ones = steps.map(() => '1').join(', ');
  const adds = steps.map((s) => `${s} = survey_funnel_day.${s} + 1`).join(', ');
  await db.query(
    `insert into survey_funnel_day (survey_id, node_id, channel, day, ${cols})
     values ($1, $2, $3, ($4::timestamptz at time zone 'Europe/Helsinki')::date, ${ones})
     on conflict (survey_id, node_id, channel, day) do update set ${adds}`,
    [at.survey, at.nodeId, at.channel, at.when],
  );
}

export interface FunnelRow {
  channel: string;
  /** SMS requests and e-mail invitations sent; null where nobody is invited one by one. */
  invited: number | null;
  /** null where a page is not opened by one person (SMS, the waiting-room tablet). */
  opened: number | null;
  started: number;
  completed: number;
}

/** A survey's funnel per channel in a subtree and period (days in Helsinki, both included). */
export async function surveyFunnel(db: Db, q: { survey: string; nodeId: number; from: string; to: string }): Promise<FunnelRow[]> {
  const subtree = `with recursive sub as (select id from org_node where id = $1 union all select n.id from org_node n join sub on n.parent_id = sub.id)`;
  const rows = await db.query<{ channel: string; invited: number; opened: number; started: number; completed: number }>(
    `${subtree}
     select channel, sum(invited)::int as invited, sum(opened)::int as opened, sum(started)::int as started, sum(completed)::int as completed
       from survey_funnel_day where survey_id = $2 and node_id in (select id from sub) and day between $3::date and $4::date
      group by channel order by channel`,
    [q.nodeId, q.survey, q.from, q.to],
  );
  const [sms] = await db.query<{ sent: number | null }>(
    `${subtree}
     select sum(sent)::int as sent from sms_request_day where survey_id = $2 and node_id in (select id from sub) and day between $3::date and $4::date`,
    [q.nodeId, q.survey, q.from, q.to],
  );
  const out: FunnelRow[] = rows.map((r) => ({
    channel: r.channel,
    // e-mail: a link mailed round by the county itself invites nobody one by one
    invited: r.channel === 'sms' ? (sms?.sent ?? 0) : r.channel === 'email' && r.invited > 0 ? r.invited : null,
    opened: r.channel === 'sms' || r.channel === 'kiosk' ? null : r.opened,
    started: r.started,
    completed: r.completed,
  }));
  if (sms?.sent && !out.some((r) => r.channel === 'sms')) out.push({ channel: 'sms', invited: sms.sent, opened: null, started: 0, completed: 0 });
  return out;
}
