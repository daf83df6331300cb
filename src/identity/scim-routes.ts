import crypto from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import SCIMMY from 'scimmy';
import type { Config } from '../shared/config.ts';
import type { Db } from '../shared/db.ts';
import { AppError, httpStatus } from '../shared/errors.ts';
import { deleteScimGroup, findScimGroups, getScimGroup, saveScimGroup } from './scim-groups.ts';
import { createScimUser, deleteScimUser, findScimUsers, getScimUser, type ScimContext, updateScimUser } from './scim-users.ts';

/**
 * SCIMMY keeps its resource types in one registry per process; the handlers take the database and
 * issuer from the context each request passes, so every app in the process can share them.
 */
function declareOnce(publicUrl: string) {
  if (!SCIMMY.Resources.declared(SCIMMY.Resources.User)) {
    SCIMMY.Config.set({ patch: true, filter: { supported: true, maxResults: 1000 }, bulk: false, sort: false, changePassword: false, etag: false });
    SCIMMY.Resources.declare(SCIMMY.Resources.User)
      .egress((resource, ctx: ScimContext) => (resource.id ? getScimUser(ctx, resource.id) : findScimUsers(ctx, resource.filter)))
      .ingress((resource, instance, ctx: ScimContext) =>
        resource.id ? updateScimUser(ctx, resource.id, instance as never) : createScimUser(ctx, instance as never),
      )
      .degress((resource, ctx: ScimContext) => deleteScimUser(ctx, resource.id!));
    SCIMMY.Resources.declare(SCIMMY.Resources.Group)
      .egress((resource, ctx: ScimContext) => (resource.id ? getScimGroup(ctx, resource.id) : findScimGroups(ctx, resource.filter)))
      .ingress((resource, instance, ctx: ScimContext) => saveScimGroup(ctx, resource.id, instance as never))
      .degress((resource, ctx: ScimContext) => deleteScimGroup(ctx, resource.id!));
  }
  SCIMMY.Resources.User.basepath(`${publicUrl}/scim/v2`);
  SCIMMY.Resources.Group.basepath(`${publicUrl}/scim/v2`);
}

const sameSecret = (a: string, b: string) =>
  crypto.timingSafeEqual(crypto.createHash('sha256').update(a).digest(), crypto.createHash('sha256').update(b).digest());

/** Query parameters as SCIMMY takes them; startIndex and count are numbers in the protocol. */
function listParams(query: unknown) {
  const q = (query ?? {}) as Record<string, string | undefined>;
  const num = (v: string | undefined) => (v !== undefined && /^[0-9]{1,6}$/.test(v) ? Number(v) : undefined);
  return {
    ...(q.filter ? { filter: q.filter.slice(0, 2000) } : {}),
    ...(q.attributes ? { attributes: q.attributes.slice(0, 1000) } : {}),
    ...(q.excludedAttributes ? { excludedAttributes: q.excludedAttributes.slice(0, 1000) } : {}),
    ...(num(q.startIndex) !== undefined ? { startIndex: Math.max(1, num(q.startIndex)!) } : {}),
    ...(num(q.count) !== undefined ? { count: Math.min(1000, num(q.count)!) } : {}),
  };
}

/**
 * Entra ID, unless its app is set to SCIM-compliant behaviour, sends booleans as "True" and
 * "False" in PATCH operations; SCIMMY rightly refuses those, so they are read as booleans first.
 */
function entraBooleans(body: unknown): unknown {
  const ops = (body as { Operations?: unknown })?.Operations;
  if (!Array.isArray(ops)) return body;
  const bool = (v: unknown) => (typeof v === 'string' && /^(true|false)$/i.test(v) ? v.toLowerCase() === 'true' : v);
  const fix = (op: Record<string, unknown>) => {
    if (typeof op.path === 'string' && op.path.toLowerCase() === 'active') return { ...op, value: bool(op.value) };
    if (op.value && typeof op.value === 'object' && !Array.isArray(op.value) && 'active' in op.value)
      return { ...op, value: { ...(op.value as object), active: bool((op.value as { active: unknown }).active) } };
    return op;
  };
  return { ...(body as object), Operations: ops.map((op) => (op && typeof op === 'object' ? fix(op as Record<string, unknown>) : op)) };
}

