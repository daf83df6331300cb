import type { FastifyReply, FastifyRequest } from 'fastify';
import { isMessageKey } from '../shared/i18n/index.ts';
import type { Principal } from '../access/roles.ts';
import { canAdministerCounty } from '../access/permissions.ts';
import { AppError } from '../shared/errors.ts';
import type { Lang, Translate } from '../shared/i18n/index.ts';

declare module 'fastify' {
  interface FastifyRequest {
    principal: Principal | undefined;
    /** The session's CSRF token; forms carry it in the field _csrf. */
    csrfToken: string | undefined;
    lang: Lang;
    t: Translate;
    /** The county's name in each language, for the public pages' heading; undefined before a tree exists. */
    siteName: { fi: string; sv: string | null; en: string | null } | undefined;
    /** The county's logo (by version, served at /brand/logo) and the address its name leads to. */
    siteBrand: { logoVersion: string | null; homeUrl: string | null } | undefined;
  }
}

export type SignedInUser = Extract<Principal, { kind: 'user' }>;

export function requireUser(request: FastifyRequest): SignedInUser {
  const p = request.principal;
  if (p?.kind !== 'user') throw new AppError('unauthorized', 'Sign in first');
  return p;
}

/**
 * County-wide settings and queues (SMS surveys, the topic taxonomy, report runs, webhooks, the
 * outbox, the journey) are for the county's own administrators, not those of a division.
 */
export function requireCountyAdmin(request: FastifyRequest): SignedInUser {
  const user = requireUser(request);
  if (!canAdministerCounty(user)) throw new AppError('forbidden', 'County administrators only');
  return user;
}

export function requirePrincipal(request: FastifyRequest): Principal {
  if (!request.principal) throw new AppError('unauthorized', 'An API key or a session is needed');
  return request.principal;
}

/** The request came over the loopback interface itself (not a forwarded address): the local CLI, a local scraper. */
export function fromLoopback(request: FastifyRequest): boolean {
  return ['127.0.0.1', '::1', '::ffff:127.0.0.1'].includes(request.socket.remoteAddress ?? '');
}

/** Post/Redirect/Get with a short notice shown once on the next page. */
export function redirectWithNotice(reply: FastifyReply, to: string, notice?: string): FastifyReply {
  if (notice) reply.setCookie('kaiku_notice', notice, { path: '/', httpOnly: true, sameSite: 'lax', maxAge: 60 });
  return reply.redirect(to, 303);
}

/** The notice set by redirectWithNotice, translated, shown once. */
export function takeNotice(request: FastifyRequest, reply: FastifyReply): string | undefined {
  const notice = request.cookies.kaiku_notice;
  if (notice) reply.clearCookie('kaiku_notice', { path: '/' });
  return notice && isMessageKey(notice) ? request.t(notice) : undefined;
}
