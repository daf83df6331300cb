import { clock } from '../shared/clock.ts';
import { canReadFeedbackFigures, feedbackFigureGrants } from '../access/permissions.ts';
import type { Principal } from '../access/roles.ts';
import { ancestry, findNodeByCode, subtreeCte } from '../organisation/tree-queries.ts';
import type { OrgNode } from '../organisation/node.ts';
import type { Db } from '../shared/db.ts';
import { AppError } from '../shared/errors.ts';
import { feedbackEffects, type FeedbackEffect } from './handle-feedback.ts';

export interface Period {
  /** First month, YYYY-MM, on the Helsinki calendar. */
  from: string;
  /** Last month, included. */
  to: string;
}

export interface HandlingFigures {
  received: number;
  handled: number;
  /** Handled by the promised deadline. */
  handledInTime: number;
  /** Of the feedback whose deadline has come (or which was handled), the share handled in time; null when there is none. */
  inTimeShare: number | null;
  /** In days, of the handled ones. */
  medianDays: number | null;
  /** Still open after the deadline, now. */
  overdueNow: number;
}

export interface FeedbackFigures {
  node: { code: string; name: string };
  period: Period;
  totals: HandlingFigures;
  byMonth: (HandlingFigures & { month: string })[];
  /** One row per child node of the chosen one (drill-down), and the node itself for feedback addressed to it directly. */
  byNode: (HandlingFigures & { code: string; name: string; kind: string; leaf: boolean })[];
  effects: { effect: FeedbackEffect; count: number }[];
}

const monthPattern = /^\d{4}-(0[1-9]|1[0-2])$/;

/** The last twelve months up to and including this one. */
export function defaultPeriod(now = clock.now()): Period {
  const helsinki = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Helsinki', year: 'numeric', month: '2-digit' }).format(now);
  const [y, m] = helsinki.split('-').map(Number) as [number, number];
  const start = new Date(Date.UTC(y, m - 1 - 11, 1));
  return { from: `${start.getUTCFullYear()}-${String(start.getUTCMonth() + 1).padStart(2, '0')}`, to: helsinki.slice(0, 7) };
}

export function parsePeriod(from: string | undefined, to: string | undefined): Period {
  const d = defaultPeriod();
  const period = { from: from || d.from, to: to || d.to };
  if (!monthPattern.test(period.from) || !monthPattern.test(period.to) || period.from > period.to) {
    throw new AppError('invalid', 'The period is two months, YYYY-MM, the first not after the last');
  }
  return period;
}

/** The node to show: the one asked for if allowed, else the highest one the person may see. */
export async function figuresNode(db: Db, actor: Principal, code: string | undefined): Promise<OrgNode> {
  if (code) {
    const node = await findNodeByCode(db, code);
    if (!node) throw new AppError('not_found', 'No such node');
    if (
      !canReadFeedbackFigures(
        actor,
        (await ancestry(db, node.id)).map((n) => n.id),
      )
    )
      throw new AppError('forbidden', 'Not allowed to see this node’s feedback');
    return node;
  }
  if (actor.kind === 'user') {
    const [grant] = feedbackFigureGrants(actor);
    if (grant) return (await ancestry(db, grant.nodeId)).at(-1)!;
  }
  throw new AppError('invalid', 'Name the node');
}

const figureColumns = `
  count(*)::int as received,
  count(*) filter (where f.status = 'handled')::int as handled,
  count(*) filter (where f.handled_at <= f.due_at)::int as handled_in_time,
  count(*) filter (where f.status = 'handled' or f.due_at <= $4)::int as due_or_handled,
  percentile_cont(0.5) within group (order by extract(epoch from f.handled_at - f.received_at) / 86400) filter (where f.status = 'handled') as median_days,
  count(*) filter (where f.status in ('new', 'in_progress') and f.due_at < $4)::int as overdue_now`;

interface FigureRow {
  received: number;
  handled: number;
  handled_in_time: number;
  due_or_handled: number;
  median_days: number | null;
  overdue_now: number;
}

