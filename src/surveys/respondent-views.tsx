import type { ComponentChildren } from 'preact';
import type { Question, SurveyDefinition } from './definition.ts';
import { imagePath } from './images.ts';
import { localise } from './definition.ts';
import { nodeName } from '../organisation/node.ts';
import type { CollectionPoint } from './collection-points.ts';
import { fill, respondentTexts, type RespondentTexts } from './respondent-texts.ts';
import type { AnswerError } from './validate-answers.ts';

export interface RespondentShell {
  lang: string;
  texts: RespondentTexts;
  title: string;
  unitName: string;
  /** Language switches: code, own name, address. */
  languages: { code: string; name: string; href: string }[];
  kiosk: boolean;
  /** Kiosk: where an idle tablet returns to. */
  home?: string | undefined;
  /** Kiosk thank-you page: return to the start after this many seconds. */
  refresh?: { seconds: number; to: string } | undefined;
  /** A page with the survey form: its language switches send the form, keeping what was answered. */
  form?: SurveyFormHook | undefined;
  children: ComponentChildren;
}

/** The survey form's id, and the primary action that Enter in any field must take. */
export interface SurveyFormHook {
  id: string;
  action: string;
  label: string;
}

/** The page around every respondent step: the collection point's unit, the languages it offers, the kiosk's way home. */
export function RespondentShellPage({
  ctx,
  body,
  refresh,
}: {
  ctx: { lang: string; offered: string[]; kiosk: boolean; base: string; cp?: CollectionPoint | undefined; title: string; form?: SurveyFormHook | undefined };
  body: ComponentChildren;
  refresh?: { seconds: number; to: string } | undefined;
}) {
  const texts = respondentTexts[ctx.lang] ?? respondentTexts.fi!;
  return (
    <RespondentPage
      lang={ctx.lang}
      texts={texts}
      title={ctx.title}
      unitName={ctx.cp ? nodeName({ name_fi: ctx.cp.node_name_fi, name_sv: ctx.cp.node_name_sv, name_en: ctx.cp.node_name_en }, ctx.lang as 'fi') : ''}
      languages={ctx.offered.map((code) => ({ code, name: respondentTexts[code]!.languageName, href: `${ctx.base}?lang=${code}` }))}
      kiosk={ctx.kiosk}
      home={ctx.kiosk ? ctx.base : undefined}
      refresh={refresh}
      form={ctx.form}
    >
      {body}
    </RespondentPage>
  );
}

export function RespondentPage(props: RespondentShell) {
  return (
    <html lang={props.lang}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="robots" content="noindex" />
        {props.kiosk && props.home && (
          // Only without JavaScript: kiosk.js does the same with a warning and a way to stay.
          <noscript>
            <meta http-equiv="refresh" content={`${props.refresh?.seconds ?? 180};url=${props.home}`} />
          </noscript>
        )}
        <title>{props.title}</title>
        <link rel="stylesheet" href="/static/kaiku.css" />
      </head>
      <body
        class={props.kiosk ? 'respondent kiosk' : 'respondent'}
        data-home={props.kiosk ? props.home : undefined}
        data-return-after={props.kiosk && props.refresh ? String(props.refresh.seconds) : undefined}
        data-idle-warning={props.kiosk ? props.texts.idleWarning : undefined}
        data-keep-answering={props.kiosk ? props.texts.keepAnswering : undefined}
      >
        {props.form && (
          // The form's first submit button in tree order is what Enter presses: the language
          // switches below belong to the form too, so the primary action comes before them.
          <button type="submit" form={props.form.id} name="_action" value={props.form.action} class="default-action" tabIndex={-1} aria-hidden="true">
            {props.form.label}
          </button>
        )}
        <header class="survey-top">
          <p class="unit">
            <span class="visually-hidden">{props.texts.unitLabel}: </span>
            {props.unitName}
          </p>
          {props.languages.length > 1 && (
            <nav aria-label={props.texts.languages}>
              <ul class="langs">
                {props.languages.map((l) => (
                  <li>
                    {props.form ? (
                      <button
                        type="submit"
                        form={props.form.id}
                        name="_switchLang"
                        value={l.code}
                        lang={l.code}
                        aria-current={l.code === props.lang ? 'true' : undefined}
                      >
                        {l.name}
                      </button>
                    ) : (
                      <a href={l.href} lang={l.code} hreflang={l.code} aria-current={l.code === props.lang ? 'true' : undefined}>
                        {l.name}
                      </a>
                    )}
                  </li>
                ))}
              </ul>
            </nav>
          )}
        </header>
        <main id="main" class="survey">
          {props.children}
        </main>
        {props.kiosk && <script src="/static/kiosk.js" defer />}
      </body>
    </html>
  );
}

