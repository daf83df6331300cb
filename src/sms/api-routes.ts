import crypto from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { hasScope, hasCountyScope } from '../access/permissions.ts';
import { keySubtree } from '../access/key-scope.ts';
import { requirePrincipal } from '../http/context.ts';
import type { Config } from '../shared/config.ts';
import type { Db } from '../shared/db.ts';
import { AppError } from '../shared/errors.ts';
import { handleInbound } from './conversation.ts';
import { recordDelivery } from './deliver.ts';
import { normalisePhone } from '../shared/phone.ts';
import { acceptVisits, maxVisitBatch } from './visits.ts';
import { smsSentTo } from '../messages/sms-outbox.ts';

declare module 'fastify' {
  interface FastifyRequest {
    rawBody?: Buffer;
  }
}

const inboundSchema = z.object({
  messageId: z.string().min(1).max(200),
  from: z.string().min(3).max(40),
  text: z.string().max(2000),
  receivedAt: z.string().datetime({ offset: true }).optional(),
});

const deliverySchema = z.object({ id: z.coerce.number().int().positive(), status: z.enum(['delivered', 'failed', 'pending']) });

/** Constant-time comparison of what the gateway sent with what it should have. */
function same(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && crypto.timingSafeEqual(x, y);
}

export function signBody(secret: string, body: string | Buffer): string {
  return crypto.createHmac('sha256', secret).update(body).digest('hex');
}

/**
 * Visits in, replies and delivery reports back. Webhooks are authenticated by an HMAC of the
 * exact body (`X-Kaiku-Signature: sha256=HEX` or just HEX) with KAIKU_SMS_WEBHOOK_SECRET; Kannel,
 * which cannot sign, sends the secret as a parameter instead.
 */
export async function smsApiRoutes(app: FastifyInstance, opts: { db: Db; config: Config }) {
  const { db, config } = opts;
  const secret = config.sms.webhookSecret;

  // The signature is over the bytes as sent, so this plugin keeps them beside the parsed JSON.
  app.addContentTypeParser('application/json', { parseAs: 'buffer', bodyLimit: 8 * 1024 * 1024 }, (request, body, done) => {
    (request as FastifyRequest).rawBody = body as Buffer;
    try {
      done(null, (body as Buffer).length ? JSON.parse((body as Buffer).toString('utf8')) : {});
    } catch {
      done(new AppError('invalid', 'The body is not valid JSON'), undefined);
    }
  });

  const verifySignature = (request: FastifyRequest) => {
    if (!secret) throw new AppError('unavailable', 'KAIKU_SMS_WEBHOOK_SECRET is not set: inbound SMS are refused');
    const sent = String(request.headers['x-kaiku-signature'] ?? '').replace(/^sha256=/, '');
    if (!sent || !same(sent, signBody(secret, request.rawBody ?? Buffer.alloc(0)))) throw new AppError('unauthorized', 'Bad or missing X-Kaiku-Signature');
  };
  const verifySecretParam = (value: unknown) => {
    if (!secret) throw new AppError('unavailable', 'KAIKU_SMS_WEBHOOK_SECRET is not set: inbound SMS are refused');
    if (typeof value !== 'string' || !same(value, secret)) throw new AppError('unauthorized', 'Bad or missing secret');
  };

  app.post('/api/v1/visits', { bodyLimit: 8 * 1024 * 1024 }, async (request) => {
    const p = requirePrincipal(request);
    if (!hasScope(p, 'visits:write')) throw new AppError('forbidden', 'visits:write scope needed');
    const body = z.object({ visits: z.array(z.unknown()).min(1).max(maxVisitBatch) }).safeParse(request.body);
    if (!body.success) throw new AppError('invalid', `Send { "visits": [ … ] } with 1 to ${maxVisitBatch} items`);
    return { results: await acceptVisits(db, config, body.data.visits, undefined, { within: await keySubtree(db, p) }) };
  });

  // The reply is acknowledged only after it is stored: a gateway that gets no 200 sends it again,
  // and the message id makes the second one a no-op. The signature keeps strangers out; the rate
  // limit is only a ceiling (a whole county's replies come from one gateway address).
  app.post('/api/v1/sms/inbound', { config: { rateLimit: { max: 60_000, timeWindow: '1 minute' } }, bodyLimit: 64 * 1024 }, async (request) => {
    verifySignature(request);
    const m = inboundSchema.parse(request.body);
    const outcome = await handleInbound(db, { ...m, receivedAt: m.receivedAt ? new Date(m.receivedAt) : undefined });
    return { status: outcome };
  });

  app.post('/api/v1/sms/delivery', { bodyLimit: 16 * 1024 }, async (request) => {
    verifySignature(request);
    const d = deliverySchema.parse(request.body);
    return { recorded: await recordDelivery(db, d.id, d.status) };
  });

  // Kannel's sms-service get-url: ...?secret=S&id=%I&from=%p&text=%a&time=%t
  app.get('/api/v1/sms/kannel/inbound', async (request, reply) => {
    const q = z
      .object({
        secret: z.string().optional(),
        id: z.string().min(1).max(200),
        from: z.string().min(3).max(40),
        text: z.string().max(2000).default(''),
        time: z.string().optional(),
      })
      .parse(request.query);
    verifySecretParam(q.secret);
    // Kannel's %t is its own local time without a zone; the moment it reaches Kaiku is used instead.
    await handleInbound(db, { messageId: `kannel:${q.id}`, from: q.from, text: q.text });
    // An empty answer: Kannel is configured not to turn it into a text message.
    return reply.type('text/plain').send('');
  });

  // Kannel's dlr-url: 1 delivered, 2 failed, 4 buffered, 8 accepted by the SMSC, 16 rejected by it.
  app.get('/api/v1/sms/kannel/dlr', async (request, reply) => {
    const q = z.object({ secret: z.string().optional(), id: z.coerce.number().int().positive(), status: z.coerce.number().int() }).parse(request.query);
    verifySecretParam(q.secret);
    await recordDelivery(db, q.id, q.status === 1 ? 'delivered' : q.status === 2 || q.status === 16 ? 'failed' : 'pending');
    return reply.type('text/plain').send('');
  });

  // With the development provider: what would have been sent to a number, newest first.
  app.get('/api/v1/sms/outbox', async (request) => {
    const p = requirePrincipal(request);
    if (!hasCountyScope(p, 'sms:read')) throw new AppError('forbidden', 'sms:read scope needed (a key of the whole county)');
    const q = z.object({ to: z.string().min(3).max(40), limit: z.coerce.number().int().min(1).max(500).default(100) }).parse(request.query);
    const to = normalisePhone(q.to);
    if (!to) throw new AppError('invalid', 'to: not a phone number');
    const rows = await smsSentTo(db, to, q.limit);
    return {
      messages: rows.map((r) => ({
        id: r.id,
        kind: r.kind,
        text: r.body,
        createdAt: r.created_at,
        status: r.sent_at ? 'sent' : r.kept_at ? 'kept' : 'waiting',
        delivery: r.delivery,
      })),
    };
  });
}
