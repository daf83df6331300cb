import type { Config } from '../shared/config.ts';
import { countSegments } from './segments.ts';

export interface OutgoingSms {
  /** Kaiku's id of the message: the gateway's reference, and the key of its delivery reports. */
  id: number;
  to: string;
  text: string;
}

/** One way of sending text messages. `send` resolves once the gateway has accepted the message. */
export interface SmsProvider {
  name: 'outbox' | 'http' | 'kannel';
  /** Undefined for the development outbox: messages are kept to be looked at, not sent. */
  send?: (m: OutgoingSms) => Promise<{ providerId?: string }>;
}

async function checked(res: Response, what: string): Promise<string> {
  const body = await res.text();
  if (!res.ok) throw new Error(`${what} answered ${res.status}: ${body.slice(0, 200)}`);
  return body;
}

/**
 * A generic HTTP gateway, as Finnish operators' SMS APIs are: a JSON POST with the number, the
 * text, the sender name and Kaiku's message id (so a gateway that deduplicates by it never sends
 * a retried message twice), and an optional authentication header.
 */
export function httpProvider(c: NonNullable<Config['sms']['http']>, sender: string): SmsProvider {
  return {
    name: 'http',
    async send(m) {
      const res = await fetch(c.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(c.auth ? { [c.auth[0]]: c.auth[1] } : {}) },
        body: JSON.stringify({ id: String(m.id), to: m.to, from: sender, text: m.text }),
        signal: AbortSignal.timeout(15_000),
      });
      const body = await checked(res, 'The SMS gateway');
      let providerId: string | undefined;
      try {
        const parsed = JSON.parse(body) as { id?: unknown };
        if (typeof parsed.id === 'string' || typeof parsed.id === 'number') providerId = String(parsed.id);
      } catch {
        // a gateway that answers with plain text is fine
      }
      return { providerId };
    },
  };
}

/**
 * Kannel's sendsms interface. Delivery reports come back to Kaiku's dlr-url with the message id;
 * texts outside GSM-7 go as UCS-2 (coding=2).
 */
export function kannelProvider(c: NonNullable<Config['sms']['kannel']>, sender: string, callbackBase: string, secret: string | undefined): SmsProvider {
  return {
    name: 'kannel',
    async send(m) {
      const url = new URL(c.url);
      const dlr = new URL(`${callbackBase}/api/v1/sms/kannel/dlr`);
      dlr.searchParams.set('id', String(m.id));
      if (secret) dlr.searchParams.set('secret', secret);
      const params: Record<string, string> = {
        username: c.user,
        password: c.password,
        from: sender,
        to: m.to,
        text: m.text,
        charset: 'UTF-8',
        'dlr-mask': '31',
        'dlr-url': `${dlr.toString()}&status=%d`,
      };
      if (countSegments(m.text).encoding === 'UCS-2') params.coding = '2';
      for (const [k, v] of Object.entries(params)) url.searchParams.set(k, v);
      const res = await fetch(url, { signal: AbortSignal.timeout(15_000) });
      await checked(res, 'Kannel');
      return {};
    },
  };
}

export function smsProvider(config: Config): SmsProvider {
  if (config.sms.provider === 'http' && config.sms.http) return httpProvider(config.sms.http, config.sms.sender);
  if (config.sms.provider === 'kannel' && config.sms.kannel)
    return kannelProvider(config.sms.kannel, config.sms.sender, config.publicUrl, config.sms.webhookSecret);
  return { name: 'outbox' };
}