/** SCIM 2.0 (RFC 7644) for the provider's provisioning: Users, Groups and the discovery resources. */
export async function scimRoutes(app: FastifyInstance, opts: { db: Db; config: Config }) {
  const { db, config } = opts;
  const scim = config.scim;
  const issuer = config.oidc?.issuer;
  declareOnce(config.publicUrl);
  const ctx: ScimContext | undefined = issuer ? { db, issuer } : undefined;

  app.addContentTypeParser('application/scim+json', { parseAs: 'string', bodyLimit: 1024 * 1024 }, (_request, body, done) => {
    try {
      done(null, JSON.parse(body as string));
    } catch {
      done(new AppError('invalid', 'The body is not JSON'), undefined);
    }
  });

  const send = (reply: FastifyReply, status: number, body?: unknown) =>
    reply
      .status(status)
      .header('content-type', 'application/scim+json; charset=utf-8')
      .header('cache-control', 'no-store')
      .send(body === undefined ? undefined : JSON.stringify(body));

  // A body that is not JSON, too large, or a route without SCIM configured: the provider reads SCIM errors, not pages.
  app.setErrorHandler((err: Error & { statusCode?: number; code?: string }, _request, reply) => {
    const status = err instanceof AppError ? httpStatus[err.code] : err.statusCode && err.statusCode < 500 ? err.statusCode : 500;
    const scimType = status === 400 ? 'invalidSyntax' : null;
    return send(
      reply,
      status,
      new SCIMMY.Messages.Error(new SCIMMY.Types.Error(status, scimType as never, status >= 500 ? 'The request could not be handled' : err.message)),
    );
  });

  /** Runs a SCIM operation, or answers with a SCIM error; the token is checked first, in constant time. */
  const handle =
    (op: (request: FastifyRequest, ctx: ScimContext) => Promise<{ status: number; body?: unknown }>) =>
    async (request: FastifyRequest, reply: FastifyReply) => {
      if (!scim || !ctx) throw new AppError('not_found', 'SCIM provisioning is not configured');
      const header = request.headers.authorization ?? '';
      const token = header.startsWith('Bearer ') ? header.slice(7).trim() : '';
      if (!token || !sameSecret(token, scim.token)) {
        reply.header('www-authenticate', 'Bearer realm="scim"');
        return send(reply, 401, new SCIMMY.Messages.Error({ status: 401, detail: 'A valid bearer token is required' }));
      }
      try {
        const { status, body } = await op(request, ctx);
        return send(reply, status, body);
      } catch (err) {
        // SCIMMY's parsers throw a bare TypeError on some malformed filters and values: the request's fault.
        const known =
          err instanceof SCIMMY.Types.Error
            ? err
            : err instanceof TypeError
              ? new SCIMMY.Types.Error(400, 'invalidValue', 'The request could not be read')
              : new SCIMMY.Types.Error(500, null as never, 'The request could not be handled');
        const status = known.status;
        if (status >= 500) request.log.error({ err }, 'SCIM request failed');
        else request.log.info({ err: (err as Error).message }, 'SCIM request refused');
        return send(reply, status, new SCIMMY.Messages.Error(known));
      }
    };

  const route = { config: { csrf: 'public' as const, rateLimit: { max: 3000, timeWindow: '1 minute' } } };
  const id = (request: FastifyRequest) => (request.params as { id: string }).id;
  const resources = { Users: SCIMMY.Resources.User, Groups: SCIMMY.Resources.Group } as const;

  for (const [path, Resource] of Object.entries(resources)) {
    app.get(
      `/scim/v2/${path}`,
      route,
      handle(async (request, c) => ({ status: 200, body: await new Resource(undefined, listParams(request.query)).read(c) })),
    );
    app.get(
      `/scim/v2/${path}/:id`,
      route,
      handle(async (request, c) => ({ status: 200, body: await new Resource(id(request), listParams(request.query)).read(c) })),
    );
    app.post(
      `/scim/v2/${path}`,
      route,
      handle(async (request, c) => ({ status: 201, body: await new Resource(undefined, listParams(request.query)).write(request.body as object, c) })),
    );
    app.put(
      `/scim/v2/${path}/:id`,
      route,
      handle(async (request, c) => ({ status: 200, body: await new Resource(id(request), listParams(request.query)).write(request.body as object, c) })),
    );
    app.patch(
      `/scim/v2/${path}/:id`,
      route,
      handle(async (request, c) => {
        const patched = await new Resource(id(request), listParams(request.query)).patch(entraBooleans(request.body) as never, c);
        return patched ? { status: 200, body: patched } : { status: 204 };
      }),
    );
    app.delete(
      `/scim/v2/${path}/:id`,
      route,
      handle(async (request, c) => {
        await new Resource(id(request)).dispose(c);
        return { status: 204 };
      }),
    );
  }

  app.get(
    '/scim/v2/ServiceProviderConfig',
    route,
    handle(async () => ({ status: 200, body: await new SCIMMY.Resources.ServiceProviderConfig().read() })),
  );
  app.get(
    '/scim/v2/ResourceTypes',
    route,
    handle(async () => ({ status: 200, body: await new SCIMMY.Resources.ResourceType().read() })),
  );
  app.get(
    '/scim/v2/Schemas',
    route,
    handle(async () => ({ status: 200, body: await new SCIMMY.Resources.Schema().read() })),
  );
}
