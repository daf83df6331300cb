import type { FastifyRequest } from 'fastify';
import { CsrfField, ErrorSummary, Page } from '../http/layout.tsx';
import type { Lang, Translate } from '../shared/i18n/index.ts';
import { definitionLanguages, localise } from './definition.ts';
import { respondentTexts } from './respondent-texts.ts';
import type { SurveyVersion } from './survey-queries.ts';
import type { SurveyInput } from './county-surveys.ts';
import { formatDate } from '../shared/i18n/format.ts';

export function SurveysPage({
  request,
  surveys,
  templates,
  drafts,
  canPublish,
  notice,
}: {
  request: FastifyRequest;
  surveys: { id: string; builtin: boolean; name: Record<string, string>; versions: SurveyVersion[] }[];
  templates: SurveyInput[];
  /** New surveys saved but not yet published. */
  drafts: { id: string; title: string }[];
  canPublish: boolean;
  notice?: string | undefined;
}) {
  const { t, lang } = request;
  const unpublished = templates.filter((tpl) => !surveys.some((s) => s.id === tpl.key));
  const row = (s: (typeof surveys)[number]) => {
    const v = s.versions[s.versions.length - 1]!;
    const d = v.definition;
    return (
      <li>
        <a href={`/admin/surveys/${s.id}`}>{localise(s.name, lang)}</a>{' '}
        <span class="muted">
          {s.id} · v{v.version} · {d.questions.filter((q) => q.type !== 'info').length} {t('surveys.questions').toLowerCase()} ·{' '}
          {languageNames(t, definitionLanguages(d))}
          {d.startsAt || d.endsAt
            ? ` · ${t('surveys.runs', { from: d.startsAt ? formatDate(d.startsAt, lang) : '…', to: d.endsAt ? formatDate(d.endsAt, lang) : '…' })}`
            : ''}
        </span>
        {canPublish && !s.builtin && (
          <>
            {' '}
            <a href={`/admin/surveys/${s.id}/edit`} aria-label={`${t('editor.editLink')}: ${localise(s.name, lang)}`}>
              {t('editor.editLink')}
            </a>
          </>
        )}
      </li>
    );
  };
  return (
    <Page request={request} title={t('surveys.title')} notice={notice}>
      <h2>{t('surveys.thl')}</h2>
      <ul>{surveys.filter((s) => s.builtin).map(row)}</ul>
      <h2>{t('surveys.county')}</h2>
      {surveys.some((s) => !s.builtin) ? <ul>{surveys.filter((s) => !s.builtin).map(row)}</ul> : <p>{t('surveys.noCounty')}</p>}
      {canPublish && (
        <>
          {drafts.length > 0 && (
            <>
              <h3>{t('surveys.drafts')}</h3>
              <ul>
                {drafts.map((d) => (
                  <li>
                    <a href={`/admin/surveys/${d.id}/edit`}>{d.title || d.id}</a> <span class="muted">{d.id}</span>
                  </li>
                ))}
              </ul>
            </>
          )}
          <p>
            <a href="/admin/surveys/new" class="button">
              {t('editor.newLink')}
            </a>
          </p>
          <p>
            <a href="/admin/surveys/languages">{t('langs.title')}</a>
          </p>
        </>
      )}
      {canPublish && unpublished.length > 0 && (
        <>
          <h2>{t('surveys.templates')}</h2>
          <ul class="inbox-list">
            {unpublished.map((tpl) => (
              <li class="inbox-item">
                <p>
                  <strong>{localise(tpl.title as Record<string, string>, lang)}</strong>
                </p>
                {tpl.intro && <p>{localise(tpl.intro as Record<string, string>, lang)}</p>}
                <form method="post" action={`/admin/surveys/templates/${tpl.key}`}>
                  <CsrfField request={request} />
                  <p>
                    <button type="submit">{t('surveys.useTemplate')}</button>
                  </p>
                </form>
              </li>
            ))}
          </ul>
        </>
      )}
      <p>
        <a href="/admin/collection-points">{t('cp.title')}</a>
      </p>
    </Page>
  );
}

/** What a staff member typed into the add-a-question form: shown again when it was refused. */
export interface TypedQuestion {
  key: string;
  type: string;
  fi: string;
  sv: string;
  en: string;
  required: boolean;
}

export type FieldErrors = Partial<Record<'key' | 'text' | 'type' | 'languages' | 'other', string>>;

const staffLanguages = ['fi', 'sv', 'en'] as const;

/** Languages named in the staff member's language ("ruotsi, englanti"); one a county added, by its own name. */
export function languageNames(t: Translate, codes: readonly string[]): string {
  const rank = (c: string) => ((staffLanguages as readonly string[]).includes(c) ? staffLanguages.indexOf(c as 'fi') : staffLanguages.length);
  return [...codes]
    .sort((a, b) => rank(a) - rank(b) || a.localeCompare(b))
    .map((c) => ((staffLanguages as readonly string[]).includes(c) ? t(`surveys.lang.${c as 'fi'}`) : (respondentTexts[c]?.languageName ?? c)))
    .join(', ');
}

