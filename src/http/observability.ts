import crypto from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type { IncomingMessage } from 'node:http';
import type { Config } from '../shared/config.ts';
import { AppError } from '../shared/errors.ts';
import { fromLoopback } from './context.ts';
import { httpDuration, httpRequests, registry } from '../shared/metrics.ts';

/** A request id from the proxy in front (X-Request-Id) when it looks like one, else a new one. */
export function requestId(req: IncomingMessage): string {
  const sent = req.headers['x-request-id'];
  return typeof sent === 'string' && /^[A-Za-z0-9._-]{8,64}$/.test(sent) ? sent : crypto.randomUUID();
}

/**
 * A URL as it may be logged: long path segments (one-time links, receipt and leave tokens) and
 * every query value (search words, phone numbers) are replaced, so logs hold no personal data
 * and no secret that would let someone act or tie a link to an answer.
 */
export function redactUrl(url: string): string {
  const [pathPart, query] = url.split('?', 2) as [string, string | undefined];
  const path = pathPart
    .split('/')
    .map((seg) => (/^[A-Za-z0-9_-]{20,}$/.test(seg) ? ':secret' : seg))
    .join('/');
  if (!query) return path;
  const keys = [...new URLSearchParams(query).keys()].map((k) => `${encodeURIComponent(k.slice(0, 40))}=…`);
  return `${path}?${keys.join('&')}`;
}

/** Request metrics by route pattern, the request id in every answer, and GET /metrics for Prometheus. */
export function registerObservability(app: FastifyInstance, config: Config): void {
  app.addHook('onRequest', async (request, reply) => {
    reply.header('x-request-id', request.id);
  });

  app.addHook('onResponse', async (request, reply) => {
    const route = request.routeOptions.url ?? 'unmatched';
    if (route === '/metrics') return;
    const labels = { method: request.method, route };
    httpRequests.inc({ ...labels, status: String(reply.statusCode) });
    httpDuration.observe(labels, reply.elapsedTime / 1000);
  });

  app.get('/metrics', async (request, reply) => {
    const auth = request.headers.authorization;
    const allowed = config.metricsToken
      ? typeof auth === 'string' &&
        auth.length === `Bearer ${config.metricsToken}`.length &&
        crypto.timingSafeEqual(Buffer.from(auth), Buffer.from(`Bearer ${config.metricsToken}`))
      : fromLoopback(request);
    if (!allowed) throw new AppError('forbidden', 'Metrics need the metrics token');
    return reply.type(registry.contentType).send(await registry.metrics());
  });
}
