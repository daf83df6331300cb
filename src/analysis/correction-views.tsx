import type { FastifyRequest } from 'fastify';
import { CsrfField, ErrorList, Page } from '../http/layout.tsx';
import { formatTime } from '../shared/i18n/format.ts';
import type { CorrectableText } from './corrections.ts';
import type { Topic } from './default-taxonomy.ts';
import { toneClasses } from './tone-model/model.ts';
import type { Tone } from './tone.ts';

/** Where "correct" leads from a list of texts, coming back to the same list afterwards. */
export function correctHref(x: { source: string; sourceId: number; question: string }, back: string): string {
  const q = new URLSearchParams({ source: x.source, id: String(x.sourceId), question: x.question, back });
  return `/analysis/correct?${q}`;
}

/** A text's tone and topics, to be corrected by a person; what they typed is kept when it is refused. */
export function CorrectTextPage(props: {
  request: FastifyRequest;
  text: CorrectableText;
  topics: Topic[];
  back: string;
  typed?: { tone?: Tone | undefined; topics: string[] };
  errors?: string[];
}) {
  const { t, lang } = props.request;
  const { text } = props;
  const tone = props.typed?.tone ?? text.tone;
  const chosen = new Set(props.typed?.topics ?? text.topics);
  const names = new Map(props.topics.map((x) => [x.key, x.name[lang]]));
  return (
    <Page request={props.request} title={t('analysis.correct.title')}>
      <p>
        <a href={props.back}>{t('analysis.correct.back')}</a>
      </p>
      <blockquote lang={text.language}>{text.masked}</blockquote>
      <p class="hint">
        {text.corrected
          ? t('analysis.correct.correctedBy', { by: text.corrected.by, at: formatTime(text.corrected.at, lang) })
          : t('analysis.correct.analysed', { tone: t(`tone.${text.tone}`), topics: text.topics.map((k) => names.get(k) ?? k).join(', ') || '–' })}
      </p>
      <form method="post" action="/analysis/correct" class="stack">
        <CsrfField request={props.request} />
        {props.errors && <ErrorList title={t('error.invalid')} items={props.errors} />}
        <input type="hidden" name="source" value={text.ref.source} />
        <input type="hidden" name="id" value={String(text.ref.id)} />
        <input type="hidden" name="question" value={text.ref.question} />
        <input type="hidden" name="back" value={props.back} />
        <fieldset>
          <legend>{t('portal.tone')}</legend>
          {toneClasses.map((x) => (
            <label class="check">
              <input type="radio" name="tone" value={x} checked={tone === x} required /> {t(`tone.${x}`)}
            </label>
          ))}
        </fieldset>
        <fieldset>
          <legend>{t('analysis.topics')}</legend>
          {props.topics.map((x) => (
            <label class="check">
              <input type="checkbox" name="topics" value={x.key} checked={chosen.has(x.key)} /> {x.name[lang]}
            </label>
          ))}
        </fieldset>
        <p class="hint">{t('analysis.correct.hint')}</p>
        <p>
          <button type="submit">{t('analysis.correct.save')}</button>
        </p>
      </form>
    </Page>
  );
}
