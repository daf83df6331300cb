import nodemailer from 'nodemailer';
import { clock } from '../shared/clock.ts';
import type { Db } from '../shared/db.ts';
import { leaseDue, markFailed, markKept } from './outbox-lease.ts';

export interface QueuedEmail {
  kind: string;
  to: string;
  subject: string;
  body: string;
  /** The body carries a one-time secret (a pool invitation): hidden from the outbox view and blanked once sent. */
  secretBody?: boolean;
}

/** Queues an e-mail in the caller's transaction: it is sent only if that transaction commits. */
export async function queueEmail(db: Db, e: QueuedEmail): Promise<void> {
  await db.query('insert into outbox_email (kind, to_address, subject, body, secret_body, created_at) values ($1, $2, $3, $4, $5, $6)', [
    e.kind,
    e.to,
    e.subject,
    e.body,
    e.secretBody ?? false,
    clock.now(),
  ]);
}

export interface MailTransport {
  send(message: { from: string; to: string; subject: string; text: string }): Promise<void>;
}

export function smtpTransport(url: string): MailTransport {
  const u = new URL(url);
  // Short timeouts: a hung SMTP server delays mail, never the rest of Kaiku.
  const transporter = nodemailer.createTransport({
    host: u.hostname,
    port: Number(u.port) || (u.protocol === 'smtps:' ? 465 : 25),
    secure: u.protocol === 'smtps:',
    auth: u.username ? { user: decodeURIComponent(u.username), pass: decodeURIComponent(u.password) } : undefined,
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: 20_000,
  });
  return { send: async (m) => void (await transporter.sendMail(m)) };
}

/**
 * Sends what is due, a batch at a time. Messages are first leased for five minutes in a short
 * transaction ("for update skip locked": several instances never take the same one), then sent
 * outside any transaction, so a slow SMTP server holds no locks. A failure is kept with its error
 * and tried again later (1, 2, 4 … minutes, at most an hour apart); after ten failures the message
 * stays for an administrator to see. If a process dies between sending and marking, the lease
 * runs out and the message is sent again: at least once, never lost. `transport` undefined means
 * development: messages are kept for the outbox page.
 */
export async function deliverOutbox(
  db: Db,
  transport: MailTransport | undefined,
  from: string,
  limit = 20,
): Promise<{ sent: number; failed: number; kept: number }> {
  const result = { sent: 0, failed: 0, kept: 0 };
  const due = await leaseDue<{ id: number; attempts: number; to_address: string; subject: string; body: string }>(
    db,
    'outbox_email',
    'to_address, subject, body',
    limit,
    5,
  );
  if (!transport) {
    await markKept(
      db,
      'outbox_email',
      due.map((m) => m.id),
    );
    result.kept = due.length;
    return result;
  }
  for (const m of due) {
    try {
      await transport.send({ from, to: m.to_address, subject: m.subject, text: m.body });
      await db.query("update outbox_email set sent_at = $2, last_error = null, body = case when secret_body then '' else body end where id = $1", [
        m.id,
        clock.now(),
      ]);
      result.sent++;
    } catch (err) {
      await markFailed(db, 'outbox_email', m, err);
      result.failed++;
    }
  }
  return result;
}

export interface OutboxRow {
  id: number;
  kind: string;
  to_address: string;
  subject: string;
  body: string;
  created_at: Date;
  attempts: number;
  last_error: string | null;
  sent_at: Date | null;
  kept_at: Date | null;
}

export async function recentOutbox(db: Db, limit = 50): Promise<OutboxRow[]> {
  return db.query<OutboxRow>(
    "select id, kind, to_address, subject, case when secret_body then '…' else body end as body, created_at, attempts, last_error, sent_at, kept_at from outbox_email order by id desc limit $1",
    [limit],
  );
}
