import type { FastifyRequest } from 'fastify';
import { ErrorSummary, Page } from '../http/layout.tsx';
import { type JoinError, poolServices } from './pool.ts';
import { AgeGroupSelect } from './ui.tsx';

/** What a refused join form keeps of what was typed. */
export interface JoinTyped {
  contact?: string;
  ageGroup?: string;
  municipality?: string;
  services?: string | string[];
  projects?: string | undefined;
  projectName?: string;
  consent?: string | undefined;
}

const fieldIds: Record<JoinError, string> = { contact: 'pool-contact', consent: 'pool-consent', projectName: 'pool-name' };

/** The form to join the resident pool, with what it promises; errors at their fields. */
export function JoinPoolPage({ request, state, errors }: { request: FastifyRequest; state: JoinTyped; errors: JoinError[] }) {
  const { t } = request;
  const services = ([] as string[]).concat(state.services ?? []);
  const described = (e: JoinError, hint?: string) => [hint, errors.includes(e) ? `${fieldIds[e]}-error` : ''].filter(Boolean).join(' ') || undefined;
  const err = (e: JoinError) =>
    errors.includes(e) && (
      <p class="field-error" id={`${fieldIds[e]}-error`}>
        {t(`pool.err.${e}`)}
      </p>
    );
  return (
    <Page request={request} title={`${errors.length ? `${t('common.checkForm')}: ` : ''}${t('pool.title')}`}>
      <p>{t('pool.intro')}</p>
      <ul>
        <li>{t('pool.point.anonymous')}</li>
        <li>{t('pool.point.contact')}</li>
        <li>{t('pool.point.leave')}</li>
      </ul>
      <ErrorSummary title={t('common.checkForm')} items={errors.map((e) => ({ href: `#${fieldIds[e]}`, text: t(`pool.err.${e}`) }))} />
      <form method="post" action="/asukaspooli" novalidate class="stack feedback-form">
        <label for="pool-contact">{t('pool.contact')}</label>
        <span class="hint" id="pool-contact-hint">
          {t('pool.contactHint')}
        </span>
        {err('contact')}
        <input
          id="pool-contact"
          name="contact"
          type="text"
          autocomplete="email"
          required
          maxLength={300}
          value={state.contact ?? ''}
          aria-describedby={described('contact', 'pool-contact-hint')}
          aria-invalid={errors.includes('contact') ? 'true' : undefined}
        />
        <fieldset>
          <legend>{t('pool.optional')}</legend>
          <AgeGroupSelect t={t} id="pool-age" value={state.ageGroup} />
          <label for="pool-municipality">{t('pool.municipality')}</label>
          <input id="pool-municipality" name="municipality" type="text" autocomplete="address-level2" maxLength={80} value={state.municipality ?? ''} />
          <fieldset>
            <legend>{t('pool.services')}</legend>
            {poolServices.map((s) => (
              <label class="check">
                <input type="checkbox" name="services" value={s} checked={services.includes(s)} /> {t(`pool.service.${s}`)}
              </label>
            ))}
          </fieldset>
        </fieldset>
        <fieldset>
          <legend>{t('pool.projectsLegend')}</legend>
          <label class="check">
            <input type="checkbox" name="projects" value="yes" checked={state.projects === 'yes'} /> {t('pool.projects')}
          </label>
          <label for="pool-name">{t('pool.projectName')}</label>
          {err('projectName')}
          <input
            id="pool-name"
            name="projectName"
            type="text"
            autocomplete="name"
            maxLength={200}
            value={state.projectName ?? ''}
            aria-describedby={described('projectName')}
          />
        </fieldset>
        {err('consent')}
        <label class="check">
          <input
            id="pool-consent"
            type="checkbox"
            name="consent"
            value="yes"
            checked={state.consent === 'yes'}
            aria-describedby={described('consent')}
            aria-invalid={errors.includes('consent') ? 'true' : undefined}
          />{' '}
          {t('pool.consent')}
        </label>
        <div class="hp" aria-hidden="true">
          <label for="pool-website">{t('common.honeypot')}</label>
          <input id="pool-website" name="website" type="text" tabIndex={-1} autocomplete="off" />
        </div>
        <p>
          <button type="submit">{t('pool.join')}</button>
        </p>
      </form>
    </Page>
  );
}

/** A one-paragraph answer (confirmed, left, link expired), with an optional button to go on. */
export function PoolMessagePage({
  request,
  title,
  text,
  form,
}: {
  request: FastifyRequest;
  title: string;
  text: string;
  form?: { action: string; button: string } | undefined;
}) {
  return (
    <Page request={request} title={title}>
      <p>{text}</p>
      {form && (
        <form method="post" action={form.action}>
          <button type="submit">{form.button}</button>
        </form>
      )}
    </Page>
  );
}
