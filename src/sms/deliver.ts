import type { Db } from '../shared/db.ts';
import type { SmsProvider } from './providers.ts';

const maxAttempts = 10;
const parallel = 8;

/**
 * Sends what is due, like the e-mail outbox: a batch is leased for two minutes in a short
 * transaction ("skip locked": instances never take the same message), sent outside it, then
 * marked. A failure waits 1, 2, 4 … minutes (at most an hour) before the next try. If the process
 * dies between the gateway's acceptance and the mark, the lease runs out and the message is
 * offered again with the same id: the HTTP gateway gets that id to deduplicate by.
 */
export async function deliverSms(db: Db, provider: SmsProvider, limit = 50): Promise<{ sent: number; failed: number; kept: number }> {
  const result = { sent: 0, failed: 0, kept: 0 };
  const due = await db.transaction(async (tx) => {
    const rows = await tx.query<{ id: number; to_number: string; body: string; attempts: number }>(
      `select id, to_number, body, attempts from outbox_sms
       where sent_at is null and kept_at is null and send_after <= now() and attempts < $1
       order by id limit $2 for update skip locked`,
      [maxAttempts, limit],
    );
    if (rows.length) await tx.query("update outbox_sms set send_after = now() + interval '2 minutes' where id = any($1)", [rows.map((r) => r.id)]);
    return rows;
  });
  if (!provider.send) {
    // The development outbox: kept to be looked at, never sent.
    if (due.length) await db.query('update outbox_sms set kept_at = now() where id = any($1)', [due.map((m) => m.id)]);
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
          await db.query('update outbox_sms set sent_at = now(), provider_id = $2, last_error = null where id = $1', [m.id, providerId ?? null]);
          result.sent++;
        } catch (err) {
          await db.query(
            'update outbox_sms set attempts = attempts + 1, last_error = $2, send_after = now() + make_interval(mins => $3) where id = $1',
            [m.id, String((err as Error).message ?? err).slice(0, 500), Math.min(60, 2 ** m.attempts)],
          );
          result.failed++;
        }
      }),
    );
  }
  return result;
}

/** A delivery report from the gateway: delivered, failed, or still on its way. */
export async function recordDelivery(db: Db, id: number, state: 'delivered' | 'failed' | 'pending'): Promise<boolean> {
  const rows = await db.query<{ id: number }>(
    `update outbox_sms set delivery = $2, delivered_at = case when $2 = 'delivered' then now() else delivered_at end
     where id = $1 and (delivery is distinct from 'delivered') returning id`,
    [id, state],
  );
  return rows.length > 0;
}
