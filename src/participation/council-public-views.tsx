import type { FastifyRequest } from 'fastify';
import { ErrorSummary, Page } from '../http/layout.tsx';
import { formatDate } from '../shared/i18n/format.ts';
import { localise } from '../surveys/definition.ts';
import type { ApplicationError, CouncilCall } from './councils.ts';
import { AgeGroupSelect } from './ui.tsx';

export const fieldIds: Record<ApplicationError, string> = {
  call: 'app-call',
  name: 'app-name',
  contact: 'app-contact',
  motivation: 'app-motivation',
  consent: 'app-consent',
};

/** The open calls for customer-council members and the application form; errors at their fields. */
export function CouncilCallPage({
  request,
  calls,
  typed,
  errors,
}: {
  request: FastifyRequest;
  calls: CouncilCall[];
  typed: Record<string, string>;
  errors: ApplicationError[];
}) {
  const { t, lang } = request;
  const err = (e: ApplicationError) =>
    errors.includes(e) && (
      <p class="field-error" id={`${fieldIds[e]}-error`}>
        {t(`council.err.${e}`)}
      </p>
    );
  const describedBy = (e: ApplicationError) => (errors.includes(e) ? `${fieldIds[e]}-error` : undefined);
  const selected = typed.call ?? (calls.length === 1 ? String(calls[0]!.id) : '');
  return (
    <Page request={request} title={`${errors.length ? `${t('common.checkForm')}: ` : ''}${t('council.publicTitle')}`}>
      <p>{t('council.publicIntro')}</p>
      {calls.length === 0 ? (
        <p>{t('council.noCalls')}</p>
      ) : (
        <>
          <ErrorSummary title={t('common.checkForm')} items={errors.map((e) => ({ href: `#${fieldIds[e]}`, text: t(`council.err.${e}`) }))} />
          <form method="post" action="/asiakasraati" novalidate class="stack feedback-form">
            <fieldset id="app-call" aria-describedby={describedBy('call')}>
              <legend>{t('council.chooseCall')}</legend>
              {err('call')}
              {calls.map((c) => (
                <label class="check">
                  <input type="radio" name="call" value={String(c.id)} checked={selected === String(c.id)} />
                  <span>
                    <strong>{localise(c.title, lang)}</strong> ({c.council_name}) · {t('council.closes', { date: formatDate(c.closes_on, lang) })}
                    {localise(c.description, lang) && (
                      <span class="hint">
                        <br />
                        {localise(c.description, lang)}
                      </span>
                    )}
                  </span>
                </label>
              ))}
            </fieldset>
            <label for="app-name">{t('council.name')}</label>
            {err('name')}
            <input
              id="app-name"
              name="name"
              type="text"
              autocomplete="name"
              maxLength={200}
              value={typed.name ?? ''}
              aria-describedby={describedBy('name')}
              aria-invalid={errors.includes('name') ? 'true' : undefined}
            />
            <label for="app-contact">{t('pool.contact')}</label>
            {err('contact')}
            <input
              id="app-contact"
              name="contact"
              type="text"
              autocomplete="email"
              maxLength={300}
              value={typed.contact ?? ''}
              aria-describedby={describedBy('contact')}
              aria-invalid={errors.includes('contact') ? 'true' : undefined}
            />
            <label for="app-municipality">{t('pool.municipality')}</label>
            <input id="app-municipality" name="municipality" type="text" autocomplete="address-level2" maxLength={80} value={typed.municipality ?? ''} />
            <AgeGroupSelect t={t} id="app-age" value={typed.ageGroup} />
            <label for="app-motivation">{t('council.motivation')}</label>
            <span class="hint" id="app-motivation-hint">
              {t('council.motivationHint')}
            </span>
            {err('motivation')}
            <textarea
              id="app-motivation"
              name="motivation"
              rows={6}
              maxLength={4000}
              aria-describedby={[describedBy('motivation'), 'app-motivation-hint'].filter(Boolean).join(' ')}
              aria-invalid={errors.includes('motivation') ? 'true' : undefined}
            >
              {typed.motivation ?? ''}
            </textarea>
            {err('consent')}
            <label class="check">
              <input id="app-consent" type="checkbox" name="consent" value="yes" checked={typed.consent === 'yes'} aria-describedby={describedBy('consent')} />{' '}
              {t('council.consent')}
            </label>
            <p>
              <button type="submit">{t('council.apply')}</button>
            </p>
          </form>
        </>
      )}
    </Page>
  );
}

export function CouncilThanksPage({ request }: { request: FastifyRequest }) {
  return (
    <Page request={request} title={request.t('council.thanksTitle')}>
      <p>{request.t('council.thanks')}</p>
    </Page>
  );
}