export interface FormProps {
  action: string;
  def: SurveyDefinition;
  lang: string;
  texts: RespondentTexts;
  step: number;
  steps: number;
  questions: Question[];
  /** Answers to the other steps as they were sent, carried along in hidden fields. */
  carried: Record<string, string>;
  /** What was entered on this step (kept when the page is shown again with errors). */
  current: Record<string, string>;
  errors: AnswerError[];
  nonce: string;
  npsWording: 'standard' | 'similar_situation';
  kiosk: boolean;
  /** The first page was answered once already: the drop-out count took it, going back does not count it again. */
  started?: boolean | undefined;
  /** A staff member's preview: the buttons only move between pages, nothing is sent; `in` names the language (`lang` is the staff member's own). */
  preview?: { action: string } | undefined;
}

function errorText(texts: RespondentTexts, e: AnswerError): string {
  if (e.reason === 'required') return texts.errorRequired;
  if (e.reason === 'too_long') return fill(texts.errorTooLong, { max: e.max ?? 0 });
  return texts.errorInvalid;
}

export const surveyFormId = 'survey';

/** What the step's main button does: on to the next step, or send the answers from the last. */
export const primaryAction = (step: number, steps: number) => (step === steps ? 'submit' : 'next');

export function SurveyForm(p: FormProps) {
  const { texts } = p;
  const errorFor = (key: string) => p.errors.find((e) => e.field === key);
  const picture = (q: Question) =>
    q.image ? <img class="question-image" src={imagePath(q.image.id)} alt={localise(q.image.alt, p.lang)} loading="lazy" /> : null;
  const questionText = (q: Question) => localise(q.type === 'nps' && p.npsWording === 'similar_situation' && q.altText ? q.altText : q.text, p.lang);
  const intro = p.step === 1 ? localise(p.def.intro, p.lang) : '';
  return (
    <>
      <h1>{localise(p.def.name, p.lang)}</h1>
      {intro && <p class="intro">{intro}</p>}
      <p class="progress-text" id="progress">
        {fill(texts.progress, { step: p.step, steps: p.steps })}
      </p>
      <progress max={p.steps} value={p.step} aria-labelledby="progress" />
      {p.errors.length > 0 && (
        <div class="errors" role="alert" tabIndex={-1} id="error-summary">
          <p>{texts.errorSummary}</p>
          <ul>
            {p.errors.map((e) => {
              const q = p.questions.find((x) => x.key === e.field);
              return (
                <li>
                  <a href={`#q-${e.field}`}>
                    {q ? `${questionText(q)}: ` : ''}
                    {errorText(texts, e)}
                  </a>
                </li>
              );
            })}
          </ul>
        </div>
      )}
      <form method={p.preview ? 'get' : 'post'} action={p.preview?.action ?? p.action} autocomplete={p.kiosk ? 'off' : undefined} novalidate id={surveyFormId}>
        {p.preview ? (
          <input type="hidden" name="in" value={p.lang} />
        ) : (
          <>
            <input type="hidden" name="_nonce" value={p.nonce} />
            <input type="hidden" name="_step" value={String(p.step)} />
            <input type="hidden" name="_lang" value={p.lang} />
            {p.started && <input type="hidden" name="_started" value="1" />}
          </>
        )}
        {Object.entries(p.carried).map(([k, v]) => (
          <input type="hidden" name={`q_${k}`} value={v} />
        ))}
        {p.questions.some((q) => !q.required && q.type !== 'open' && q.type !== 'info' && q.type !== 'multichoice') && <p class="hint">{texts.skipHint}</p>}
        {p.questions.map((q) => {
          const err = errorFor(q.key);
          const errId = `err-${q.key}`;
          const value = p.current[q.key] ?? '';
          const name = `q_${q.key}`;
          const req = q.required ? <span class="req"> ({texts.required})</span> : null;
          if (q.type === 'open') {
            return (
              <div class={err ? 'question has-error' : 'question'} id={`q-${q.key}`}>
                <label for={`f-${q.key}`}>
                  {questionText(q)}
                  {req}
                </label>
                {picture(q)}
                <p class="hint" id={`hint-${q.key}`}>
                  {texts.openHint}
                </p>
                {err && (
                  <p class="field-error" id={errId}>
                    {errorText(texts, err)}
                  </p>
                )}
                <textarea
                  id={`f-${q.key}`}
                  name={name}
                  rows={4}
                  maxLength={q.maxLength ?? 2000}
                  aria-describedby={[`hint-${q.key}`, err ? errId : ''].filter(Boolean).join(' ')}
                  autocomplete="off"
                  spellcheck={!p.kiosk}
                >
                  {value}
                </textarea>
              </div>
            );
          }
          if (q.type === 'info') {
            return (
              <div class="question info" id={`q-${q.key}`}>
                {picture(q)}
                {questionText(q)
                  .split(/\n{2,}/)
                  .map((para) => (
                    <p>{para}</p>
                  ))}
              </div>
            );
          }
          if (q.type === 'multichoice') {
            const ticked = value.split(',');
            return (
              <fieldset class={`question multichoice${err ? ' has-error' : ''}`} id={`q-${q.key}`} aria-describedby={`hint-${q.key}${err ? ` ${errId}` : ''}`}>
                <legend>
                  {questionText(q)}
                  {req}
                </legend>
                {picture(q)}
                <p class="hint" id={`hint-${q.key}`}>
                  {texts.multiHint}
                </p>
                {err && (
                  <p class="field-error" id={errId}>
                    {errorText(texts, err)}
                  </p>
                )}
                <div class="options">
                  {(q.options ?? []).map((o) => (
                    <label class="option">
                      <input type="checkbox" name={name} value={o.key} checked={ticked.includes(o.key)} autocomplete="off" />
                      <span>{localise(o.text, p.lang)}</span>
                    </label>
                  ))}
                </div>
              </fieldset>
            );
          }
          const options: { value: string; label: string; short?: string }[] =
            q.type === 'nps'
              ? Array.from({ length: 11 }, (_, v) => ({ value: String(v), label: String(v) }))
              : q.type === 'likert'
                ? texts.likert.map((l, i) => ({ value: String(i + 1), label: `${i + 1} ${l}` }))
                : q.type === 'yesno'
                  ? [
                      { value: 'yes', label: texts.yes },
                      { value: 'no', label: texts.no },
                    ]
                  : (q.options ?? []).map((o) => ({ value: o.key, label: localise(o.text, p.lang) }));
          if (!q.required) options.push({ value: 'skip', label: texts.noAnswer });
          const option = (o: { value: string; label: string }) => (
            <label class={o.value === 'skip' ? 'option skip' : 'option'}>
              <input type="radio" name={name} value={o.value} checked={value === o.value} autocomplete="off" />
              <span>{o.label}</span>
            </label>
          );
          const describedBy = [q.type === 'nps' ? `scale-${q.key}` : '', err ? errId : ''].filter(Boolean).join(' ') || undefined;
          return (
            <fieldset class={`question ${q.type}${err ? ' has-error' : ''}`} id={`q-${q.key}`} aria-describedby={describedBy}>
              <legend>
                {questionText(q)}
                {req}
              </legend>
              {picture(q)}
              {err && (
                <p class="field-error" id={errId}>
                  {errorText(texts, err)}
                </p>
              )}
              <div class="options">{(q.type === 'nps' ? options.filter((o) => o.value !== 'skip') : options).map(option)}</div>
              {q.type === 'nps' && (
                <>
                  <p class="scale-ends" id={`scale-${q.key}`}>
                    <span>{texts.npsLow}</span> <span>{texts.npsHigh}</span>
                  </p>
                  {options.filter((o) => o.value === 'skip').map(option)}
                </>
              )}
            </fieldset>
          );
        })}
        <div class="actions">
          <button
            type="submit"
            name={p.preview ? 'page' : '_action'}
            value={p.preview ? String(Math.min(p.step + 1, p.steps)) : primaryAction(p.step, p.steps)}
          >
            {p.step === p.steps ? texts.submit : texts.next}
          </button>
          {p.step > 1 && (
            <button type="submit" name={p.preview ? 'page' : '_action'} value={p.preview ? String(p.step - 1) : 'back'} class="secondary">
              {texts.back}
            </button>
          )}
        </div>
      </form>
    </>
  );
}

