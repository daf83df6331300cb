import type { FastifyRequest } from 'fastify';
import { Page } from '../http/layout.tsx';
import { formatTime } from '../shared/i18n/format.ts';
import type { recentOutbox } from './email-outbox.ts';
import type { recentSms } from './sms-outbox.ts';

/** What Kaiku sent or tried to send, e-mail and SMS, newest first. */
export function OutboxPage({
  request,
  rows,
  sms,
  smtp,
}: {
  request: FastifyRequest;
  rows: Awaited<ReturnType<typeof recentOutbox>>;
  sms: Awaited<ReturnType<typeof recentSms>>;
  smtp: boolean;
}) {
  const { t, lang } = request;
  const when = (d: Date) => formatTime(d, lang);
  return (
    <Page request={request} title={t('nav.outbox')}>
      {!smtp && <p class="notice">{t('outbox.dev')}</p>}
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
    </Page>
  );
}