const toFigures = (r: FigureRow | undefined): HandlingFigures => ({
  received: r?.received ?? 0,
  handled: r?.handled ?? 0,
  handledInTime: r?.handled_in_time ?? 0,
  inTimeShare: r && r.due_or_handled > 0 ? r.handled_in_time / r.due_or_handled : null,
  medianDays: r?.median_days === null || r?.median_days === undefined ? null : Math.round(Number(r.median_days) * 10) / 10,
  overdueNow: r?.overdue_now ?? 0,
});

/**
 * Feedback received in the period within a node's subtree (suspected and rejected spam left out),
 * by month on the Helsinki calendar and by the node's children. Computed in the database.
 */
export async function feedbackFigures(db: Db, node: OrgNode, period: Period, lang: 'fi' | 'sv' | 'en', now = clock.now()): Promise<FeedbackFigures> {
  const params = [node.id, period.from, period.to, now];
  const base = `with recursive sub as (
      select id, id as top from org_node where id = $1
      union all select c.id, case when sub.id = $1 then c.id else sub.top end from org_node c join sub on c.parent_id = sub.id),
    f as (
      select f.*, sub.top, to_char(f.received_at at time zone 'Europe/Helsinki', 'YYYY-MM') as month
      from feedback f join sub on sub.id = f.target_node_id
      where f.status not in ('suspected_spam', 'spam')
        and f.received_at >= (to_date($2, 'YYYY-MM')::timestamp at time zone 'Europe/Helsinki')
        and f.received_at < ((to_date($3, 'YYYY-MM') + interval '1 month')::timestamp at time zone 'Europe/Helsinki'))`;
  const [totals] = await db.query<FigureRow>(`${base} select ${figureColumns} from f`, params);
  // Overdue is about now, whenever the feedback came.
  const [overdue] = await db.query<{ n: number }>(
    `${subtreeCte}
     select count(*)::int as n from feedback f join sub on sub.id = f.target_node_id where f.status in ('new', 'in_progress') and f.due_at < $2`,
    [node.id, now],
  );
  const months = await db.query<FigureRow & { month: string }>(`${base} select f.month, ${figureColumns} from f group by f.month`, params);
  const nodes = await db.query<FigureRow & { code: string; name_fi: string; name_sv: string | null; name_en: string | null; kind: string; leaf: boolean }>(
    `${base} select n.code, n.name_fi, n.name_sv, n.name_en, n.kind, not exists (select 1 from org_node c where c.parent_id = n.id) as leaf, ${figureColumns}
     from f join org_node n on n.id = f.top group by n.id order by count(*) desc, n.name_fi`,
    params,
  );
  const effects = await db.query<{ effect: FeedbackEffect; count: number }>(
    `${base} select e as effect, count(*)::int as count from f, unnest(f.effects) as e group by e`,
    params.slice(0, 3),
  );
  const name = (n: { name_fi: string; name_sv: string | null; name_en: string | null }) =>
    (lang === 'sv' ? n.name_sv : lang === 'en' ? n.name_en : null) ?? n.name_fi;
  const byMonth: FeedbackFigures['byMonth'] = [];
  for (let m = period.from; m <= period.to; m = nextMonth(m)) byMonth.push({ month: m, ...toFigures(months.find((r) => r.month === m)) });
  return {
    node: { code: node.code, name: name(node) },
    period,
    totals: { ...toFigures(totals), overdueNow: overdue?.n ?? 0 },
    byMonth,
    byNode: nodes.map((n) => ({ code: n.code, name: name(n), kind: n.kind, leaf: n.leaf, ...toFigures(n) })),
    effects: feedbackEffects.map((e) => ({ effect: e, count: effects.find((r) => r.effect === e)?.count ?? 0 })),
  };
}

export function nextMonth(m: string): string {
  const [y, mm] = m.split('-').map(Number) as [number, number];
  return mm === 12 ? `${y + 1}-01` : `${y}-${String(mm + 1).padStart(2, '0')}`;
}
