import { clock } from '../shared/clock.ts';
import type { Db } from '../shared/db.ts';

export interface QueuedSms {
  kind: string;
  /** In international form, +358… */
  to: string;
  body: string;
  conversationId?: number;
  /** The body carries a one-time secret: blanked once sent. */
  secretBody?: boolean;
}

/** Queues a text message in the caller's transaction: it is sent only if that transaction commits. */
export async function queueSms(db: Db, m: QueuedSms): Promise<void> {
  await db.query('insert into outbox_sms (kind, to_number, body, conversation_id, secret_body, created_at) values ($1, $2, $3, $4, $5, $6)', [
    m.kind,
    m.to,
    m.body,
    m.conversationId ?? null,
    m.secretBody ?? false,
    clock.now(),
  ]);
}

export interface SmsOutboxRow {
  id: number;
  kind: string;
  to_number: string;
  body: string;
  created_at: Date;
  sent_at: Date | null;
  kept_at: Date | null;
  last_error: string | null;
}

export async function recentSms(db: Db, limit = 50): Promise<SmsOutboxRow[]> {
  return db.query<SmsOutboxRow>(
    "select id, kind, to_number, case when secret_body then '…' else body end as body, created_at, sent_at, kept_at, last_error from outbox_sms order by id desc limit $1",
    [limit],
  );
}

export interface SmsToNumber {
  id: number;
  kind: string;
  body: string;
  created_at: Date;
  sent_at: Date | null;
  kept_at: Date | null;
  delivery: string | null;
}

/** What was sent (or waits) to one number, newest first; secret bodies stay hidden. */
export async function smsSentTo(db: Db, to: string, limit: number): Promise<SmsToNumber[]> {
  return db.query<SmsToNumber>(
    "select id, kind, case when secret_body then '…' else body end as body, created_at, sent_at, kept_at, delivery from outbox_sms where to_number = $1 order by id desc limit $2",
    [to, limit],
  );
}