/** Where a respondent can go from an end page: the feedback form (at the unit) and the public results. */
export interface NextSteps {
  feedbackHref: string;
  resultsHref: string;
}

export function ThanksView({
  texts,
  kiosk,
  restartHref,
  seconds,
  next,
}: {
  texts: RespondentTexts;
  kiosk: boolean;
  restartHref: string;
  seconds: number;
  next: NextSteps;
}) {
  return (
    <div class="thanks">
      <div role="status">
        <h1>{texts.thanksTitle}</h1>
        <p>{kiosk ? fill(texts.kioskThanks, { seconds }) : texts.thanksText}</p>
      </div>
      {kiosk ? (
        <p>
          <a class="button" href={restartHref}>
            {texts.startOver}
          </a>
        </p>
      ) : (
        <>
          <h2>{texts.nextTitle}</h2>
          <ul class="next-steps">
            <li>
              <a href={next.feedbackHref}>{texts.nextFeedback}</a>
            </li>
            <li>
              <a href={next.resultsHref}>{texts.nextResults}</a>
            </li>
          </ul>
          <p>{texts.nextClose}</p>
        </>
      )}
    </div>
  );
}

export function MessageView({ title, text, next }: { title: string; text: string; next?: { href: string; label: string } | undefined }) {
  return (
    <>
      <h1>{title}</h1>
      <p>{text}</p>
      {next && (
        <p>
          <a href={next.href}>{next.label}</a>
        </p>
      )}
    </>
  );
}
