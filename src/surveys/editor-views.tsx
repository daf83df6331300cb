import type { FastifyRequest } from 'fastify';
import { CsrfField, ErrorSummary, Page } from '../http/layout.tsx';
import { formatDate } from '../shared/i18n/format.ts';
import { type QuestionType, questionTypes } from './definition.ts';
import { type EditorQuestion, type EditorState, editorLanguages } from './editor-form.ts';
import { languageNames } from './survey-admin-views.tsx';
import { imagePath } from './images.ts';

/** Problems by editor field name (`title_fi`, `q2_options_fi`, …), in the staff member's language. */
export type EditorErrors = Record<string, string>;

/** Questions a condition can look at: those with set answers. */
const withSetAnswers = (t: QuestionType) => t !== 'open' && t !== 'info';

export function EditorPage(props: {
  request: FastifyRequest;
  state: EditorState;
  /** Editing a published survey: its identifier is fixed. */
  published: boolean;
  draft?: { by: string; at: string } | undefined;
  languages: { offered: string[]; missing: string[] };
  errors?: EditorErrors | undefined;
  notice?: string | undefined;
  /** The question whose picture is being chosen: its file field is shown (one at a time: one file per sending). */
  picking?: number | undefined;
}) {
  const { t, lang } = props.request;
  const s = props.state;
  const e = props.errors ?? {};
  const errorOf = (name: string) =>
    e[name] ? (
      <p class="field-error" id={`${name}-error`}>
        {e[name]}
      </p>
    ) : null;
  const described = (name: string, hint?: string) => [hint, e[name] ? `${name}-error` : undefined].filter(Boolean).join(' ') || undefined;
  const languageName = (l: string) => languageNames(t, [l]);
  const texts = (prefix: string, what: string, value: Record<string, string>, multiline = false) =>
    editorLanguages.map((l) => {
      const name = `${prefix}_${l}`;
      const label = t('editor.in', { what, language: languageName(l) });
      return (
        <>
          <label for={name}>{label}</label>
          {errorOf(name)}
          {multiline ? (
            <textarea id={name} name={name} lang={l} rows={2} maxLength={2000} aria-describedby={described(name)}>
              {value[l]}
            </textarea>
          ) : (
            <input id={name} name={name} type="text" lang={l} maxLength={2000} value={value[l]} aria-describedby={described(name)} />
          )}
        </>
      );
    });
  const title = props.published ? t('editor.edit', { survey: s.title[lang] || s.title.fi || s.key }) : t('editor.new');
  const summary = Object.entries(e).map(([name, text]) => ({ href: `#${name}`, text }));
  return (
    <Page request={props.request} title={title} notice={props.notice}>
      <p>{t('editor.help')}</p>
      {props.draft && <p class="muted">{t('editor.draftBy', { who: props.draft.by, date: formatDate(props.draft.at, lang) })}</p>}
      <p id="languages">
        {t('editor.languagesWill', { languages: languageNames(t, props.languages.offered) })}
        {props.languages.missing.length > 0 && (
          <>
            {' '}
            <strong>{t('editor.languagesMissing', { languages: languageNames(t, props.languages.missing) })}</strong>
          </>
        )}
      </p>
      <ErrorSummary title={t('editor.err.summary')} items={summary} />
      <form method="post" action="/admin/surveys/editor" class="survey-editor" novalidate>
        <CsrfField request={props.request} />
        {/* Enter in a field saves; it never removes a question. */}
        <button type="submit" name="op" value="save" class="default-action" tabIndex={-1} aria-hidden="true">
          {t('editor.save')}
        </button>
        <input type="hidden" name="count" value={String(s.questions.length)} />
        {props.published && <input type="hidden" name="published" value="true" />}
        <label for="key">{t('editor.key')}</label>
        <p class="hint" id="key-hint">
          {t('editor.keyHint')}
        </p>
        {errorOf('key')}
        <input
          id="key"
          name="key"
          type="text"
          maxLength={63}
          value={s.key}
          readOnly={props.published}
          autocomplete="off"
          spellcheck={false}
          aria-describedby={described('key', 'key-hint')}
        />
        {texts('title', t('editor.title'), s.title)}
        {texts('intro', t('editor.intro'), s.intro, true)}
        <fieldset>
          <legend>{t('editor.time')}</legend>
          <p class="hint" id="date-hint">
            {t('editor.dateHint')}
          </p>
          {(['startsAt', 'endsAt'] as const).map((name) => (
            <>
              <label for={name}>{t(`editor.${name}`)}</label>
              {errorOf(name)}
              <input
                id={name}
                name={name}
                type="text"
                inputMode="numeric"
                placeholder="2027-01-31"
                value={s[name]}
                aria-describedby={described(name, 'date-hint')}
              />
            </>
          ))}
        </fieldset>
        <h2>{t('surveys.questions')}</h2>
        {errorOf('questions')}
        {s.questions.map((q, i) => (
          <QuestionFields
            request={props.request}
            q={q}
            i={i}
            all={s.questions}
            errorOf={errorOf}
            described={described}
            texts={texts}
            picking={props.picking === i}
          />
        ))}
        <div class="editor-add">
          <label for="addType">{t('editor.addType')}</label>
          <select id="addType" name="addType">
            {questionTypes.map((x) => (
              <option value={x}>{t(`qtype.${x}`)}</option>
            ))}
          </select>
          <button type="submit" name="op" value="add" class="secondary">
            {t('editor.addQuestion')}
          </button>
        </div>
        <p class="editor-actions">
          <button type="submit" name="op" value="save" class="secondary">
            {t('editor.save')}
          </button>{' '}
          <button type="submit" name="op" value="preview" class="secondary">
            {t('editor.preview')}
          </button>{' '}
          <button type="submit" name="op" value="publish">
            {t('editor.toPublish')}
          </button>
        </p>
      </form>
    </Page>
  );
}

