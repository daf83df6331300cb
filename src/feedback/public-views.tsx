import type { FastifyRequest } from 'fastify';
import { CsrfField, ErrorSummary, Page } from '../http/layout.tsx';
import { type Lang, nodeName, type OrgNode } from '../organisation/node.ts';
import type { UnitHit } from '../organisation/search-units.ts';
import { formatShort } from '../shared/i18n/format.ts';
import type { MessageKey } from '../shared/i18n/index.ts';

export interface FeedbackFormState {
  category: string;
  query: string;
  target: string;
  text: string;
  name: string;
  email: string;
  phone: string;
  wantsReply: boolean;
  /** About the accessibility of a digital service: 14 days by law. */
  accessibility?: boolean;
  /** Logged by a professional: how the customer gave it. */
  mode?: string;
}

export const emptyForm: FeedbackFormState = { category: '', query: '', target: '', text: '', name: '', email: '', phone: '', wantsReply: false };

export interface FieldError {
  field: 'category' | 'target' | 'text' | 'email' | 'phone' | 'contact' | 'mode';
  key: MessageKey;
}

const fieldId: Record<FieldError['field'], string> = {
  category: 'fb-category',
  target: 'fb-query',
  text: 'fb-text',
  email: 'fb-email',
  phone: 'fb-phone',
  contact: 'fb-email',
  mode: 'fb-mode',
};

