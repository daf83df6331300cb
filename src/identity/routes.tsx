import crypto from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { audit } from '../access/audit.ts';
import { canMapProviderRoles, landsOnResults } from '../access/permissions.ts';
import { safeNext, sessionCookie } from '../access/routes.tsx';
import { startSession } from '../access/sessions.ts';
import { redirectWithNotice, requireUser, takeNotice } from '../http/context.ts';
import { sendPage } from '../http/render.tsx';
import type { Config } from '../shared/config.ts';
import type { Db } from '../shared/db.ts';
import { AppError } from '../shared/errors.ts';
import { isMessageKey } from '../shared/i18n/index.ts';
import { endLoggedOutSessions } from './logout.ts';
import { addMapping, countyAdministrators, listMappings, removeMapping } from './mappings.ts';
import { endSessionUrl, finishLogin, type ProviderIdentity, startLogin, verifyLogoutToken } from './oidc.ts';
import { savePendingLogin, takePendingLogin } from './pending-logins.ts';
import { providerAccount, syncProviderGrants } from './provider-accounts.ts';
import { MappingsPage, NoAccessPage, type ProviderSetup, SignInFailedPage } from './views.tsx';

const pendingCookie = 'kaiku_oidc';

const mappingForm = z.object({
  claimValue: z.string().max(1000).default(''),
  role: z.string().max(40).default(''),
  node: z.string().max(1000).default(''),
});