function QuestionFields(props: {
  request: FastifyRequest;
  q: EditorQuestion;
  i: number;
  all: EditorQuestion[];
  errorOf: (name: string) => unknown;
  described: (name: string, hint?: string) => string | undefined;
  texts: (prefix: string, what: string, value: Record<string, string>, multiline?: boolean) => unknown;
  picking: boolean;
}) {
  const { t } = props.request;
  const { q, i, errorOf, described } = props;
  const p = `q${i}`;
  const n = i + 1;
  const earlier = props.all.slice(0, i).flatMap((x, j) => (withSetAnswers(x.type) ? [{ n: j + 1, x }] : []));
  const hasOptions = q.type === 'choice' || q.type === 'multichoice';
  return (
    <fieldset class="editor-question" id={`${p}`}>
      <legend>
        {t('editor.question', { n })}
        {q.key && (
          <>
            {' '}
            <code class="muted">{q.key}</code>
          </>
        )}
      </legend>
      <input type="hidden" name={`${p}_key`} value={q.key} />
      <input type="hidden" name={`${p}_optionValues`} value={q.optionValues} />
      <label for={`${p}_type`}>{t('surveys.type')}</label>
      {errorOf(`${p}_type`)}
      <select id={`${p}_type`} name={`${p}_type`}>
        {questionTypes.map((x) => (
          <option value={x} selected={x === q.type}>
            {t(`qtype.${x}`)}
          </option>
        ))}
      </select>
      {props.texts(p, t('editor.questionText'), q.text, q.type === 'info')}
      {hasOptions ? (
        <fieldset>
          <legend>{t('editor.options')}</legend>
          <p class="hint" id={`${p}_options-hint`}>
            {t('editor.optionsHint')}
          </p>
          {editorLanguages.map((l) => {
            const name = `${p}_options_${l}`;
            return (
              <>
                <label for={name}>{t('editor.in', { what: t('editor.options'), language: languageNames(t, [l]) })}</label>
                {errorOf(name)}
                <textarea id={name} name={name} lang={l} rows={4} aria-describedby={described(name, `${p}_options-hint`)}>
                  {q.options[l]}
                </textarea>
              </>
            );
          })}
        </fieldset>
      ) : (
        editorLanguages.map((l) => <input type="hidden" name={`${p}_options_${l}`} value={q.options[l]} />)
      )}
      {q.type !== 'info' && (
        <label class="check">
          <input type="checkbox" name={`${p}_required`} value="true" checked={q.required} /> {t('surveys.required')}
        </label>
      )}
      {i > 0 && (
        <label class="check">
          <input type="checkbox" name={`${p}_newPage`} value="true" checked={q.newPage} /> {t('editor.newPage')}
        </label>
      )}
      {earlier.length > 0 && (
        <div class="editor-condition">
          <label for={`${p}_showIf`}>{t('editor.showIf')}</label>
          {errorOf(`${p}_showIf`)}
          <select id={`${p}_showIf`} name={`${p}_showIf`} aria-describedby={described(`${p}_showIf`)}>
            <option value="">{t('editor.always')}</option>
            {earlier.map(({ n: m }) => (
              <option value={String(m)} selected={q.showIf === String(m)}>
                {t('editor.when', { n: m })}
              </option>
            ))}
          </select>
          <label for={`${p}_showIfIn`}>{t('editor.showIfIn')}</label>
          <p class="hint" id={`${p}_showIfIn-hint`}>
            {t('editor.showIfHint')}
          </p>
          {errorOf(`${p}_showIfIn`)}
          <input
            id={`${p}_showIfIn`}
            name={`${p}_showIfIn`}
            type="text"
            value={q.showIfIn}
            aria-describedby={described(`${p}_showIfIn`, `${p}_showIfIn-hint`)}
          />
        </div>
      )}
      <QuestionPicture {...props} />
      <p>
        <button type="submit" name="op" value={`remove-${i}`} class="secondary">
          {t('editor.removeQuestion', { n })}
        </button>
      </p>
    </fieldset>
  );
}

