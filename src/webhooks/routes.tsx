import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { audit } from '../access/audit.ts';
import { redirectWithNotice, requireCountyAdmin, takeNotice } from '../http/context.ts';
import { CsrfField, ErrorList, Page } from '../http/layout.tsx';
import { sendPage } from '../http/render.tsx';
import type { Config } from '../shared/config.ts';
import type { Db } from '../shared/db.ts';
import { AppError } from '../shared/errors.ts';
import { formatShort } from '../shared/i18n/format.ts';
import { isMessageKey } from '../shared/i18n/index.ts';
import { recentDeliveries } from './deliver.ts';
import { createEndpoint, listEndpoints, setEndpointActive, webhookEvents } from './endpoints.ts';

/** Administrators register other systems' webhook endpoints and see what was delivered. */
export async function webhookRoutes(app: FastifyInstance, opts: { db: Db; config: Config }) {
  const { db, config } = opts;

  const page = async (request: FastifyRequest, reply: FastifyReply, state?: { error?: string; secret?: string; typed?: Record<string, unknown> }) => {
    requireCountyAdmin(request);
    const { t, lang } = request;
    const [endpoints, deliveries] = await Promise.all([listEndpoints(db), recentDeliveries(db)]);
    const typedEvents = ([] as unknown[]).concat(state?.typed?.events ?? []);
    return sendPage(
      reply,
      <Page request={request} title={t('webhook.title')} notice={takeNotice(request, reply)}>
        <p>{t('webhook.intro')}</p>
        {state?.secret && (
          <div class="notice" role="status">
            <p>{t('webhook.secretOnce')}</p>
            <p>
              <code>{state.secret}</code>
            </p>
          </div>
        )}
        {endpoints.length > 0 && (
          <table>
            <caption class="visually-hidden">{t('webhook.title')}</caption>
            <thead>
              <tr>
                <th scope="col">URL</th>
                <th scope="col">{t('webhook.events')}</th>
                <th scope="col" class="num">
                  {t('webhook.delivered')}
                </th>
                <th scope="col" class="num">
                  {t('webhook.waiting')}
                </th>
                <th scope="col" class="num">
                  {t('webhook.givenUp')}
                </th>
                <th scope="col">
                  <span class="visually-hidden">{t('webhook.toggle')}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {endpoints.map((e) => (
                <tr>
                  <td>
                    {e.url}
                    {e.description && (
                      <>
                        <br />
                        <span class="hint">{e.description}</span>
                      </>
                    )}
                  </td>
                  <td>{e.events.join(', ')}</td>
                  <td class="num">{e.delivered}</td>
                  <td class="num">{e.waiting}</td>
                  <td class="num">{e.given_up}</td>
                  <td>
                    <form method="post" action={`/admin/webhooks/${e.id}/active`}>
                      <CsrfField request={request} />
                      <input type="hidden" name="active" value={e.active ? 'false' : 'true'} />
                      <button type="submit" class="secondary" aria-label={`${e.active ? t('common.deactivate') : t('common.activate')}: ${e.url}`}>
                        {e.active ? t('common.deactivate') : t('common.activate')}
                      </button>
                    </form>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        <h2 id="new">{t('webhook.add')}</h2>
        {state?.error && <ErrorList title={state.error} items={[]} />}
        <form method="post" action="/admin/webhooks" class="stack">
          <CsrfField request={request} />
          <label for="w-url">URL</label>
          <input id="w-url" name="url" type="url" required maxLength={2000} value={typeof state?.typed?.url === 'string' ? state.typed.url : ''} />
          <fieldset>
            <legend>{t('webhook.events')}</legend>
            {webhookEvents.map((e) => (
              <label class="check">
                <input type="checkbox" name="events" value={e} checked={typedEvents.includes(e)} /> {e}
              </label>
            ))}
          </fieldset>
          <label for="w-desc">{t('common.description')}</label>
          <input id="w-desc" name="description" maxLength={500} value={typeof state?.typed?.description === 'string' ? state.typed.description : ''} />
          <p>
            <button type="submit">{t('webhook.add')}</button>
          </p>
        </form>
        <h2>{t('webhook.recent')}</h2>
        {deliveries.length === 0 ? (
          <p>{t('webhook.none')}</p>
        ) : (
          <table>
            <caption class="visually-hidden">{t('webhook.recent')}</caption>
            <thead>
              <tr>
                <th scope="col">webhook-id</th>
                <th scope="col">{t('webhook.event')}</th>
                <th scope="col">{t('common.received')}</th>
                <th scope="col" class="num">
                  {t('webhook.attempts')}
                </th>
                <th scope="col">{t('common.status')}</th>
              </tr>
            </thead>
            <tbody>
              {deliveries.map((d) => (
                <tr>
                  <td>
                    <code>{d.message_id}</code>
                  </td>
                  <td>{d.event_type}</td>
                  <td>{formatShort(d.created_at, lang, true)}</td>
                  <td class="num">{d.attempts}</td>
                  <td>
                    {d.delivered_at
                      ? t('webhook.ok')
                      : d.gave_up_at
                        ? `${t('webhook.gaveUp')}: ${d.last_error ?? ''}`
                        : d.last_error
                          ? `${t('webhook.retrying')}: ${d.last_error}`
                          : t('webhook.queued')}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </Page>,
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
