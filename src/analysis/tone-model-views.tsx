import type { FastifyRequest } from 'fastify';
import { DataTable } from '../http/data-table.tsx';
import { CsrfField, JobProgress } from '../http/layout.tsx';
import { formatNumber, formatTime } from '../shared/i18n/format.ts';
import type { Retraining } from './retrain.ts';
import type { ToneScores } from './tone-model/training.ts';

const score = (x: number | undefined, lang: string) => (x === undefined ? '–' : formatNumber(x, lang));

function BeforeAfter({ request, before, after }: { request: FastifyRequest; before: ToneScores; after: ToneScores }) {
  const { t, lang } = request;
  return (
    <DataTable
      caption={t('analysis.model.scoresCaption', { n: before.n })}
      columns={[t('analysis.model.texts'), t('analysis.model.before'), t('analysis.model.after')]}
      rows={[
        { head: t('analysis.model.all'), cells: [score(before.macroF1, lang), score(after.macroF1, lang)] },
        ...(['fi', 'sv', 'en'] as const).map((l) => ({
          head: t(`analysis.model.lang.${l}`),
          cells: [score(before.perLanguage[l], lang), score(after.perLanguage[l], lang)],
        })),
      ]}
    />
  );
}

/**
 * The tone model on the analysis page: which one is in use, how many corrections the county has
 * made, the latest retraining (its progress, or its before/after scores on the held-out texts and
 * whether it was taken into use), and the button to retrain.
 */
export function ToneModelSection(props: {
  request: FastifyRequest;
  model: { id: number | null; digest: string };
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
        {props.model.id === null
          ? t('analysis.model.shipped', { digest: props.model.digest })
          : t('analysis.model.county', { id: props.model.id, digest: props.model.digest })}{' '}
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
