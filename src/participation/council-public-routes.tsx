import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ErrorSummary, Page } from '../http/layout.tsx';
import { sendPage } from '../http/render.tsx';
import type { Db } from '../shared/db.ts';
import { formatDate } from '../shared/i18n/format.ts';
import { localise } from '../surveys/definition.ts';
import { applicationInput, type ApplicationError, checkApplication, type CouncilCall, openCalls, submitApplication } from './councils.ts';
import { AgeGroupSelect } from './ui.tsx';

const fieldIds: Record<ApplicationError, string> = {
  call: 'app-call',
  name: 'app-name',
  contact: 'app-contact',
  motivation: 'app-motivation',
  consent: 'app-consent',
};

/** The public call for customer-council members: open calls and the application form. */
export async function councilPublicRoutes(app: FastifyInstance, opts: { db: Db }) {
  const { db } = opts;

  const page = async (request: FastifyRequest, reply: FastifyReply, typed: Record<string, string> = {}, errors: ApplicationError[] = []) => {
    const { t, lang } = request;
    const calls: CouncilCall[] = await openCalls(db);
    const err = (e: ApplicationError) =>
      errors.includes(e) && (
        <p class="field-error" id={`${fieldIds[e]}-error`}>
          {t(`council.err.${e}`)}
        </p>
      );
    const describedBy = (e: ApplicationError) => (errors.includes(e) ? `${fieldIds[e]}-error` : undefined);
    const selected = typed.call ?? (calls.length === 1 ? String(calls[0]!.id) : '');
    return sendPage(
      reply,
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
                <input
                  id="app-consent"
                  type="checkbox"
                  name="consent"
                  value="yes"
                  checked={typed.consent === 'yes'}
                  aria-describedby={describedBy('consent')}
                />{' '}
                {t('council.consent')}
              </label>
              <p>
                <button type="submit">{t('council.apply')}</button>
              </p>
            </form>
          </>
        )}
      </Page>,
      errors.length ? 400 : 200,
    );
  };

  app.get('/asiakasraati', (request, reply) => page(request, reply));

  app.post('/asiakasraati', { config: { csrf: 'public', rateLimit: { max: 10, timeWindow: '10 minutes' } } }, async (request, reply) => {
    const raw = (request.body ?? {}) as Record<string, unknown>;
    const typed = Object.fromEntries(
      Object.entries(raw)
        .filter(([, v]) => typeof v === 'string')
        .map(([k, v]) => [k, String(v).slice(0, 4000)]),
    );
    const parsed = applicationInput.safeParse(raw);
    if (!parsed.success)
      return page(
        request,
        reply,
        typed,
        [...new Set(parsed.error.issues.map((i) => String(i.path[0]) as ApplicationError))].filter((e) => e in fieldIds),
      );
    const errors = await checkApplication(db, parsed.data);
    if (errors.length) return page(request, reply, typed, errors);
    await submitApplication(db, parsed.data, request.lang, request.t('council.consent'));
    return reply.redirect('/asiakasraati/kiitos', 303);
  });

  app.get('/asiakasraati/kiitos', (request, reply) =>
    sendPage(
      reply.header('x-robots-tag', 'noindex'),
      <Page request={request} title={request.t('council.thanksTitle')}>
        <p>{request.t('council.thanks')}</p>
      </Page>,
    ),
  );
}
