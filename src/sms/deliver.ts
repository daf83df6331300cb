import { clock } from '../shared/clock.ts';
import type { Db } from '../shared/db.ts';
import { leaseDue, markFailed, markKept } from '../messages/outbox-lease.ts';
import type { SmsProvider } from './providers.ts';

const parallel = 8;

/**
 * Sends what is due, like the e-mail outbox: a batch is leased for two minutes
 * (shared/outbox-lease), sent outside any transaction, then marked. A failure waits 1, 2, 4 … minutes (at most an hour) before the next try. If the process
 * dies between the gateway's acceptance and the mark, the lease runs out and the message is
 * offered again with the same id: the HTTP gateway gets that id to deduplicate by.
 */
export async function deliverSms(db: Db, provider: SmsProvider, limit = 50): Promise<{ sent: number; failed: number; kept: number }> {
  const result = { sent: 0, failed: 0, kept: 0 };
  const due = await leaseDue<{ id: number; attempts: number; to_number: string; body: string }>(db, 'outbox_sms', 'to_number, body', limit, 2);
  if (!provider.send) {
    // The development outbox: kept to be looked at, never sent.
    await markKept(
      db,
      'outbox_sms',
      due.map((m) => m.id),
    );
    await forgetEndedNumbers(
      db,
      due.map((m) => m.id),
    );
    result.kept = due.length;
    return result;
  }
  const send = provider.send;
  // A few at a time: a gateway answers in milliseconds, one by one would cap Kaiku at its latency.
  for (let i = 0; i < due.length; i += parallel) {
    await Promise.all(
      due.slice(i, i + parallel).map(async (m) => {
        try {
          const { providerId } = await send({ id: m.id, to: m.to_number, text: m.body });
          await db.query(
            "update outbox_sms set sent_at = $3, provider_id = $2, last_error = null, body = case when secret_body then '' else body end where id = $1",
            [m.id, providerId ?? null, clock.now()],
          );
          await forgetEndedNumbers(db, [m.id]);
          result.sent++;
        } catch (err) {
          await markFailed(db, 'outbox_sms', m, err);
          result.failed++;
        }
      }),
    );
  }
  return result;
}

/**
 * A message of a conversation that has ended (its last thanks, a stop's confirmation) keeps no
 * number once it has gone: nothing joins the answer's time to a number.
 */
async function forgetEndedNumbers(db: Db, ids: number[]): Promise<void> {
  if (ids.length)
    await db.query("update outbox_sms set to_number = '' where id = any($1) and conversation_id is null and kind in ('sms_survey', 'sms_stopped')", [ids]);
}

/** A delivery report from the gateway: delivered, failed, or still on its way. */
export async function recordDelivery(db: Db, id: number, state: 'delivered' | 'failed' | 'pending'): Promise<boolean> {
  const rows = await db.query<{ id: number }>(
    `update outbox_sms set delivery = $2, delivered_at = case when $2 = 'delivered' then $3::timestamptz else delivered_at end
     where id = $1 and (delivery is distinct from 'delivered') returning id`,
    [id, state, clock.now()],
  );
  return rows.length > 0;
}