export function FeedbackFormPage(props: {
  request: FastifyRequest;
  action: string;
  categories: { node: OrgNode; general: boolean }[];
  state: FeedbackFormState;
  matches?: UnitHit[] | undefined;
  errors: FieldError[];
  promiseDays: number;
  /** The staff version: logging on a customer's behalf, with a notice of the last one logged. */
  onBehalf?: { notice?: string | undefined } | undefined;
}) {
  const { t, lang } = props.request;
  const l = lang as Lang;
  const s = props.state;
  const err = (f: FieldError['field']) => props.errors.find((e) => e.field === f);
  const errorText = (f: FieldError['field']) => {
    const e = err(f);
    return e ? (
      <p class="field-error" id={`${fieldId[f]}-error`}>
        {t(e.key)}
      </p>
    ) : null;
  };
  const described = (f: FieldError['field'], hint?: string) => [hint, err(f) ? `${fieldId[f]}-error` : ''].filter(Boolean).join(' ') || undefined;
  return (
    <Page
      request={props.request}
      title={`${props.errors.length ? `${t('fb.checkForm')}: ` : ''}${props.onBehalf ? t('fb.onBehalf.title') : t('fb.title')}`}
      notice={props.onBehalf?.notice}
    >
      <p>{props.onBehalf ? t('fb.onBehalf.intro') : t('fb.intro', { days: props.promiseDays })}</p>
      <ErrorSummary id="error-summary" title={t('fb.checkForm')} items={props.errors.map((e) => ({ href: `#${fieldId[e.field]}`, text: t(e.key) }))} />
      <form method="post" action={props.action} novalidate class="feedback-form" data-general={props.categories.find((c) => c.general)?.node.code}>
        <input type="hidden" name="lang" value={l} />
        {props.onBehalf && <CsrfField request={props.request} />}
        {props.onBehalf && (
          <fieldset id="fb-mode" aria-describedby={described('mode')}>
            <legend>{t('fb.onBehalf.mode')}</legend>
            {errorText('mode')}
            {(['oral', 'written'] as const).map((m) => (
              <label class="check">
                <input type="radio" name="mode" value={m} checked={s.mode === m} /> {t(`fb.onBehalf.${m}`)}
              </label>
            ))}
          </fieldset>
        )}
        <fieldset id="fb-category" aria-describedby={described('category')}>
          <legend>{t(props.onBehalf ? 'fb.onBehalf.category' : 'fb.category')}</legend>
          {errorText('category')}
          {props.categories.map(({ node, general }) => (
            <label class="check">
              <input type="radio" name="category" value={node.code} checked={s.category === node.code} required />{' '}
              {general ? t('fb.general') : nodeName(node, l)}
            </label>
          ))}
        </fieldset>

        <div class="target">
          <label for="fb-query">{t('fb.target')}</label>
          <p class="hint" id="fb-query-hint">
            {t('fb.targetHint')}
          </p>
          {errorText('target')}
          <div class="row">
            <input
              id="fb-query"
              name="query"
              type="search"
              value={s.query}
              autocomplete="off"
              aria-describedby={described('target', 'fb-query-hint')}
              data-no-matches={t('fb.noMatches')}
              data-no-matches-within={t('fb.noMatchesWithin')}
              data-search-all={t('fb.searchAll')}
              data-count={t('fb.matchCount')}
            />
            <button type="submit" name="action" value="search" class="secondary">
              {t('fb.search')}
            </button>
          </div>
          {props.matches && (
            <fieldset class="matches">
              <legend>{t('fb.matches')}</legend>
              {props.matches.length === 0 && <p>{t('fb.noMatches')}</p>}
              {props.matches.map((m) => (
                <label class="check">
                  <input type="radio" name="target" value={m.code} checked={s.target === m.code} />{' '}
                  {nodeName({ name_fi: m.name.fi, name_sv: m.name.sv, name_en: m.name.en }, l)}
                  <span class="muted">
                    {' '}
                    ·{' '}
                    {nodeName(
                      {
                        name_fi: m.path[m.path.length - 1]?.fi ?? '',
                        name_sv: m.path[m.path.length - 1]?.sv ?? null,
                        name_en: m.path[m.path.length - 1]?.en ?? null,
                      },
                      l,
                    )}
                  </span>
                </label>
              ))}
              <label class="check">
                <input type="radio" name="target" value="" checked={!s.target} /> {t('fb.noTarget')}
              </label>
            </fieldset>
          )}
          {!props.matches && s.target && <input type="hidden" name="target" value={s.target} />}
        </div>

        <label for="fb-text">{t(props.onBehalf ? 'fb.onBehalf.text' : 'fb.text')}</label>
        <p class="hint health-note" id="fb-health">
          {t('fb.healthNote')}
        </p>
        {errorText('text')}
        <textarea id="fb-text" name="text" rows={8} maxLength={5000} aria-describedby={described('text', 'fb-health fb-text-hint')}>
          {s.text}
        </textarea>
        <p class="hint" id="fb-text-hint">
          {t('fb.textHint')}
        </p>
        <label class="check">
          <input type="checkbox" name="accessibility" value="yes" checked={s.accessibility} /> {t('fb.accessibility')}
        </label>

        <fieldset>
          <legend>{t(props.onBehalf ? 'fb.onBehalf.contact' : 'fb.contact')}</legend>
          <p class="hint" id="fb-contact-hint">
            {t(props.onBehalf ? 'fb.onBehalf.contactHint' : 'fb.contactHint')}
          </p>
          <label for="fb-name">{t('fb.name')}</label>
          <input id="fb-name" name="name" type="text" autocomplete="name" value={s.name} maxLength={200} />
          <label for="fb-email">{t('fb.email')}</label>
          {errorText('email')}
          {err('contact') && !err('email') ? errorText('contact') : null}
          <input
            id="fb-email"
            name="email"
            type="email"
            autocomplete="email"
            value={s.email}
            maxLength={320}
            aria-describedby={described(err('email') ? 'email' : 'contact', 'fb-contact-hint')}
          />
          <label for="fb-phone">{t('fb.phone')}</label>
          {errorText('phone')}
          <input id="fb-phone" name="phone" type="tel" autocomplete="tel" value={s.phone} maxLength={40} aria-describedby={described('phone')} />
          <label class="check">
            <input type="checkbox" name="wantsReply" value="yes" checked={s.wantsReply} /> {t(props.onBehalf ? 'fb.onBehalf.wantsReply' : 'fb.wantsReply')}
          </label>
        </fieldset>

        {!props.onBehalf && (
          <div class="hp" aria-hidden="true">
            <label for="fb-website">{t('common.honeypot')}</label>
            <input id="fb-website" name="website" type="text" tabIndex={-1} autocomplete="off" />
          </div>
        )}

        <p>
          <button type="submit" name="action" value="send">
            {t(props.onBehalf ? 'fb.onBehalf.send' : 'fb.send')}
          </button>
        </p>
      </form>
      <script src="/static/typeahead.js" defer />
    </Page>
  );
}

export function ReceiptPage(props: {
  request: FastifyRequest;
  reference: string;
  receivedAt: Date;
  dueAt: Date;
  targetName: string;
  wantsReply: boolean;
  again: string;
}) {
  const { t, lang } = props.request;
  const fmt = (d: Date, time = true) => formatShort(d, lang, time);
  return (
    <Page request={props.request} title={t('fb.receipt')}>
      <dl class="receipt">
        <dt>{t('fb.reference')}</dt>
        <dd class="reference">{props.reference}</dd>
        <dt>{t('fb.receivedAt')}</dt>
        <dd>{fmt(props.receivedAt)}</dd>
        <dt>{t('fb.targetShown')}</dt>
        <dd>{props.targetName}</dd>
      </dl>
      <p>{t('fb.receiptText', { date: fmt(props.dueAt, false) })}</p>
      {props.wantsReply && <p>{t('fb.receiptReply')}</p>}
      <p>{t('fb.receiptKeep')}</p>
      <p>
        <a href={props.again}>{t('fb.another')}</a>
      </p>
    </Page>
  );
}
