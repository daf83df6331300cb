import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import cookie from '@fastify/cookie';
import formbody from '@fastify/formbody';
import multipart from '@fastify/multipart';
import rateLimit from '@fastify/rate-limit';
import Fastify, { type FastifyError, type FastifyInstance, type FastifyRequest } from 'fastify';
import { ZodError } from 'zod';
import { authenticateApiKey } from '../access/api-keys.ts';
import { loadSession } from '../access/sessions.ts';
import type { Config } from '../shared/config.ts';
import type { Db } from '../shared/db.ts';
import { AppError, httpStatus, type ErrorCode } from '../shared/errors.ts';
import { isLang, isMessageKey, type Lang, langFromAcceptLanguage, translator } from '../shared/i18n/index.ts';
import './context.ts';
import { ErrorPage } from './error-page.tsx';
import { openApiDocument } from './openapi.ts';
import { sendPage } from './render.tsx';
import { fromLoopback, type SignedInUser } from './context.ts';
import { capabilities, kaikuMenu } from '../capabilities.ts';
import type { HomeTask, MenuEntry } from '../capability.ts';
import { redactUrl, registerObservability, requestId } from './observability.ts';

declare module 'fastify' {
  interface FastifyInstance {
    routeList: { method: string; url: string }[];
    /** The staff menu, from every capability's entry file. */
    kaikuMenu: readonly MenuEntry[];
    /** What waits for a person, from every capability, for their front page. */
    kaikuHome: (user: SignedInUser, lang: string) => Promise<HomeTask[]>;
  }
}

export interface AppDeps {
  db: Db;
  /** A read replica (DATABASE_READ_URL) for reporting queries; the primary when absent. */
  readDb?: Db | undefined;
  config: Config;
  /** The token the local CLI presents to reach a running server (embedded database only). */
  localCliToken?: string | undefined;
  runCliCommand?: ((args: string[]) => Promise<{ exitCode: number; output: string }>) | undefined;
}

const staticDir = path.join(path.dirname(fileURLToPath(import.meta.url)), 'static');
const css = fs.readFileSync(path.join(staticDir, 'kaiku.css'));
const scripts = Object.fromEntries(
  ['kiosk.js', 'typeahead.js', 'widget-frame.js', 'chart-export.js', 'reload.js', 'menu.js'].map((f) => [f, fs.readFileSync(path.join(staticDir, f))]),
);
export const sessionCookie = 'kaiku_session';

const safeMethods = new Set(['GET', 'HEAD', 'OPTIONS']);

function wantsJson(request: FastifyRequest): boolean {
  return request.url.startsWith('/api/') || request.url.startsWith('/fhir/') || request.url.startsWith('/internal/') || request.url === '/healthz';
}

function pickLang(request: FastifyRequest): { lang: Lang; fromQuery: boolean } {
  const q = (request.query as Record<string, unknown> | undefined)?.lang;
  if (isLang(q)) return { lang: q, fromQuery: true };
  const c = request.cookies.kaiku_lang;
  if (isLang(c)) return { lang: c, fromQuery: false };
  return { lang: langFromAcceptLanguage(request.headers['accept-language']) ?? 'fi', fromQuery: false };
}

/**
 * Scripts only from Kaiku's own files, never inline, on every page. Public pages allow no inline
 * styles either; staff pages (/admin, /portal) allow style attributes, for bar widths and the
 * charts' SVG.
 */
export function contentSecurityPolicy(url: string, embeddable: boolean, providerOrigin?: string): string {
  const staff = /^\/(admin|portal)(\/|\?|$)/.test(url);
  return [
    "default-src 'self'",
    "script-src 'self'",
    staff ? "style-src 'self' 'unsafe-inline'" : "style-src 'self'",
    "img-src 'self' data:",
    "object-src 'none'",
    "base-uri 'none'",
    // Signing out goes on to the county's identity provider: a form's redirects count too.
    providerOrigin ? `form-action 'self' ${providerOrigin}` : "form-action 'self'",
    embeddable ? 'frame-ancestors *' : "frame-ancestors 'none'",
  ].join('; ');
}

function formField(body: unknown, name: string): string | undefined {
  if (!body || typeof body !== 'object') return undefined;
  const v = (body as Record<string, unknown>)[name];
  if (typeof v === 'string') return v;
  if (v && typeof v === 'object' && 'value' in v && typeof (v as { value: unknown }).value === 'string') return (v as { value: string }).value;
  return undefined;
}

