import type { FastifyRequest } from 'fastify';
import { CsrfField, ErrorSummary, Page } from '../http/layout.tsx';
import type { LanguageRow, PackIssue } from './language-packs.ts';

/** The respondent languages: those built in, those the county added, and a way to add one as a language pack. */
export function LanguagesPage(props: { request: FastifyRequest; rows: LanguageRow[]; issues?: PackIssue[]; code?: string; notice?: string | undefined }) {
  const { t } = props.request;
  const issues = props.issues ?? [];
  return (
    <Page request={props.request} title={t('langs.title')} notice={props.notice}>
      <p>{t('langs.help')}</p>
      <table>
        <caption class="visually-hidden">{t('langs.title')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('langs.language')}</th>
            <th scope="col">{t('langs.offeredIn')}</th>
          </tr>
        </thead>
        <tbody>
          {props.rows.map((r) => (
            <tr>
              <td>
                {r.name} <code>{r.code}</code>
                {r.builtin && (
                  <>
                    <br />
                    <span class="hint">{t('langs.builtin')}</span>
                  </>
                )}
              </td>
              <td>{r.surveys.length ? r.surveys.join(', ') : t('langs.noSurvey')}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <h2 id="add">{t('langs.add')}</h2>
      <ol>
        <li>{t('langs.step1')}</li>
        <li>{t('langs.step2')}</li>
        <li>{t('langs.step3')}</li>
      </ol>
      <ErrorSummary title={t('langs.err.pack')} items={issues.map((i) => ({ href: '#pack', text: t(`langs.issue.${i.kind}`, { path: i.path }) }))} />
      <form method="get" action="/admin/surveys/languages/template.json" class="stack">
        <label for="template-code">{t('langs.code')}</label>
        <p class="hint" id="template-code-hint">
          {t('langs.codeHint')}
        </p>
        <input
          id="template-code"
          name="code"
          type="text"
          required
          pattern="[a-z]{2,3}"
          maxLength={3}
          value={props.code ?? ''}
          aria-describedby="template-code-hint"
        />
        <p>
          <button type="submit" class="secondary">
            {t('langs.template')}
          </button>
        </p>
      </form>
      <form method="post" action="/admin/surveys/languages" enctype="multipart/form-data" class="stack">
        <CsrfField request={props.request} />
        <label for="pack">{t('langs.file')}</label>
        <input id="pack" name="pack" type="file" accept="application/json,.json" required />
        <p>
          <button type="submit">{t('langs.upload')}</button>
        </p>
      </form>
    </Page>
  );
}
