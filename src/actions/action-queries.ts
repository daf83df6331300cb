import { type Db, maybeOne } from '../shared/db.ts';
import { subtreeCte } from '../organisation/tree-queries.ts';
import type { Lang } from '../shared/i18n/index.ts';
import type { ActionOutcome, ActionStatus } from './action-input.ts';

export interface Person {
  id: number;
  display_name: string;
}

/**
 * Who may own an action at a node: active staff with a role at the node, above it or below it,
 * the people who would carry the change out or answer for it, among those who work with feedback
 * and results (a professional has no view of actions to follow one on).
 */
export async function eligibleOwners(db: Db, nodeId: number): Promise<Person[]> {
  return db.query<Person>(
    `${subtreeCte},
     up as (select id, parent_id from org_node where id = $1 union all select p.id, p.parent_id from org_node p join up on p.id = up.parent_id)
     select distinct u.id, u.display_name from staff_user u join role_assignment r on r.user_id = u.id
     where u.active and r.role in ('admin', 'manager', 'handler', 'analyst') and (r.node_id in (select id from sub) or r.node_id in (select id from up))
     order by u.display_name limit 500`,
    [nodeId],
  );
}

export interface ActionRow {
  id: number;
  title: string;
  node_code: string;
  node_name: string;
  owner_name: string | null;
  status: ActionStatus;
  outcome: ActionOutcome | null;
  due_on: string;
  follow_up_on: string;
  done_at: Date | null;
  feedback_count: number;
  result_subject: string | null;
  /** Not finished and past its date (Helsinki). */
  late: boolean;
  /** Finished, not yet followed up, and its follow-up date has come. */
  follow_up_due: boolean;
}

const nameIn = (lang: Lang) => (lang === 'sv' ? 'coalesce(n.name_sv, n.name_fi)' : lang === 'en' ? 'coalesce(n.name_en, n.name_fi)' : 'n.name_fi');

/**
 * A node's actions and those of every node below it: open ones first by their date, then the
 * finished ones, latest first. `today` is the Helsinki date that decides what is late.
 */
export async function actionsUnder(
  db: Db,
  nodeId: number,
  lang: Lang,
  today: string,
  show: 'open' | 'finished' | 'all' = 'all',
  /** Only those finished within these days (Helsinki), first and last included. */
  finishedWithin?: { from: string; to: string },
): Promise<ActionRow[]> {
  const which = show === 'open' ? "and a.status in ('planned', 'in_progress')" : show === 'finished' ? "and a.status in ('done', 'did_not_help')" : '';
  const within = finishedWithin
    ? "and a.done_at >= $3::date::timestamp at time zone 'Europe/Helsinki' and a.done_at < ($4::date + 1)::timestamp at time zone 'Europe/Helsinki'"
    : '';
  return db.query<ActionRow>(
    `${subtreeCte}
     select a.id, a.title, n.code as node_code, ${nameIn(lang)} as node_name, u.display_name as owner_name, a.status, a.outcome,
            to_char(a.due_on, 'YYYY-MM-DD') as due_on, to_char(a.follow_up_on, 'YYYY-MM-DD') as follow_up_on, a.done_at,
            (select count(*)::int from improvement_action_feedback l where l.action_id = a.id) as feedback_count, a.result_subject,
            a.status in ('planned', 'in_progress') and a.due_on < $2::date as late,
            a.status in ('done', 'did_not_help') and a.outcome is null and a.follow_up_on <= $2::date as follow_up_due
     from improvement_action a join sub on sub.id = a.node_id join org_node n on n.id = a.node_id left join staff_user u on u.id = a.owner_id
     where true ${which} ${within}
     order by a.status in ('done', 'did_not_help'), case when a.status in ('planned', 'in_progress') then a.due_on end, a.done_at desc, a.id desc
     limit 500`,
    finishedWithin ? [nodeId, today, finishedWithin.from, finishedWithin.to] : [nodeId, today],
  );
}

