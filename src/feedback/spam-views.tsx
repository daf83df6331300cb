import type { FastifyRequest } from 'fastify';
import { CsrfField, Page } from '../http/layout.tsx';
import { formatTime } from '../shared/i18n/format.ts';
import type { suspectedSpam } from './spam-queue.ts';

/** Feedback held as suspected spam, each to release or confirm. */
export function SpamQueuePage({
  request,
  notice,
  items,
}: {
  request: FastifyRequest;
  notice: string | undefined;
  items: Awaited<ReturnType<typeof suspectedSpam>>;
}) {
  const { t, lang } = request;
  const when = (d: Date) => formatTime(d, lang);
  return (
    <Page request={request} title={t('spam.title')} notice={notice}>
      <p>{t('spam.help')}</p>
      {items.length === 0 && <p>{t('spam.none')}</p>}
      {items.map((f) => (
        <article class="card spam">
          <h2>
            {f.reference} · {f.target_name}
          </h2>
          <p class="muted">
            {when(f.received_at)} · {t('spam.reasons')}: {f.spam_reasons.join(', ')}
          </p>
          <p class="spam-text">{f.text}</p>
          <form method="post" action={`/admin/feedback/${f.id}/spam`} class="row">
            <CsrfField request={request} />
            <button type="submit" name="genuine" value="true" aria-label={`${t('spam.release')}: ${f.reference}`}>
              {t('spam.release')}
            </button>
            <button type="submit" name="genuine" value="false" class="secondary" aria-label={`${t('spam.confirm')}: ${f.reference}`}>
              {t('spam.confirm')}
            </button>
          </form>
        </article>
      ))}
    </Page>
  );
}
