import { clock } from '../shared/clock.ts';
import { canReadFeedback } from '../access/permissions.ts';
import type { Principal } from '../access/roles.ts';
import { audit } from '../access/audit.ts';
import { type Db, maybeOne } from '../shared/db.ts';
import { AppError } from '../shared/errors.ts';
import { ancestry } from '../organisation/tree-queries.ts';
import { responsibleFor } from './handlers.ts';
import { mask } from '../analysis/mask.ts';

export interface InboxRow {
  id: number;
  reference: string;
  status: string;
  received_at: Date;
  due_at: Date;
  handled_at: Date | null;
  overdue: boolean;
  target_name: string;
  wants_reply: boolean;
  accessibility: boolean;
  /** The start of the text with personal data masked, so a list shows what a feedback is about without being a read of it. */
  preview: string;
}

export interface InboxFilter {
  /** Open feedback (overdue first, then by deadline) or handled feedback (latest first). */
  show: 'open' | 'handled';
  /** Part of the reference, the target's name or the text. */
  q?: string;
  overdueOnly?: boolean;
  wantsReplyOnly?: boolean;
}

export interface Inbox {
  rows: InboxRow[];
  /** How many open and handled feedbacks the person's scope holds, before the search and the tick boxes. */
  counts: { open: number; handled: number; overdue: number };
}

const previewLength = 160;

/** The nodes whose feedback a staff member ($1) handles or oversees: under their handler, manager and administrator grants. */
export const inboxScope = `with recursive scope as (
       select node_id as id from role_assignment where user_id = $1 and role in ('handler', 'manager', 'admin')
       union select c.id from org_node c join scope on c.parent_id = scope.id)`;

/** Feedback within the person's handler, manager or administrator scope, as one tab of the inbox with its filters. */
export async function inbox(db: Db, actor: Principal, filter: InboxFilter = { show: 'open' }): Promise<Inbox> {
  if (actor.kind !== 'user') throw new AppError('forbidden', 'Staff only');
  const now = clock.now();
  const q = filter.q?.trim().slice(0, 200) ?? '';
  const rows = await db.query<Omit<InboxRow, 'preview'> & { head: string }>(
    `${inboxScope}
     select f.id, f.reference, f.status, f.received_at, f.due_at, f.handled_at, f.due_at < $2 and f.status <> 'handled' as overdue,
            n.name_fi as target_name, f.wants_reply, f.accessibility, left(f.text, ${previewLength * 2}) as head
     from feedback f join org_node n on n.id = f.target_node_id
     where f.target_node_id in (select id from scope)
       and ${filter.show === 'handled' ? "f.status = 'handled'" : "f.status in ('new', 'in_progress')"}
       and ($3 = '' or f.reference ilike '%' || $3 || '%' or n.name_fi ilike '%' || $3 || '%' or f.text ilike '%' || $3 || '%')
       and (not $4 or f.due_at < $2) and (not $5 or f.wants_reply)
     order by ${filter.show === 'handled' ? 'f.handled_at desc' : '(f.due_at < $2) desc, f.due_at'}, f.id
     limit 500`,
    [actor.userId, now, q.replace(/[\\%_]/g, '\\$&'), filter.overdueOnly === true && filter.show === 'open', filter.wantsReplyOnly === true],
  );
  const [counts] = await db.query<Inbox['counts']>(
    `${inboxScope}
     select count(*) filter (where status in ('new', 'in_progress'))::int as open, count(*) filter (where status = 'handled')::int as handled,
            count(*) filter (where status in ('new', 'in_progress') and due_at < $2)::int as overdue
     from feedback where target_node_id in (select id from scope)`,
    [actor.userId, now],
  );
  return {
    rows: rows.map(({ head, ...r }) => ({ ...r, preview: shorten(mask(head).text, previewLength) })),
    counts: counts ?? { open: 0, handled: 0, overdue: 0 },
  };
}

/** At most n characters, cut at a word and marked with an ellipsis when cut. */
function shorten(text: string, n: number): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  if (flat.length <= n) return flat;
  const cut = flat.slice(0, n);
  return `${cut.slice(0, cut.lastIndexOf(' ') > n / 2 ? cut.lastIndexOf(' ') : n).trimEnd()}…`;
}

export interface FeedbackDetail {
  id: number;
  reference: string;
  status: string;
  text: string;
  language: string;
  channel: string;
  on_behalf_mode: string | null;
  accessibility: boolean;
  wants_reply: boolean;
  contact_name: string | null;
  contact_email: string | null;
  contact_phone: string | null;
  received_at: Date;
  due_at: Date;
  target_node_id: number;
  target_code: string;
  target_name: string;
  handled_at: Date | null;
  effects: string[] | null;
  effect_description: string | null;
  formal_process: string | null;
  contact_erased_at: Date | null;
  events: { at: Date; actor: string; kind: string; details: Record<string, unknown> | null }[];
  messages: { at: Date; author: string; kind: 'comment' | 'reply'; reply_channel: 'email' | 'sms' | null; body: string }[];
  handlers: string[];
  /** Whether those named are the designated handlers or, with none, the managers or administrators who answer for it. */
  handlersAs: 'handler' | 'manager' | 'admin';
}

/** One feedback with its history. Every read is in the audit log: it is personal data. */
export async function readFeedback(db: Db, actor: Principal, id: number): Promise<FeedbackDetail> {
  const f = await maybeOne<Omit<FeedbackDetail, 'events' | 'messages' | 'handlers' | 'handlersAs'>>(
    db,
    `select f.id, f.reference, f.status, f.text, f.language, f.channel, f.on_behalf_mode, f.accessibility, f.wants_reply, f.contact_name, f.contact_email,
            f.contact_phone, f.received_at, f.due_at, f.target_node_id, n.code as target_code, n.name_fi as target_name,
            f.handled_at, f.effects, f.effect_description, f.formal_process, f.contact_erased_at
     from feedback f join org_node n on n.id = f.target_node_id where f.id = $1`,
    [id],
  );
  if (!f) throw new AppError('not_found', 'No such feedback');
  if (
    !canReadFeedback(
      actor,
      (await ancestry(db, f.target_node_id)).map((n) => n.id),
    )
  )
    throw new AppError('forbidden', 'Not allowed to read this feedback');
  await audit(db, actor, { action: 'feedback_read', targetType: 'feedback', targetId: f.id, details: { reference: f.reference } });
  const events = await db.query<FeedbackDetail['events'][number]>(
    'select at, actor, kind, details from feedback_event where feedback_id = $1 order by at, id',
    [id],
  );
  const messages = await db.query<FeedbackDetail['messages'][number]>(
    'select at, author, kind, reply_channel, body from feedback_message where feedback_id = $1 order by at, id',
    [id],
  );
  const responsible = await responsibleFor(db, f.target_node_id);
  return { ...f, events, messages, handlers: responsible.people.map((h) => h.display_name), handlersAs: responsible.as };
}
