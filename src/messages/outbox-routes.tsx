import type { FastifyInstance } from 'fastify';
import { requireCountyAdmin } from '../http/context.ts';
import { Page } from '../http/layout.tsx';
import { sendPage } from '../http/render.tsx';
import type { Config } from '../shared/config.ts';
import type { Db } from '../shared/db.ts';
import { recentOutbox } from './email-outbox.ts';
import { recentSms } from './sms-outbox.ts';
import { formatTime } from '../shared/i18n/format.ts';

/** The county's administrators see what Kaiku sent or tried to send; without SMTP, this is the development outbox. */
export async function outboxRoutes(app: FastifyInstance, opts: { db: Db; config: Config }) {
  app.get('/admin/outbox', async (request, reply) => {
    requireCountyAdmin(request);
    const { t, lang } = request;
    const rows = await recentOutbox(opts.db);
    const sms = await recentSms(opts.db);
    const when = (d: Date) => formatTime(d, lang);
    return sendPage(
      reply,
      <Page request={request} title={t('nav.outbox')}>
        {!opts.config.smtpUrl && <p class="notice">{t('outbox.dev')}</p>}
        {rows.map((m) => (
          <details>
            <summary>
              {when(m.created_at)} · {m.to_address} · {m.subject} ·{' '}
              {m.sent_at
                ? t('outbox.sent')
                : m.kept_at
                  ? t('outbox.kept')
                  : `${t('outbox.waiting')}${m.attempts ? ` (${m.attempts}: ${m.last_error ?? ''})` : ''}`}
            </summary>
            <pre class="mail">{m.body}</pre>
          </details>
        ))}
        <h2>{t('outbox.sms')}</h2>
        {sms.length === 0 && <p>{t('common.none')}</p>}
        {sms.map((m) => (
          <details>
            <summary>
              {when(m.created_at)} · {m.to_number} · {m.kind} · {m.sent_at ? t('outbox.sent') : m.kept_at ? t('outbox.kept') : t('outbox.smsWaiting')}
            </summary>
            <pre class="mail">{m.body}</pre>
          </details>
        ))}
      </Page>,
    );
  });
}