/** The path of the first string holding U+0000 in a parsed body or query, if any. */
export function nulField(value: unknown, path = '', seen = new WeakSet<object>()): string | undefined {
  if (typeof value === 'string') return value.includes('\u0000') ? path || 'body' : undefined;
  if (Buffer.isBuffer(value) || value === null || typeof value !== 'object' || seen.has(value)) return undefined;
  seen.add(value);
  // A multipart part: its text field's value is checked; a file is read by its own parser.
  if ('fieldname' in value) return 'value' in value ? nulField((value as { value: unknown }).value, path, seen) : undefined;
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
    const found = nulField(v, path ? `${path}.${k}` : k, seen);
    if (found !== undefined) return found;
  }
  return undefined;
}

export async function buildApp(deps: AppDeps): Promise<FastifyInstance> {
  const { db, config } = deps;
  const app = Fastify({
    // Requests are logged without addresses, user agents or headers: no personal data in logs.
    logger: {
      level: config.logLevel,
      serializers: { req: (req: { id: string; method: string; url: string }) => ({ id: req.id, method: req.method, url: redactUrl(req.url) }) },
    },
    trustProxy: config.trustProxy,
    bodyLimit: 1024 * 1024,
    genReqId: requestId,
  });
  // Every route, for the access table test and the route list in the docs.
  const routeList: { method: string; url: string }[] = [];
  app.decorate('routeList', routeList);
  app.decorate('kaikuMenu', kaikuMenu);
  app.addHook('onRoute', (r) => {
    for (const method of ([] as string[]).concat(r.method)) if (method !== 'HEAD') routeList.push({ method, url: r.url });
  });

  await app.register(cookie);
  await app.register(formbody, { bodyLimit: 256 * 1024 });
  await app.register(multipart, { attachFieldsToBody: true, limits: { fileSize: 20 * 1024 * 1024, files: 1, fields: 1000, fieldSize: 64 * 1024 } });
  await app.register(rateLimit, { global: false });
  app.addContentTypeParser(['text/csv', 'text/plain'], { parseAs: 'string', bodyLimit: 20 * 1024 * 1024 }, (_req, body, done) => done(null, body));

  app.decorateRequest('principal', undefined);
  app.decorateRequest('csrfToken', undefined);
  app.decorateRequest('lang', 'fi');
  app.decorateRequest('t', undefined as never);
  app.decorateRequest('siteName', undefined);
  app.decorateRequest('siteBrand', undefined);

  app.addHook('onRequest', async (request, reply) => {
    const auth = request.headers.authorization;
    if (auth?.startsWith('Bearer ') && (request.url.startsWith('/api/') || request.url.startsWith('/fhir/'))) {
      request.principal = await authenticateApiKey(db, auth.slice(7).trim(), config.adminApiKey);
      if (!request.principal) throw new AppError('unauthorized', 'Unknown or revoked API key');
    } else {
      const token = request.cookies[sessionCookie];
      if (token) {
        const session = await loadSession(db, token);
        if (session) {
          request.principal = session.principal;
          request.csrfToken = session.csrfToken;
        } else {
          reply.clearCookie(sessionCookie, { path: '/' });
        }
      }
    }
    const picked = pickLang(request);
    if (picked.fromQuery) reply.setCookie('kaiku_lang', picked.lang, { path: '/', sameSite: 'lax', maxAge: 365 * 86400 });
    const userLang = request.principal?.kind === 'user' && !picked.fromQuery && !isLang(request.cookies.kaiku_lang) ? request.principal.locale : undefined;
    request.lang = userLang ?? picked.lang;
    request.t = translator(request.lang);
  });

  const providerOrigin = config.oidc && new URL(config.oidc.issuer).origin;
  // No other site may frame Kaiku's pages (clickjacking), except those made to be embedded.
  app.addHook('onSend', async (request, reply) => {
    reply.header('x-content-type-options', 'nosniff');
    reply.header('referrer-policy', 'same-origin');
    const embeddable = !!(request.routeOptions.config as { embeddable?: boolean } | undefined)?.embeddable;
    if (!embeddable) reply.header('x-frame-options', 'DENY');
    // A route may set a stricter policy of its own (an uploaded image: no script, sandboxed).
    if (!reply.hasHeader('content-security-policy')) reply.header('content-security-policy', contentSecurityPolicy(request.url, embeddable, providerOrigin));
    // Behind TLS (directly, or at a trusted proxy that says so): browsers keep to https from then on.
    if (request.protocol === 'https') reply.header('strict-transport-security', 'max-age=31536000; includeSubDomains');
  });

  // A change made with a session cookie must carry that session's CSRF token. Requests
  // without a session have nothing to forge (API keys are never sent by browsers on their
  // own); the sign-in form has its own double-submit check, and public forms (surveys,
  // feedback) never act with the session, so a signed-in member of staff can use them too.
  app.addHook('preHandler', async (request) => {
    if (safeMethods.has(request.method) || !request.csrfToken) return;
    const exempt = (request.routeOptions.config as { csrf?: 'login' | 'public' } | undefined)?.csrf;
    if (exempt === 'login' || exempt === 'public') return;
    const sent = formField(request.body, '_csrf') ?? (request.headers['x-csrf-token'] as string | undefined);
    if (!sent || sent !== request.csrfToken) throw new AppError('forbidden', 'csrf');
  });

  // PostgreSQL cannot store the NUL character in text: any request carrying one is refused as a
  // whole, with the field named, before anything is read or stored.
  app.addHook('preHandler', async (request) => {
    const field = nulField(request.body) ?? nulField(request.query);
    if (field !== undefined) throw new AppError('invalid', 'nul_character', { field });
  });

  app.setErrorHandler(async (error: FastifyError | AppError | ZodError, request, reply) => {
    let code: ErrorCode | 'internal' | 'tooLarge' = 'internal';
    let message = '';
    let details: unknown;
    if (error instanceof AppError) {
      code = error.code;
      message = error.message;
      details = error.details;
    } else if (error instanceof ZodError) {
      code = 'invalid';
      details = error.issues.map((i) => ({ path: i.path.join('.'), message: i.message }));
      message = 'Invalid input';
    } else if (error.statusCode === 413 || error.code === 'FST_REQ_FILE_TOO_LARGE' || error.code === 'FST_FILES_LIMIT') {
      code = 'tooLarge';
      message = 'Body too large';
    } else if (error.statusCode === 429) {
      code = 'rate_limited';
      message = 'Too many requests';
    } else if (error.statusCode && error.statusCode >= 400 && error.statusCode < 500) {
      code = 'invalid';
      message = error.message;
    } else {
      request.log.error({ err: error }, 'request failed');
    }
    const status = code === 'internal' ? 500 : code === 'tooLarge' ? 413 : httpStatus[code];
    if (wantsJson(request)) return reply.status(status).send({ error: { code, message: message || code, details } });
    if (code === 'unauthorized' && request.method === 'GET') return reply.redirect(`/login?next=${encodeURIComponent(request.url)}`, 303);
    const t = request.t ?? translator('fi');
    const text = message === 'csrf' ? t('error.csrf') : isMessageKey(`error.${message}`) ? t(`error.${message}` as 'error.invalid') : t(`error.${code}`);
    return sendPage(reply, ErrorPage({ request, message: text }), status);
  });

  app.setNotFoundHandler(async (request, reply) => {
    if (wantsJson(request)) return reply.status(404).send({ error: { code: 'not_found', message: 'No such path' } });
    return sendPage(reply, ErrorPage({ request, message: request.t('error.not_found') }), 404);
  });

  registerObservability(app, config);

  app.get('/static/kaiku.css', async (_request, reply) =>
    reply.header('content-type', 'text/css; charset=utf-8').header('cache-control', 'public, max-age=3600').send(css),
  );

  for (const [name, body] of Object.entries(scripts)) {
    app.get(`/static/${name}`, async (_request, reply) =>
      reply.header('content-type', 'text/javascript; charset=utf-8').header('cache-control', 'public, max-age=3600').send(body),
    );
  }

  app.get('/healthz', async (_request, reply) => {
    try {
      await db.query('select 1');
      return { status: 'ok', database: db.kind };
    } catch {
      return reply.status(503).send({ status: 'unavailable', database: db.kind });
    }
  });

  app.get('/api/v1/openapi.json', async () => openApiDocument);

  // Residents who find the bare address get the feedback form; staff go to their front page (or sign in there).
  app.get('/', async (request, reply) => reply.redirect(request.principal?.kind === 'user' ? '/admin' : '/palaute', 303));

  if (deps.localCliToken && deps.runCliCommand) {
    const token = deps.localCliToken;
    const run = deps.runCliCommand;
    app.post('/internal/cli', async (request, reply) => {
      if (!fromLoopback(request) || request.headers['x-kaiku-local-token'] !== token) throw new AppError('forbidden', 'Local CLI only');
      const args = (request.body as { args?: unknown }).args;
      if (!Array.isArray(args) || !args.every((a) => typeof a === 'string')) throw new AppError('invalid', 'args must be strings');
      return reply.send(await run(args));
    });
  }

  // Every capability plugs in its routes; reporting reads may go to a replica.
  const capabilityDeps = { db, readDb: deps.readDb ?? db, config };
  app.decorate('kaikuHome', async (user: SignedInUser, lang: string) =>
    (await Promise.all(capabilities.map((c) => c.home?.(capabilityDeps, user, lang) ?? Promise.resolve([])))).flat(),
  );
  for (const c of capabilities) await c.routes?.(app, capabilityDeps);
  return app;
}