/** Sign-in with the county's OpenID provider, its logouts, and the county's mapping of its roles. */
export async function identityRoutes(app: FastifyInstance, opts: { db: Db; config: Config }) {
  const { db, config } = opts;
  const oidc = config.oidc;
  const cookieOptions = { path: '/auth/oidc', httpOnly: true, sameSite: 'lax' as const, secure: config.cookieSecure };
  const setup: ProviderSetup = {
    issuer: oidc?.issuer,
    redirectUri: `${config.publicUrl}/auth/oidc/callback`,
    backchannelUri: `${config.publicUrl}/auth/oidc/backchannel-logout`,
    rolesClaim: config.oidc?.rolesClaim ?? 'roles',
    localLogin: config.localLogin,
    scimUrl: config.scim ? `${config.publicUrl}/scim/v2` : undefined,
  };
  /** Without a provider the sign-in routes do not exist. */
  const provider = () => {
    if (!oidc) throw new AppError('not_found', 'No identity provider is configured');
    return oidc;
  };

  app.get('/auth/oidc/login', async (request, reply) => {
    const s = provider();
    const next = safeNext(String((request.query as { next?: string }).next ?? '/admin'));
    const start = await startLogin(s).catch((err: unknown) => {
      request.log.error({ err }, 'the OpenID provider cannot be reached');
      throw new AppError('unavailable', 'provider_unavailable');
    });
    const cookie = crypto.randomBytes(32).toString('base64url');
    await savePendingLogin(db, cookie, { state: start.state, nonce: start.nonce, codeVerifier: start.codeVerifier, next });
    reply.setCookie(pendingCookie, cookie, { ...cookieOptions, maxAge: 600 });
    return reply.redirect(start.url.href, 303);
  });

  app.get('/auth/oidc/callback', async (request, reply) => {
    const s = provider();
    const cookie = request.cookies[pendingCookie];
    reply.clearCookie(pendingCookie, { path: '/auth/oidc' });
    const pending = cookie ? await takePendingLogin(db, cookie) : undefined;
    let who: ProviderIdentity;
    try {
      if (!pending) throw new Error('No sign-in under way in this browser (expired, replayed or never started)');
      who = await finishLogin(s, new URL(request.url, config.publicUrl), pending);
    } catch (err) {
      request.log.warn({ err }, 'OpenID sign-in refused');
      await audit(db, { label: 'oidc' }, { action: 'sign_in_failed', targetType: 'oidc', details: { reason: (err as Error).message.slice(0, 200) } });
      return sendPage(reply, <SignInFailedPage request={request} />, 400);
    }
    const account = await providerAccount(db, who);
    const grants = account.active ? await syncProviderGrants(db, account.id, who.claimValues) : [];
    if (grants.length === 0) {
      const reason = account.active ? 'no_role' : 'inactive';
      await audit(db, { label: account.username }, { action: 'sign_in_failed', targetType: 'user', targetId: account.username, details: { reason } });
      return sendPage(reply, <NoAccessPage request={request} admins={await countyAdministrators(db)} />, 403);
    }
    const session = await startSession(db, account.id, config.sessionHours, who.sid);
    await audit(db, session.principal, {
      action: 'sign_in',
      targetType: 'user',
      targetId: account.username,
      details: { provider: who.issuer, grants: grants.map((g) => `${g.role}@${g.node_id}:${g.source}`) },
    });
    reply.setCookie(sessionCookie, session.token, {
      path: '/',
      httpOnly: true,
      sameSite: 'lax',
      secure: config.cookieSecure,
      maxAge: config.sessionHours * 3600,
    });
    const next = pending!.next;
    return reply.redirect(next === '/admin' && landsOnResults(session.principal) ? '/portal' : next, 303);
  });

  // RP-initiated logout: /logout ends Kaiku's session and sends a provider account here.
  app.get('/auth/oidc/logout', async (request, reply) => {
    // Kaiku's own session has already ended; a provider that is down cannot keep the person here.
    const to = await endSessionUrl(provider(), `${config.publicUrl}/login`).catch((err: unknown) => {
      request.log.warn({ err }, 'the OpenID provider cannot be reached for sign-out');
      return undefined;
    });
    return reply.redirect(to?.href ?? '/login', 303);
  });

  app.post(
    '/auth/oidc/backchannel-logout',
    { config: { csrf: 'public', rateLimit: { max: 60, timeWindow: '1 minute' } }, bodyLimit: 16 * 1024 },
    async (request, reply) => {
      const s = provider();
      reply.header('cache-control', 'no-store');
      const body = z.object({ logout_token: z.string().min(10).max(8000) }).safeParse(request.body);
      if (!body.success) return reply.status(400).send({ error: 'invalid_request' });
      try {
        const { subject, sid } = await verifyLogoutToken(s, body.data.logout_token);
        const ended = await endLoggedOutSessions(db, s.issuer, subject, sid);
        await audit(db, { label: 'oidc' }, { action: 'sign_out', targetType: 'oidc', details: { backchannel: true, sessions: ended } });
        return reply.status(200).send();
      } catch (err) {
        request.log.warn({ err }, 'back-channel logout refused');
        return reply.status(400).send({ error: 'invalid_request' });
      }
    },
  );

  const showMappings = async (
    request: FastifyRequest,
    reply: FastifyReply,
    extra: { error?: string; typed?: z.infer<typeof mappingForm> } = {},
    status = 200,
  ) =>
    sendPage(
      reply,
      <MappingsPage
        request={request}
        mappings={await listMappings(db)}
        setup={setup}
        notice={takeNotice(request, reply)}
        error={extra.error}
        typed={extra.typed}
      />,
      status,
    );

  app.get('/admin/identity', async (request, reply) => {
    if (!canMapProviderRoles(requireUser(request))) throw new AppError('forbidden', 'County administrators only');
    return showMappings(request, reply);
  });

  app.post('/admin/identity/mappings', async (request, reply) => {
    const user = requireUser(request);
    // refused before the form is read: a wrong form must not tell anyone else anything
    if (!canMapProviderRoles(user)) throw new AppError('forbidden', 'County administrators only');
    const form = mappingForm.parse(request.body ?? {});
    try {
      await addMapping(db, user, { claimValue: form.claimValue, role: form.role, nodeCode: form.node });
    } catch (err) {
      if (!(err instanceof AppError && err.code === 'invalid' && isMessageKey(err.message))) throw err;
      return showMappings(request, reply, { error: request.t(err.message), typed: form }, 400);
    }
    return redirectWithNotice(reply, '/admin/identity', 'common.saved');
  });

  app.post('/admin/identity/mappings/:id/remove', async (request, reply) => {
    const user = requireUser(request);
    if (!canMapProviderRoles(user)) throw new AppError('forbidden', 'County administrators only');
    const { id } = z
      .object({
        id: z.coerce
          .number()
          .int()
          .positive()
          .max(2 ** 31 - 1),
      })
      .parse(request.params);
    await removeMapping(db, user, id);
    return redirectWithNotice(reply, '/admin/identity', 'common.saved');
  });
}
