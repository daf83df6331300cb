import { clock } from '../shared/clock.ts';
import { canReadFeedback } from '../access/permissions.ts';
import type { Principal } from '../access/roles.ts';
import { audit } from '../access/audit.ts';
import { type Db, maybeOne } from '../shared/db.ts';
import { AppError } from '../shared/errors.ts';
import { ancestry } from '../organisation/tree-queries.ts';
import { handlersFor } from './handlers.ts';

export interface InboxRow {
  id: number;
  reference: string;
  status: string;
  received_at: Date;
  due_at: Date;
  overdue: boolean;
  target_name: string;
  wants_reply: boolean;
}

/** Open feedback within the person's handler, manager or administrator scope: overdue first, then by deadline. */
export async function inbox(db: Db, actor: Principal): Promise<InboxRow[]> {
  if (actor.kind !== 'user') throw new AppError('forbidden', 'Staff only');
  return db.query<InboxRow>(
    `with recursive scope as (
       select node_id as id from role_assignment where user_id = $1 and role in ('handler', 'manager', 'admin')
       union select c.id from org_node c join scope on c.parent_id = scope.id)
     select f.id, f.reference, f.status, f.received_at, f.due_at, f.due_at < $2 as overdue, n.name_fi as target_name, f.wants_reply
     from feedback f join org_node n on n.id = f.target_node_id
     where f.target_node_id in (select id from scope) and f.status in ('new', 'in_progress')
     order by (f.due_at < $2) desc, f.due_at, f.id
     limit 500`,
    [actor.userId, clock.now()],
  );
}

export interface FeedbackDetail {
  id: number;
  reference: string;
  status: string;
  text: string;
  language: string;
  channel: string;
  on_behalf_mode: string | null;
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
}

/** One feedback with its history. Every read is in the audit log: it is personal data. */
export async function readFeedback(db: Db, actor: Principal, id: number): Promise<FeedbackDetail> {
  const f = await maybeOne<Omit<FeedbackDetail, 'events' | 'messages' | 'handlers'>>(
    db,
    `select f.id, f.reference, f.status, f.text, f.language, f.channel, f.on_behalf_mode, f.wants_reply, f.contact_name, f.contact_email,
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
  const handlers = (await handlersFor(db, f.target_node_id)).map((h) => h.display_name);
  return { ...f, events, messages, handlers };
}
