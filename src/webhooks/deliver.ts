import crypto from 'node:crypto';
import http from 'node:http';
import https from 'node:https';
import type { LookupFunction } from 'node:net';
import type { Db } from '../shared/db.ts';
import { checkedAddress } from './endpoints.ts';

/** Standard Webhooks' retry schedule (seconds after each failed attempt); after the last, Kaiku gives up. */
export const retrySchedule = [5, 300, 1800, 7200, 18_000, 36_000, 36_000] as const;

/** The webhook-signature header: HMAC-SHA256 over "id.timestamp.body" with the endpoint's secret, base64. */
export function signature(secret: string, messageId: string, timestamp: number, body: string): string {
  const key = Buffer.from(secret.replace(/^whsec_/, ''), 'base64');
  return `v1,${crypto.createHmac('sha256', key).update(`${messageId}.${timestamp}.${body}`).digest('base64')}`;
}

/** POSTs to the address checked before, not to a second DNS answer. */
function post(url: string, body: string, headers: Record<string, string>, pinned: { address: string; family: 4 | 6 }, timeoutMs: number): Promise<number> {
  const u = new URL(url);
  const lookup = ((_host: string, options: { all?: boolean }, cb: (...args: unknown[]) => void) =>
    options.all ? cb(null, [{ address: pinned.address, family: pinned.family }]) : cb(null, pinned.address, pinned.family)) as unknown as LookupFunction;
  return new Promise((resolve, reject) => {
    const req = (u.protocol === 'https:' ? https : http).request(
      u,
      {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)), 'user-agent': 'Kaiku-Webhooks/1', ...headers },
        timeout: timeoutMs,
        lookup,
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
        res.on('error', reject);
      },
    );
    req.on('timeout', () => req.destroy(new Error(`no answer in ${timeoutMs} ms`)));
    req.on('error', reject);
    req.end(body);
  });
}

interface Due {
  id: number;
  message_id: string;
  payload: unknown;
  attempts: number;
  url: string;
  secret: string;
  active: boolean;
}

/**
 * Sends what is due, a batch at a time, from any instance: rows are leased for a minute with
 * "skip locked", sent outside any transaction, and marked delivered on a 2xx answer; otherwise
 * tried again on the schedule above. A receiver may get a message twice only if Kaiku dies
 * between its 2xx and the mark; the webhook-id header stays the same so it can drop the repeat.
 */
export async function deliverWebhooks(
  db: Db,
  opts: { allowPrivate: boolean; limit?: number; timeoutMs?: number },
): Promise<{ sent: number; failed: number; kept: number }> {
  const due = await db.query<Due>(
    `with leased as (
       update webhook_delivery set leased_until = now() + interval '1 minute'
       where id in (select id from webhook_delivery
                    where delivered_at is null and gave_up_at is null and next_attempt_at <= now() and (leased_until is null or leased_until < now())
                    order by next_attempt_at, id limit $1 for update skip locked)
       returning id, message_id, payload, attempts, endpoint_id)
     select l.id, l.message_id, l.payload, l.attempts, e.url, e.secret, e.active from leased l join webhook_endpoint e on e.id = l.endpoint_id`,
    [opts.limit ?? 20],
  );
  const result = { sent: 0, failed: 0, kept: 0 };
  for (const d of due) {
    let status: number | null = null;
    let error: string | null = null;
    if (!d.active) error = 'the endpoint is disabled';
    else {
      try {
        const pinned = await checkedAddress(d.url, opts.allowPrivate);
        const body = JSON.stringify(d.payload);
        // The receiver checks this against its own clock (replay window): real time, not Kaiku's calendar clock.
        const timestamp = Math.floor(Date.now() / 1000);
        status = await post(
          d.url,
          body,
          { 'webhook-id': d.message_id, 'webhook-timestamp': String(timestamp), 'webhook-signature': signature(d.secret, d.message_id, timestamp, body) },
          pinned,
          opts.timeoutMs ?? 10_000,
        );
        if (status < 200 || status >= 300) error = `HTTP ${status}`;
      } catch (err) {
        error = err instanceof Error ? err.message.slice(0, 300) : String(err);
      }
    }
    if (!error) {
      await db.query(
        'update webhook_delivery set delivered_at = now(), attempts = attempts + 1, last_status = $2, last_error = null, leased_until = null where id = $1',
        [d.id, status],
      );
      result.sent++;
      continue;
    }
    const attempts = d.attempts + 1;
    const wait = retrySchedule[attempts - 1];
    if (wait === undefined || !d.active) {
      await db.query('update webhook_delivery set attempts = $2, last_status = $3, last_error = $4, gave_up_at = now(), leased_until = null where id = $1', [
        d.id,
        attempts,
        status,
        error,
      ]);
      result.kept++;
    } else {
      await db.query(
        'update webhook_delivery set attempts = $2, last_status = $3, last_error = $4, next_attempt_at = now() + make_interval(secs => $5), leased_until = null where id = $1',
        [d.id, attempts, status, error, wait],
      );
      result.failed++;
    }
  }
  return result;
}

export async function recentDeliveries(db: Db, limit = 50) {
  return db.query<{
    id: number;
    endpoint_id: number;
    message_id: string;
    event_type: string;
    created_at: Date;
    attempts: number;
    delivered_at: Date | null;
    gave_up_at: Date | null;
    last_status: number | null;
    last_error: string | null;
  }>(
    'select id, endpoint_id, message_id, event_type, created_at, attempts, delivered_at, gave_up_at, last_status, last_error from webhook_delivery order by id desc limit $1',
    [limit],
  );
}
