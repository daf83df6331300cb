import crypto from 'node:crypto';
import dns from 'node:dns/promises';
import ipaddr from 'ipaddr.js';
import type { Db } from '../shared/db.ts';
import { one } from '../shared/db.ts';
import { AppError } from '../shared/errors.ts';

export const webhookEvents = ['response.created', 'feedback.created', 'feedback.handled'] as const;
export type WebhookEvent = (typeof webhookEvents)[number];

export interface WebhookEndpoint {
  id: number;
  url: string;
  events: WebhookEvent[];
  description: string;
  active: boolean;
  created_at: Date;
  delivered: number;
  waiting: number;
  given_up: number;
}

/** An address only the county's own network reaches: loopback, private, link-local, unique-local, and the like. */
export function isPrivateAddress(address: string): boolean {
  if (!ipaddr.isValid(address)) return true;
  let ip = ipaddr.parse(address);
  if (ip.kind() === 'ipv6' && (ip as ipaddr.IPv6).isIPv4MappedAddress()) ip = (ip as ipaddr.IPv6).toIPv4Address();
  return ip.range() !== 'unicast';
}

/**
 * The addresses a webhook URL leads to, each checked: a target in a private network is refused
 * unless KAIKU_WEBHOOK_ALLOW_PRIVATE is set (so a webhook cannot be used to reach the database or
 * other internal services). Checked when the endpoint is saved and again before every delivery,
 * and the delivery connects to the address checked (no second lookup to rebind).
 */
export async function checkedAddress(url: string, allowPrivate: boolean): Promise<{ address: string; family: 4 | 6 }> {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw new AppError('invalid', 'webhook.err.url');
  }
  if (!['http:', 'https:'].includes(u.protocol) || u.username || u.password) throw new AppError('invalid', 'webhook.err.url');
  const host = u.hostname.replace(/^\[|\]$/g, '');
  const found = ipaddr.isValid(host)
    ? [{ address: host, family: ipaddr.parse(host).kind() === 'ipv6' ? 6 : 4 }]
    : await dns.lookup(host, { all: true }).catch(() => []);
  if (found.length === 0) throw new AppError('invalid', 'webhook.err.unresolved');
  if (!allowPrivate && found.some((a) => isPrivateAddress(a.address))) throw new AppError('invalid', 'webhook.err.private');
  return { address: found[0]!.address, family: found[0]!.family === 6 ? 6 : 4 };
}

export async function createEndpoint(
  db: Db,
  actor: string,
  input: { url: string; events: string[]; description?: string },
  allowPrivate: boolean,
): Promise<{ id: number; secret: string }> {
  const events = input.events.filter((e): e is WebhookEvent => (webhookEvents as readonly string[]).includes(e));
  if (events.length === 0) throw new AppError('invalid', 'webhook.err.events');
  const url = input.url.trim();
  if (url.length > 2000) throw new AppError('invalid', 'webhook.err.url');
  await checkedAddress(url, allowPrivate);
  const secret = `whsec_${crypto.randomBytes(32).toString('base64')}`;
  const { id } = await one<{ id: number }>(
    db,
    'insert into webhook_endpoint (url, secret, events, description, created_by) values ($1, $2, $3, $4, $5) returning id',
    [url, secret, events, (input.description ?? '').slice(0, 500), actor],
  );
  return { id, secret };
}

export async function listEndpoints(db: Db): Promise<WebhookEndpoint[]> {
  return db.query<WebhookEndpoint>(
    `select e.id, e.url, e.events, e.description, e.active, e.created_at,
            count(d.id) filter (where d.delivered_at is not null)::int as delivered,
            count(d.id) filter (where d.delivered_at is null and d.gave_up_at is null)::int as waiting,
            count(d.id) filter (where d.gave_up_at is not null)::int as given_up
     from webhook_endpoint e left join webhook_delivery d on d.endpoint_id = e.id
     group by e.id order by e.id`,
  );
}

export async function setEndpointActive(db: Db, id: number, active: boolean): Promise<void> {
  const rows = await db.query('update webhook_endpoint set active = $2 where id = $1 returning id', [id, active]);
  if (!rows.length) throw new AppError('not_found', 'No such webhook');
}
