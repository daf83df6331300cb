import crypto from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { redirectWithNotice, requireUser, takeNotice } from '../http/context.ts';
import { sendPage } from '../http/render.tsx';
import { ManagePage } from './manage-views.tsx';
import { countNodes } from '../organisation/tree-queries.ts';
import type { Config } from '../shared/config.ts';
import type { Db } from '../shared/db.ts';
import { AppError } from '../shared/errors.ts';
import { isMessageKey } from '../shared/i18n/index.ts';
import { apiScopes, createApiKey, listApiKeys, revokeApiKey } from './api-keys.ts';
import { listAudit } from './audit.ts';
import { canManageApiKeys, canManageUsers, canReadAuditLog, landsOnResults } from './permissions.ts';
import { roles } from './roles.ts';
import { signIn, signInLimit, signOut } from './sessions.ts';
import { createUser, grantRole, grantsOf, listUsers, revokeRole, setOwnLocale, setPassword, setUserActive } from './users.ts';
import { AccountPage, ApiKeysPage, AuditPage, HomePage, SignInPage, UserPage, UsersPage } from './views.tsx';

export const sessionCookie = 'kaiku_session';
const loginCookie = 'kaiku_login';

const signInForm = z.object({
  username: z.string().max(200).default(''),
  password: z.string().max(1000).default(''),
  next: z.string().max(2000).default('/admin'),
  _login: z.string().max(100).default(''),
});

const auditActions = [
  'sign_in',
  'sign_in_failed',
  'sign_out',
  'user_created',
  'user_updated',
  'password_changed',
  'role_granted',
  'role_revoked',
  'api_key_created',
  'api_key_revoked',
  'oidc_mapping_added',
  'oidc_mapping_removed',
  'scim_user_deactivated',
  'scim_user_deleted',
  'scim_group_saved',
  'scim_group_deleted',
  'org_imported',
  'feedback_read',
  'feedback_export',
] as const;

/**
 * Only a place on this site: the address is resolved the way a browser would (which drops tabs and
 * newlines and reads "\\" as "/"), and must keep Kaiku's own origin.
 */
export function safeNext(next: string, fallback = '/admin'): string {
  const base = 'http://kaiku.invalid';
  try {
    const u = new URL(next, `${base}/admin`);
    if (u.origin !== base || !next.startsWith('/')) return fallback;
    return `${u.pathname}${u.search}${u.hash}`;
  } catch {
    return fallback;
  }
}

/** Translates a domain error message key where there is one ("password_too_short"). */
function errorText(request: FastifyRequest, err: unknown): string {
  if (err instanceof AppError) {
    const key = `error.${err.message}`;
    return isMessageKey(key) ? request.t(key) : request.t(`error.${err.code}`);
  }
  if (err instanceof z.ZodError) {
    return err.issues
      .map((i) => (isMessageKey(`error.${i.message}`) ? request.t(`error.${i.message}` as 'error.invalid') : `${i.path.join('.')}: ${i.message}`))
      .join(' ');
  }
  throw err;
}