/** A question's picture: shown with fields for its alternative text, or a way to add one that keeps everything typed. */
function QuestionPicture(props: {
  request: FastifyRequest;
  q: EditorQuestion;
  i: number;
  errorOf: (name: string) => unknown;
  described: (name: string, hint?: string) => string | undefined;
  texts: (prefix: string, what: string, value: Record<string, string>, multiline?: boolean) => unknown;
  picking: boolean;
}) {
  const { t } = props.request;
  const { q, i } = props;
  const p = `q${i}`;
  const n = i + 1;
  if (q.imageId)
    return (
      <fieldset class="editor-picture">
        <legend>{t('editor.picture')}</legend>
        <input type="hidden" name={`${p}_imageId`} value={q.imageId} />
        <img src={imagePath(q.imageId)} alt={q.imageAlt.fi} class="question-image" />
        <p class="hint" id={`${p}_imageAlt-hint`}>
          {t('editor.pictureAltHint')}
        </p>
        {props.texts(`${p}_imageAlt`, t('editor.pictureAlt'), q.imageAlt)}
        <p>
          <button type="submit" name="op" value={`unpicture-${i}`} class="secondary">
            {t('editor.removePicture', { n })}
          </button>
        </p>
      </fieldset>
    );
  if (props.picking)
    return (
      <div class="editor-picture">
        <label for={`${p}_imageFile`}>{t('editor.pictureFile', { n })}</label>
        <p class="hint" id={`${p}_imageFile-hint`}>
          {t('editor.pictureFileHint')}
        </p>
        {props.errorOf(`${p}_imageFile`)}
        <input
          id={`${p}_imageFile`}
          name="imageFile"
          type="file"
          accept="image/png,image/jpeg,image/webp"
          aria-describedby={props.described(`${p}_imageFile`, `${p}_imageFile-hint`)}
        />
        <p>
          <button type="submit" name="op" value={`upload-${i}`} formenctype="multipart/form-data">
            {t('editor.uploadPicture')}
          </button>
        </p>
      </div>
    );
  return (
    <p>
      <button type="submit" name="op" value={`picture-${i}`} class="secondary">
        {t('editor.addPicture', { n })}
      </button>
    </p>
  );
}
