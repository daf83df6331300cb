import type { FastifyRequest } from 'fastify';
import { CsrfField, Page } from '../http/layout.tsx';
import { formatDate } from '../shared/i18n/format.ts';
import { localise, type SurveyDefinition } from './definition.ts';
import { respondentTexts } from './respondent-texts.ts';
import { SurveyForm } from './respondent-views.tsx';
import type { SurveyUse } from './survey-drafts.ts';
import { languageNames } from './survey-admin-views.tsx';

/** A draft as a respondent meets it on a phone, one page at a time, in one of its languages. */
export function PreviewPage(props: { request: FastifyRequest; def: SurveyDefinition; lang: string; languages: string[]; page: number }) {
  const { t, lang: staffLang } = props.request;
  const { def } = props;
  const pages = [...new Set(def.questions.map((q) => q.page))].sort((a, b) => a - b);
  const page = Math.min(Math.max(props.page, 1), pages.length);
  const questions = def.questions.filter((q) => q.page === pages[page - 1]);
  const base = `/admin/surveys/drafts/${def.id}/preview`;
  const name = localise(def.name, staffLang);
  const conditional = questions.filter((q) => q.showIf);
  return (
    <Page request={props.request} title={t('preview.title', { survey: name })}>
      <nav aria-label={t('preview.language')} class="preview-nav">
        <p>
          {t('preview.language')}:{' '}
          {props.languages.map((l) => (
            <>
              <a href={`${base}?in=${l}&page=${page}`} aria-current={l === props.lang ? 'page' : undefined}>
                {languageNames(t, [l])}
              </a>{' '}
            </>
          ))}
        </p>
        <p>
          {t('preview.pages')}:{' '}
          {pages.map((_, i) => (
            <>
              <a href={`${base}?in=${props.lang}&page=${i + 1}`} aria-current={i + 1 === page ? 'page' : undefined}>
                {t('preview.page', { page: i + 1 })}
              </a>{' '}
            </>
          ))}
        </p>
      </nav>
      {conditional.map((q) => {
        const on = def.questions.find((x) => x.key === q.showIf!.question);
        const words = respondentTexts[staffLang] ?? respondentTexts.fi!;
        const answers = q
          .showIf!.in.map((v) =>
            on?.type === 'yesno' ? (v === 'yes' ? words.yes : words.no) : localise(on?.options?.find((o) => o.key === v)?.text, staffLang) || v,
          )
          .join(', ');
        return (
          <p class="hint">
            <strong>{localise(q.text, staffLang)}</strong> — {t('preview.conditional', { question: on ? localise(on.text, staffLang) : '', answers })}
          </p>
        );
      })}
      <section class="phone-preview" aria-label={t('preview.frame', { page, pages: pages.length, language: languageNames(t, [props.lang]) })} lang={props.lang}>
        <SurveyForm
          action={base}
          def={def}
          lang={props.lang}
          texts={respondentTexts[props.lang] ?? respondentTexts.fi!}
          step={page}
          steps={pages.length}
          questions={questions}
          carried={{}}
          current={{}}
          errors={[]}
          nonce=""
          npsWording="standard"
          kiosk={false}
          preview={{ action: base }}
        />
      </section>
      <p class="editor-actions">
        <a href={`/admin/surveys/${def.id}/edit`}>{t('preview.back')}</a> · <a href={`/admin/surveys/drafts/${def.id}/publish`}>{t('preview.publish')}</a>
      </p>
    </Page>
  );
}

/** The last step before publishing: what changes, and where, at once. */
export function PublishPage(props: {
  request: FastifyRequest;
  def: SurveyDefinition;
  languages: string[];
  use: SurveyUse;
  currentVersion?: number | undefined;
  /** Languages the published version has and this one would lose: confirmed one by one. */
  lost: string[];
  error?: string | undefined;
}) {
  const { t, lang } = props.request;
  const { def, use } = props;
  const name = localise(def.name, lang);
  return (
    <Page request={props.request} title={t('publish.title', { survey: name })}>
      <p>{props.currentVersion ? t('publish.next', { version: props.currentVersion }) : t('publish.first')}</p>
      <p>{t('editor.languagesWill', { languages: languageNames(t, props.languages) })}</p>
      <p>
        {def.startsAt || def.endsAt
          ? t('publish.runs', { from: def.startsAt ? formatDate(def.startsAt, lang) : '…', to: def.endsAt ? formatDate(def.endsAt, lang) : '…' })
          : t('publish.always')}
      </p>
      {use.points.length || use.smsVisitTypes.length ? (
        <>
          <p>{t('publish.where')}</p>
          <ul>
            {use.points.map((p) => (
              <li>
                {t(`channel.${p.channel}` as 'channel.link')}: {p.units.join(', ')}
              </li>
            ))}
            {use.smsVisitTypes.length > 0 && <li>{t('publish.sms', { kinds: use.smsVisitTypes.map((k) => t(`visit.${k}` as 'visit.visit')).join(', ') })}</li>}
          </ul>
        </>
      ) : (
        <p>{t('publish.nowhere')}</p>
      )}
      <form method="post" action={`/admin/surveys/drafts/${def.id}/publish`}>
        <CsrfField request={props.request} />
        {props.lost.length > 0 && (
          <fieldset id="languages">
            <legend>{t('surveys.languagesLost')}</legend>
            {props.error && (
              <p class="field-error" id="languages-error">
                {props.error}
              </p>
            )}
            {props.lost.map((code) => (
              <label class="check">
                <input type="checkbox" name="dropLanguages" value={code} /> {t('surveys.dropLanguage', { language: languageNames(t, [code]) })}
              </label>
            ))}
          </fieldset>
        )}
        <p class="editor-actions">
          <button type="submit">{t('publish.confirm')}</button> <a href={`/admin/surveys/${def.id}/edit`}>{t('preview.back')}</a>
        </p>
      </form>
    </Page>
  );
}