export async function accessRoutes(app: FastifyInstance, opts: { db: Db; config: Config }) {
  const { db, config } = opts;
  const cookieOptions = { path: '/', httpOnly: true, sameSite: 'lax' as const, secure: config.cookieSecure };

  const showSignIn = (request: FastifyRequest, reply: FastifyReply, extra: { error?: string; username?: string; next?: string }, status = 200) => {
    const loginToken = crypto.randomBytes(18).toString('base64url');
    reply.setCookie(loginCookie, loginToken, { ...cookieOptions, maxAge: 3600 });
    return sendPage(
      reply,
      <SignInPage
        request={request}
        loginToken={loginToken}
        next={extra.next ?? '/admin'}
        error={extra.error}
        username={extra.username ?? ''}
        demo={config.demo}
        provider={!!config.oidc}
        localLogin={config.localLogin}
      />,
      status,
    );
  };

  app.get('/login', async (request, reply) => {
    const next = safeNext(String((request.query as { next?: string }).next ?? '/admin'));
    return showSignIn(request, reply, { next });
  });

  app.post('/login', { config: { csrf: 'login', rateLimit: { max: 20, timeWindow: '1 minute' } } }, async (request, reply) => {
    const form = signInForm.parse(request.body ?? {});
    const next = safeNext(form.next);
    // Double-submit check: a sign-in form posted from another site has no matching cookie.
    if (!form._login || form._login !== request.cookies[loginCookie]) {
      return showSignIn(request, reply, { error: request.t('signIn.expired'), username: form.username, next }, 403);
    }
    try {
      const s = await signIn(db, {
        username: form.username,
        password: form.password,
        sessionHours: config.sessionHours,
        address: request.ip,
        localLogin: config.localLogin,
      });
      reply.clearCookie(loginCookie, { path: '/' });
      reply.setCookie(sessionCookie, s.token, { ...cookieOptions, maxAge: config.sessionHours * 3600 });
      // Managers and analysts land on their own area's results; everyone else on the home page.
      const landing = form.next === '/admin' && landsOnResults(s.principal) ? '/portal' : next;
      return reply.redirect(landing, 303);
    } catch (err) {
      if (!(err instanceof AppError)) throw err;
      const error =
        err.code === 'rate_limited'
          ? request.t('signIn.tooMany', { minutes: signInLimit.minutes })
          : err.code === 'forbidden'
            ? request.t('signIn.useProvider')
            : request.t('signIn.wrong');
      const status = err.code === 'rate_limited' ? 429 : err.code === 'forbidden' ? 403 : 401;
      return showSignIn(request, reply, { error, username: form.username, next }, status);
    }
  });

  app.post('/logout', async (request, reply) => {
    const token = request.cookies[sessionCookie];
    const ended = token ? await signOut(db, token) : { atProvider: false };
    reply.clearCookie(sessionCookie, { path: '/' });
    // Signed in at the county's provider: signing out there too (identity/ sends the browser on).
    return reply.redirect(ended.atProvider && config.oidc ? '/auth/oidc/logout' : '/login', 303);
  });

  app.get('/admin', async (request, reply) => {
    const user = requireUser(request);
    const grants = await grantsOf(db, user.userId, request.lang);
    const [counts, tasks] = await Promise.all([countNodes(db), request.server.kaikuHome(user, request.lang)]);
    return sendPage(
      reply,
      <HomePage request={request} name={user.displayName} grants={grants} counts={counts} tasks={tasks} notice={takeNotice(request, reply)} />,
    );
  });

  app.get('/admin/manage', async (request, reply) => {
    const user = requireUser(request);
    const entries = request.server.kaikuMenu.filter((n) => n.section && n.show(user));
    if (entries.length === 0) throw new AppError('forbidden', 'No administration tasks');
    return sendPage(reply, <ManagePage request={request} entries={entries} />);
  });

  // Users
  app.get('/admin/users', async (request, reply) => {
    const user = requireUser(request);
    return sendPage(reply, <UsersPage request={request} users={await listUsers(db, user)} notice={takeNotice(request, reply)} />);
  });

  app.post('/admin/users', async (request, reply) => {
    const user = requireUser(request);
    const body = request.body as Record<string, string>;
    try {
      const created = await createUser(db, user, {
        username: body.username ?? '',
        displayName: body.displayName ?? '',
        email: body.email ?? '',
        password: body.password || undefined,
        locale: (body.locale as 'fi') ?? 'fi',
      });
      return redirectWithNotice(reply, `/admin/users/${encodeURIComponent(created.username)}`, 'common.saved');
    } catch (err) {
      if (err instanceof AppError && err.code === 'forbidden') throw err;
      return sendPage(reply, <UsersPage request={request} users={await listUsers(db, user)} errors={[errorText(request, err)]} />, 400);
    }
  });

  const userParams = z.object({ username: z.string().max(64) });
  const grantForm = z.object({ role: z.enum(roles), node: z.string().trim().min(1).max(200) });

  app.get('/admin/users/:username', async (request, reply) => {
    const actor = requireUser(request);
    const { username } = userParams.parse(request.params);
    const found = (await listUsers(db, actor)).find((u) => u.username === username);
    if (!found) throw new AppError('not_found', 'No such user');
    return sendPage(reply, <UserPage request={request} user={found} notice={takeNotice(request, reply)} />);
  });

  app.post('/admin/users/:username/grant', async (request, reply) => {
    const actor = requireUser(request);
    // refused before the form is read: a wrong form must not tell a non-administrator anything
    if (!canManageUsers(actor)) throw new AppError('forbidden', 'Administrators only');
    const { username } = userParams.parse(request.params);
    const form = grantForm.parse(request.body);
    await grantRole(db, actor, { username, role: form.role, nodeCode: form.node });
    return redirectWithNotice(reply, `/admin/users/${encodeURIComponent(username)}`, 'common.saved');
  });

  app.post('/admin/users/:username/revoke', async (request, reply) => {
    const actor = requireUser(request);
    // refused before the form is read: a wrong form must not tell a non-administrator anything
    if (!canManageUsers(actor)) throw new AppError('forbidden', 'Administrators only');
    const { username } = userParams.parse(request.params);
    const form = grantForm.parse(request.body);
    await revokeRole(db, actor, { username, role: form.role, nodeCode: form.node });
    return redirectWithNotice(reply, `/admin/users/${encodeURIComponent(username)}`, 'common.saved');
  });

  app.post('/admin/users/:username/active', async (request, reply) => {
    const actor = requireUser(request);
    // refused before the form is read: a wrong form must not tell a non-administrator anything
    if (!canManageUsers(actor)) throw new AppError('forbidden', 'Administrators only');
    const { username } = userParams.parse(request.params);
    const { active } = z.object({ active: z.enum(['true', 'false']) }).parse(request.body);
    await setUserActive(db, actor, username, active === 'true');
    return redirectWithNotice(reply, `/admin/users/${encodeURIComponent(username)}`, 'common.saved');
  });

  app.post('/admin/users/:username/password', async (request, reply) => {
    const actor = requireUser(request);
    // refused before the form is read: a wrong form must not tell a non-administrator anything
    if (!canManageUsers(actor)) throw new AppError('forbidden', 'Administrators only');
    const { username } = userParams.parse(request.params);
    const { password } = z.object({ password: z.string().max(1000) }).parse(request.body);
    await setPassword(db, actor, username, password);
    return redirectWithNotice(reply, `/admin/users/${encodeURIComponent(username)}`, 'common.saved');
  });

  // Own account
  app.get('/admin/account', async (request, reply) => {
    requireUser(request);
    return sendPage(reply, <AccountPage request={request} notice={takeNotice(request, reply)} />);
  });

  app.post('/admin/account/password', async (request, reply) => {
    const user = requireUser(request);
    const { password, current } = z.object({ password: z.string().max(1000), current: z.string().max(1000).default('') }).parse(request.body);
    try {
      await setPassword(db, user, user.username, password, { currentPassword: current });
    } catch (err) {
      return sendPage(reply, <AccountPage request={request} error={errorText(request, err)} />, 400);
    }
    // Changing the password ends every session, this one too.
    reply.clearCookie(sessionCookie, { path: '/' });
    return reply.redirect('/login', 303);
  });

  app.post('/admin/account/locale', async (request, reply) => {
    const user = requireUser(request);
    const { locale } = z.object({ locale: z.enum(['fi', 'sv', 'en']) }).parse(request.body);
    await setOwnLocale(db, user, locale);
    reply.setCookie('kaiku_lang', locale, { path: '/', sameSite: 'lax', maxAge: 365 * 86400 });
    return redirectWithNotice(reply, '/admin/account', 'common.saved');
  });

  // API keys
  app.get('/admin/api-keys', async (request, reply) => {
    const user = requireUser(request);
    if (!canManageApiKeys(user)) throw new AppError('forbidden', 'Not allowed');
    return sendPage(reply, <ApiKeysPage request={request} keys={await listApiKeys(db, user)} scopes={apiScopes} />);
  });

  app.post('/admin/api-keys', async (request, reply) => {
    const user = requireUser(request);
    if (!canManageApiKeys(user)) throw new AppError('forbidden', 'Administrators only');
    const body = (request.body ?? {}) as { name?: string; scopes?: string | string[]; node?: string };
    const scopes = body.scopes === undefined ? [] : Array.isArray(body.scopes) ? body.scopes : [body.scopes];
    try {
      const { key } = await createApiKey(db, user, { name: body.name ?? '', scopes, nodeCode: body.node });
      return sendPage(reply, <ApiKeysPage request={request} keys={await listApiKeys(db, user)} scopes={apiScopes} newKey={key} />);
    } catch (err) {
      if (err instanceof AppError && err.code === 'forbidden' && err.message !== 'api_key_node_forbidden') throw err;
      return sendPage(
        reply,
        <ApiKeysPage request={request} keys={await listApiKeys(db, user)} scopes={apiScopes} error={errorText(request, err)} typed={body} />,
        400,
      );
    }
  });

  app.post('/admin/api-keys/:prefix/revoke', async (request, reply) => {
    const user = requireUser(request);
    if (!canManageApiKeys(user)) throw new AppError('forbidden', 'Administrators only');
    const { prefix } = z.object({ prefix: z.string().regex(/^[0-9a-f]{12}$/) }).parse(request.params);
    await revokeApiKey(db, user, prefix);
    return reply.redirect('/admin/api-keys', 303);
  });

  // Audit log
  app.get('/admin/audit', async (request, reply) => {
    const user = requireUser(request);
    if (!canReadAuditLog(user)) throw new AppError('forbidden', 'Not allowed');
    const q = z
      .object({
        action: z
          .enum(auditActions)
          .optional()
          .or(z.literal('').transform(() => undefined)),
        before: z.coerce.number().int().positive().optional(),
      })
      .parse(request.query);
    const rows = await listAudit(db, { action: q.action, before: q.before, limit: 100 });
    return sendPage(reply, <AuditPage request={request} rows={rows} action={q.action} actions={auditActions} />);
  });

  app.get('/api/v1/audit', async (request) => {
    const p = request.principal;
    if (!p || !canReadAuditLog(p)) throw new AppError(p ? 'forbidden' : 'unauthorized', 'audit:read scope needed');
    const q = z
      .object({
        action: z.enum(auditActions).optional(),
        before: z.coerce.number().int().positive().optional(),
        limit: z.coerce.number().int().min(1).max(500).default(100),
      })
      .parse(request.query);
    return { entries: await listAudit(db, q) };
  });
}