export function SurveyPage(props: {
  request: FastifyRequest;
  version: SurveyVersion;
  /** A THL survey: locked, the county adds its own questions here. A county's own is edited in the editor. */
  builtin: boolean;
  canPublish: boolean;
  notice?: string | undefined;
  errors?: FieldErrors | undefined;
  typed?: TypedQuestion | undefined;
  /** Languages the refused question would have taken away: publishing anyway is confirmed per language. */
  lost?: string[] | undefined;
}) {
  const { t, lang } = props.request;
  const l = lang as Lang;
  const v = props.version;
  const date = formatDate(v.published_at, l);
  const e = props.errors ?? {};
  const typed = props.typed;
  const fieldError = (id: string, text: string | undefined) =>
    text && (
      <p class="field-error" id={id}>
        {text}
      </p>
    );
  const summary = (
    [
      ['key', '#s-key'],
      ['type', '#s-type'],
      ['text', '#s-fi'],
      ['languages', '#s-languages'],
      ['other', '#add'],
    ] as const
  )
    .filter(([k]) => e[k])
    .map(([k, href]) => ({ href, text: e[k]! }));
  return (
    <Page request={props.request} title={localise(v.definition.name, l)} notice={props.notice}>
      <p>{t('surveys.version', { version: v.version, date })}</p>
      <p>{t('surveys.languagesNow', { languages: languageNames(t, definitionLanguages(v.definition)) })}</p>
      <h2>{t('surveys.questions')}</h2>
      <ol>
        {v.definition.questions.map((q) => (
          <li>
            <strong>{localise(q.text, l)}</strong>{' '}
            <span class="muted">
              <code>{q.key}</code> · {t(`qtype.${q.type}`)} · {q.national ? t('surveys.national') : t('surveys.own')}
            </span>
            {!q.national && props.canPublish && (
              <form method="post" action={`/admin/surveys/${v.survey_id}/remove`} class="inline">
                <CsrfField request={props.request} />
                <input type="hidden" name="key" value={q.key} />{' '}
                <button type="submit" class="secondary" aria-label={`${t('surveys.remove')}: ${q.key}`}>
                  {t('surveys.remove')}
                </button>
              </form>
            )}
          </li>
        ))}
      </ol>
      {props.canPublish && !props.builtin && (
        <p>
          <a href={`/admin/surveys/${v.survey_id}/edit`} class="button">
            {t('editor.editLink')}
          </a>
        </p>
      )}
      {props.canPublish && props.builtin && (
        <>
          <h2 id="add">{t('surveys.addQuestion')}</h2>
          <p>{t('surveys.publishHelp')}</p>
          <ErrorSummary title={t('error.invalid')} items={summary} />
          <form method="post" action={`/admin/surveys/${v.survey_id}/add`}>
            <CsrfField request={props.request} />
            <label for="s-fi">{t('surveys.textFi')}</label>
            {fieldError('s-fi-error', e.text)}
            <input id="s-fi" name="fi" type="text" lang="fi" maxLength={2000} value={typed?.fi} aria-describedby={e.text ? 's-fi-error' : undefined} />
            <label for="s-sv">{t('surveys.textSv')}</label>
            <input id="s-sv" name="sv" type="text" lang="sv" maxLength={2000} value={typed?.sv} />
            <label for="s-en">{t('surveys.textEn')}</label>
            <input id="s-en" name="en" type="text" lang="en" maxLength={2000} value={typed?.en} />
            <label for="s-type">{t('surveys.type')}</label>
            {fieldError('s-type-error', e.type)}
            <select id="s-type" name="type" aria-describedby={e.type ? 's-type-error' : undefined}>
              {(['nps', 'likert', 'yesno', 'open'] as const).map((x) => (
                <option value={x} selected={x === (typed?.type || 'likert')}>
                  {t(`qtype.${x}`)}
                </option>
              ))}
            </select>
            <label for="s-key">{t('surveys.key')}</label>
            <p class="hint" id="s-key-hint">
              {t('surveys.keyHint')}
            </p>
            {fieldError('s-key-error', e.key)}
            <input
              id="s-key"
              name="key"
              type="text"
              maxLength={40}
              value={typed?.key}
              autocomplete="off"
              spellcheck={false}
              aria-describedby={`s-key-hint${e.key ? ' s-key-error' : ''}`}
            />
            <label class="check">
              <input type="checkbox" name="required" value="true" checked={typed?.required} /> {t('surveys.required')}
            </label>
            {props.lost?.length ? (
              <fieldset id="s-languages">
                <legend>{t('surveys.languagesLost')}</legend>
                {fieldError('s-languages-error', e.languages)}
                {props.lost.map((code) => (
                  <label class="check">
                    <input type="checkbox" name="dropLanguages" value={code} /> {t('surveys.dropLanguage', { language: languageNames(t, [code]) })}
                  </label>
                ))}
              </fieldset>
            ) : null}
            <p>
              <button type="submit">{t('surveys.publish')}</button>
            </p>
          </form>
        </>
      )}
    </Page>
  );
}
