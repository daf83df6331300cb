import type { FastifyRequest } from 'fastify';
import { CsrfField, JobProgress } from '../http/layout.tsx';
import { formatNumber, formatTime } from '../shared/i18n/format.ts';
import type { Retraining } from './retrain.ts';
import type { ToneScores } from './tone-model/training.ts';

const score = (x: number | undefined, lang: string) => (x === undefined ? '–' : formatNumber(x, lang));

/** Before and after as numbers and as bars on one scale (0 to 1), the old model grey, the new one blue. */
function BeforeAfter({ request, before, after }: { request: FastifyRequest; before: ToneScores; after: ToneScores }) {
  const { t, lang } = request;
  const rows = [
    { head: t('analysis.model.all'), before: before.macroF1, after: after.macroF1 },
    ...(['fi', 'sv', 'en'] as const).map((l) => ({ head: t(`analysis.model.lang.${l}`), before: before.perLanguage[l], after: after.perLanguage[l] })),
  ];
  return (
    <>
      <table class="hbars">
        <caption>{t('analysis.model.scoresCaption', { n: before.n })}</caption>
        <thead>
          <tr>
            <th scope="col">{t('analysis.model.texts')}</th>
            <th scope="col" class="num">
              {t('analysis.model.before')}
            </th>
            <th scope="col" class="num">
              {t('analysis.model.after')}
            </th>
            <td class="bar-cell" aria-hidden="true" />
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr>
              <th scope="row">{r.head}</th>
              <td class="num">{score(r.before, lang)}</td>
              <td class="num">{score(r.after, lang)}</td>
              <td class="bar-cell" aria-hidden="true">
                <span class="hbar hbar-before" style={`width:${Math.round(r.before * 100)}%`} />
                <span class="hbar" style={`width:${Math.round(r.after * 100)}%`} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <p class="hint">{t('analysis.model.barsHint')}</p>
    </>
  );
}

/**
 * The tone model on the analysis page: which one is in use, how many corrections the county has
 * made, the latest retraining (its progress, or its before/after scores on the held-out texts and
 * whether it was taken into use), and the button to retrain.
 */
export function ToneModelSection(props: {
  request: FastifyRequest;
  model: { id: number | null; digest: string; sameAsShipped: boolean; setAside: number | null };
  corrections: number;
  retrainings: Retraining[];
}) {
  const { t, lang } = props.request;
  const latest = props.retrainings[0];
  const running = latest && (latest.status === 'queued' || latest.status === 'training');
  return (
    <section aria-labelledby="tone-model-h">
      <h2 id="tone-model-h">{t('analysis.model.title')}</h2>
      <p>
        {props.model.setAside !== null
          ? t('analysis.model.setAside', { id: props.model.setAside, digest: props.model.digest })
          : props.model.id === null
            ? t('analysis.model.shipped', { digest: props.model.digest })
            : t(props.model.sameAsShipped ? 'analysis.model.countySame' : 'analysis.model.county', { id: props.model.id, digest: props.model.digest })}{' '}
        {t('analysis.model.corrections', { n: formatNumber(props.corrections, lang) })}
      </p>
      {latest?.status === 'queued' && <p role="status">{t('analysis.model.queued')}</p>}
      {latest?.status === 'training' && (
        <JobProgress
          label={t(`analysis.model.phase.${latest.phase ?? 'reading'}`, { done: latest.done, total: latest.total })}
          done={latest.done}
          total={latest.total}
        />
      )}
      {latest && (latest.status === 'accepted' || latest.status === 'rejected') && latest.before && latest.after && (
        <>
          <p role="status">
            {t(`analysis.model.${latest.status}`, { id: latest.id, at: formatTime(latest.finishedAt ?? latest.requestedAt, lang), n: latest.corrections ?? 0 })}
          </p>
          <BeforeAfter request={props.request} before={latest.before} after={latest.after} />
        </>
      )}
      {latest?.status === 'failed' && <p role="alert">{t('analysis.model.failed', { message: latest.message ?? '' })}</p>}
      <form method="post" action="/admin/analysis/retrain">
        <CsrfField request={props.request} />
        <p class="hint">{t('analysis.model.retrainHint')}</p>
        <button type="submit" disabled={running}>
          {t('analysis.model.retrain')}
        </button>
      </form>
    </section>
  );
}
