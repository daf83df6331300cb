import { clock } from '../shared/clock.ts';
import { actorLabel, type Principal } from '../access/roles.ts';
import { audit } from '../access/audit.ts';
import { nodeName } from '../organisation/node.ts';
import { ancestry, getNode } from '../organisation/tree-queries.ts';
import { administeredNodes, canReviewSpamOf } from '../access/permissions.ts';
import { canReviewSpam } from '../access/permissions.ts';
import { type Db, maybeOne } from '../shared/db.ts';
import { AppError } from '../shared/errors.ts';
import { notifyHandlers } from './handlers.ts';
import { queueReceiptEmail } from './receipt-email.ts';

export interface SpamItem {
  id: number;
  reference: string;
  received_at: Date;
  text: string;
  spam_reasons: string[];
  target_code: string;
  target_name: string;
}

/**
 * Suspected spam waiting for an administrator, of the targets in their subtree only (a division's
 * administrator never reads another division's texts); reading it is a read of feedback and is logged.
 */
export async function suspectedSpam(db: Db, actor: Principal): Promise<SpamItem[]> {
  if (!canReviewSpam(actor)) throw new AppError('forbidden', 'Administrators only');
  const rows = await db.query<SpamItem>(
    `with recursive scope as (select id from org_node where $1::int[] is null or id = any($1::int[])
       union select c.id from org_node c join scope s on c.parent_id = s.id)
     select f.id, f.reference, f.received_at, f.text, f.spam_reasons, n.code as target_code, n.name_fi as target_name
     from feedback f join org_node n on n.id = f.target_node_id
     where f.status = 'suspected_spam' and ($1::int[] is null or f.target_node_id in (select id from scope))
     order by f.received_at desc limit 200`,
    [administeredNodes(actor) ?? null],
  );
  if (rows.length) await audit(db, actor, { action: 'feedback_read', targetType: 'feedback', details: { view: 'spam_queue', ids: rows.map((r) => r.id) } });
  return rows;
}

/**
 * An administrator's decision: genuine feedback goes on to handling with the promise counted from
 * now (it waited in the queue through no fault of the customer's), and its receipt e-mail is sent
 * then; spam is kept as spam, never deleted silently.
 */
export async function decideSpam(db: Db, actor: Principal, id: number, genuine: boolean, publicUrl = ''): Promise<void> {
  if (!canReviewSpam(actor)) throw new AppError('forbidden', 'Administrators only');
  await db.transaction(async (tx) => {
    const f = await maybeOne<{
      id: number;
      reference: string;
      language: 'fi' | 'sv' | 'en';
      contact_email: string | null;
      wants_reply: boolean;
      target_node_id: number;
      received_at: Date;
    }>(
      tx,
      "select id, reference, language, contact_email, wants_reply, target_node_id, received_at from feedback where id = $1 and status = 'suspected_spam' for update",
      [id],
    );
    if (
      !f ||
      !canReviewSpamOf(
        actor,
        (await ancestry(tx, f.target_node_id)).map((n) => n.id),
      )
    )
      throw new AppError('not_found', 'No such feedback waiting in the spam queue');
    const [updated] = await tx.query<{ due_at: Date }>(
      genuine
        ? `update feedback set status = 'new', due_at = (($2::timestamptz at time zone 'Europe/Helsinki') + make_interval(days => (select (value)::int from setting where key = 'feedback_promise_days'))) at time zone 'Europe/Helsinki'
           where id = $1 returning due_at`
        : "update feedback set status = 'spam' where id = $1 and $2::timestamptz is not null returning due_at",
      [id, clock.now()],
    );
    await tx.query('insert into feedback_event (feedback_id, actor, kind, at) values ($1, $2, $3, $4)', [
      id,
      actorLabel(actor),
      genuine ? 'released_from_spam' : 'marked_spam',
      clock.now(),
    ]);
    const target = await getNode(tx, f.target_node_id);
    if (genuine) {
      await notifyHandlers(
        tx,
        {
          id: f.id,
          reference: f.reference,
          targetNodeId: target.id,
          targetName: (l) => nodeName(target, l),
          receivedAt: f.received_at,
          dueAt: updated!.due_at,
        },
        publicUrl,
      );
    }
    if (genuine && f.contact_email) {
      await queueReceiptEmail(tx, {
        to: f.contact_email,
        lang: f.language,
        reference: f.reference,
        receivedAt: f.received_at,
        dueAt: updated!.due_at,
        target: nodeName(target, f.language),
        wantsReply: f.wants_reply,
      });
    }
  });
}