export interface ActionDetail {
  id: number;
  node_id: number;
  node_code: string;
  title: string;
  finding: string;
  plan: string;
  owner_id: number | null;
  owner_name: string | null;
  due_on: string;
  follow_up_on: string;
  status: ActionStatus;
  outcome: ActionOutcome | null;
  outcome_note: string | null;
  public_summary: string | null;
  result_survey: string | null;
  result_subject: string | null;
  created_by_name: string | null;
  created_at: Date;
  done_at: Date | null;
  followed_up_at: Date | null;
  feedback: { id: number; reference: string; status: string; target_name: string }[];
  events: { at: Date; actor: string; kind: string; detail: Record<string, unknown> }[];
}

/** One action with the feedback it came from (references only, never the text) and its history. */
export async function readAction(db: Db, id: number): Promise<ActionDetail | undefined> {
  const a = await maybeOne<Omit<ActionDetail, 'feedback' | 'events'>>(
    db,
    `select a.id, a.node_id, n.code as node_code, a.title, a.finding, a.plan, a.owner_id, o.display_name as owner_name,
            to_char(a.due_on, 'YYYY-MM-DD') as due_on, to_char(a.follow_up_on, 'YYYY-MM-DD') as follow_up_on, a.status, a.outcome,
            a.outcome_note, a.public_summary, a.result_survey, a.result_subject, c.display_name as created_by_name, a.created_at, a.done_at, a.followed_up_at
     from improvement_action a join org_node n on n.id = a.node_id
     left join staff_user o on o.id = a.owner_id left join staff_user c on c.id = a.created_by
     where a.id = $1`,
    [id],
  );
  if (!a) return undefined;
  const feedback = await db.query<ActionDetail['feedback'][number]>(
    `select f.id, f.reference, f.status, n.name_fi as target_name
     from improvement_action_feedback l join feedback f on f.id = l.feedback_id join org_node n on n.id = f.target_node_id
     where l.action_id = $1 order by f.received_at`,
    [id],
  );
  const events = await db.query<ActionDetail['events'][number]>(
    'select at, actor, kind, detail from improvement_action_event where action_id = $1 order by at, id',
    [id],
  );
  return { ...a, feedback, events };
}

/** The actions a feedback is part of, for its handling page. */
export async function actionsOfFeedback(db: Db, feedbackId: number): Promise<{ id: number; title: string; status: ActionStatus }[]> {
  return db.query(
    'select a.id, a.title, a.status from improvement_action_feedback l join improvement_action a on a.id = l.action_id where l.feedback_id = $1 order by a.id',
    [feedbackId],
  );
}

export interface ActionFigures {
  open: number;
  late: number;
  /** Finished within the period. */
  finished: number;
  resolved: number;
  cameBack: number;
}

/** Counts for a node's subtree: open and late now, finished in a period (first and last day, Helsinki) and how the follow-ups went. */
export async function actionFigures(db: Db, nodeId: number, today: string, from: string, to: string): Promise<ActionFigures> {
  const [r] = await db.query<ActionFigures>(
    `${subtreeCte}
     select count(*) filter (where a.status in ('planned', 'in_progress'))::int as open,
            count(*) filter (where a.status in ('planned', 'in_progress') and a.due_on < $2::date)::int as late,
            count(*) filter (where a.done_at >= p.start and a.done_at < p.stop)::int as finished,
            count(*) filter (where a.outcome = 'resolved' and a.followed_up_at >= p.start and a.followed_up_at < p.stop)::int as resolved,
            count(*) filter (where a.outcome = 'came_back' and a.followed_up_at >= p.start and a.followed_up_at < p.stop)::int as "cameBack"
     from improvement_action a join sub on sub.id = a.node_id,
          (select $3::date::timestamp at time zone 'Europe/Helsinki' as start, ($4::date + 1)::timestamp at time zone 'Europe/Helsinki' as stop) p`,
    [nodeId, today, from, to],
  );
  return r!;
}
