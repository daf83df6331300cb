import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { audit } from '../access/audit.ts';
import { redirectWithNotice, requireCountyAdmin, takeNotice } from '../http/context.ts';
import { sendPage } from '../http/render.tsx';
import type { Config } from '../shared/config.ts';
import type { Db } from '../shared/db.ts';
import { AppError } from '../shared/errors.ts';
import { isMessageKey } from '../shared/i18n/index.ts';
import { recentDeliveries } from './deliver.ts';
import { createEndpoint, listEndpoints, setEndpointActive } from './endpoints.ts';
import { type WebhookFormState, WebhooksPage } from './views.tsx';

/** Administrators register other systems' webhook endpoints and see what was delivered. */
export async function webhookRoutes(app: FastifyInstance, opts: { db: Db; config: Config }) {
  const { db, config } = opts;

  const page = async (request: FastifyRequest, reply: FastifyReply, state?: WebhookFormState) => {
    requireCountyAdmin(request);
    const [endpoints, deliveries] = await Promise.all([listEndpoints(db), recentDeliveries(db)]);
    return sendPage(
      reply,
      <WebhooksPage request={request} notice={takeNotice(request, reply)} endpoints={endpoints} deliveries={deliveries} state={state} />,
      state?.error ? 400 : 200,
    );
  };

  app.get('/admin/webhooks', (request, reply) => page(request, reply));

  app.post('/admin/webhooks', async (request, reply) => {
    const user = requireCountyAdmin(request);
    const body = (request.body ?? {}) as Record<string, unknown>;
    try {
      const { id, secret } = await createEndpoint(
        db,
        user.username,
        {
          url: String(body.url ?? ''),
          events: ([] as unknown[]).concat(body.events ?? []).map(String),
          description: String(body.description ?? ''),
        },
        config.webhookAllowPrivate,
      );
      await audit(db, user, { action: 'webhook_created', targetType: 'webhook_endpoint', targetId: id, details: { url: String(body.url) } });
      return page(request, reply, { secret });
    } catch (err) {
      if (!(err instanceof AppError) || err.code !== 'invalid') throw err;
      return page(request, reply, { error: isMessageKey(err.message) ? request.t(err.message) : request.t('error.invalid'), typed: body });
    }
  });

  app.post('/admin/webhooks/:id/active', async (request, reply) => {
    const user = requireCountyAdmin(request);
    const { id } = z.object({ id: z.coerce.number().int().positive() }).parse(request.params);
    const { active } = z.object({ active: z.enum(['true', 'false']) }).parse(request.body);
    await setEndpointActive(db, id, active === 'true');
    await audit(db, user, { action: 'webhook_changed', targetType: 'webhook_endpoint', targetId: id, details: { active } });
    return redirectWithNotice(reply, '/admin/webhooks', 'common.saved');
  });
}
