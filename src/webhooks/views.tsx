import type { FastifyRequest } from 'fastify';
import { CsrfField, ErrorList, Page } from '../http/layout.tsx';
import { formatShort } from '../shared/i18n/format.ts';
import type { recentDeliveries } from './deliver.ts';
import { type WebhookEndpoint, webhookEvents } from './endpoints.ts';

/** What a refused or just-saved form shows: the reason, the one-time secret, or what was typed. */
export type WebhookFormState = { error?: string; secret?: string; typed?: Record<string, unknown> };

/** The registered endpoints, the form to add one and the latest deliveries. */
export function WebhooksPage({
  request,
  notice,
  endpoints,
  deliveries,
  state,
}: {
  request: FastifyRequest;
  notice: string | undefined;
  endpoints: WebhookEndpoint[];
  deliveries: Awaited<ReturnType<typeof recentDeliveries>>;
  state?: WebhookFormState | undefined;
}) {
  const { t, lang } = request;
  const typedEvents = ([] as unknown[]).concat(state?.typed?.events ?? []);
  return (
    <Page request={request} title={t('webhook.title')} notice={notice}>
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
                <td>
                  {e.events.map((x, i) => (
                    <>
                      {i > 0 && ', '}
                      <code>{x}</code>
                    </>
                  ))}
                </td>
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
              <input type="checkbox" name="events" value={e} checked={typedEvents.includes(e)} /> <code>{e}</code>
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
    </Page>
  );
}
