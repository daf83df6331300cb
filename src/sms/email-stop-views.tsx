import type { FastifyRequest } from 'fastify';
import { Page } from '../http/layout.tsx';

/** The page of an e-mail invitation's "do not ask me again" link: a button, so a mail scanner opening links changes nothing. */
export function EmailStopPage({ request, done, unknown }: { request: FastifyRequest; done?: boolean; unknown?: boolean }) {
  const { t } = request;
  return (
    <Page request={request} title={t('sms.mailStop.title')}>
      <p>{unknown ? t('sms.mailStop.unknown') : done ? t('sms.mailStop.done') : t('sms.mailStop.text')}</p>
      {!done && !unknown && (
        <form method="post" action={request.url.split('?')[0]!}>
          <button type="submit">{t('sms.mailStop.button')}</button>
        </form>
      )}
    </Page>
  );
}
