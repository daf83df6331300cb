import type { FastifyRequest } from 'fastify';
import { CsrfField, ErrorList, Page } from '../http/layout.tsx';
import type { Lang } from '../shared/i18n/index.ts';
import { localise, questionTypes } from './definition.ts';
import type { SurveyVersion } from './survey-queries.ts';
import { formatDate } from '../shared/i18n/format.ts';

export function SurveysPage({
  request,
  surveys,
}: {
  request: FastifyRequest;
  surveys: { id: string; name: Record<string, string>; versions: SurveyVersion[] }[];
}) {
  const { t, lang } = request;
  return (
    <Page request={request} title={t('surveys.title')}>
      <ul>
        {surveys.map((s) => {
          const v = s.versions[s.versions.length - 1]!;
          return (
            <li>
              <a href={`/admin/surveys/${s.id}`}>{localise(s.name, lang)}</a>{' '}
              <span class="muted">
                {s.id} · v{v.version} · {v.definition.questions.length} {t('surveys.questions').toLowerCase()}
              </span>
            </li>
          );
        })}
      </ul>
      <p>
        <a href="/admin/collection-points">{t('cp.title')}</a>
      </p>
    </Page>
  );
}

export function SurveyPage(props: {
  request: FastifyRequest;
  version: SurveyVersion;
  canPublish: boolean;
  notice?: string | undefined;
  errors?: string[] | undefined;
}) {
  const { t, lang } = props.request;
  const l = lang as Lang;
  const v = props.version;
  const date = formatDate(v.published_at, l);
  return (
    <Page request={props.request} title={localise(v.definition.name, l)} notice={props.notice}>
      <p>{t('surveys.version', { version: v.version, date })}</p>
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
      {props.canPublish && (
        <>
          <h2 id="add">{t('surveys.addQuestion')}</h2>
          <p>{t('surveys.publishHelp')}</p>
          {props.errors && <ErrorList title={t('error.invalid')} items={props.errors} />}
          <form method="post" action={`/admin/surveys/${v.survey_id}/add`}>
            <CsrfField request={props.request} />
            <label for="s-key">{t('surveys.key')}</label>
            <input id="s-key" name="key" type="text" required pattern="[a-z][a-z0-9_]*" maxLength={40} />
            <label for="s-type">{t('surveys.type')}</label>
            <select id="s-type" name="type">
              {questionTypes
                .filter((x) => x !== 'choice')
                .map((x) => (
                  <option value={x} selected={x === 'likert'}>
                    {t(`qtype.${x}`)}
                  </option>
                ))}
            </select>
            <label for="s-fi">{t('surveys.textFi')}</label>
            <input id="s-fi" name="fi" type="text" lang="fi" required maxLength={500} />
            <label for="s-sv">{t('surveys.textSv')}</label>
            <input id="s-sv" name="sv" type="text" lang="sv" maxLength={500} />
            <label for="s-en">{t('surveys.textEn')}</label>
            <input id="s-en" name="en" type="text" lang="en" maxLength={500} />
            <label class="check">
              <input type="checkbox" name="required" value="true" /> {t('surveys.required')}
            </label>
            <p>
              <button type="submit">{t('surveys.publish')}</button>
            </p>
          </form>
        </>
      )}
    </Page>
  );
}
