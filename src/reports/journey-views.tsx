import type { FastifyRequest } from 'fastify';
import { DataTable } from '../http/data-table.tsx';
import { Chart, stageChart } from '../http/echarts.tsx';
import { CsrfField, ErrorList, Page } from '../http/layout.tsx';
import { nodeName, type OrgNode } from '../organisation/node.ts';
import { formatDate } from '../shared/i18n/format.ts';
import { localise, type Question } from '../surveys/definition.ts';
import type { listSurveys } from '../surveys/survey-queries.ts';
import type { JourneyStage, JourneyView } from './journey.ts';
import { type PortalQuery, portalHref } from './portal-query.ts';
import type { filterOptions } from './portal-queries.ts';
import { Filters, marginText, npsText } from './portal-views.tsx';

/** A refused stage form: which stage, why, and what was typed. */
export type StageFormState = { key: string; error: string; typed: Record<string, string | string[]> };

export const journeySvg = (v: JourneyView) =>
  stageChart(
    v.stages.map((s, i) => ({ label: `${i + 1}. ${s.name}`, value: s.suppressed ? null : s.nps, note: marginText(s), marked: s.weakest })),
    'NPS',
    { min: -100, max: 100 },
  );

/** The customer journey of a node: NPS per stage, the weakest stage and its statements. */
export function JourneyPage({
  request,
  q,
  node,
  v,
  options,
}: {
  request: FastifyRequest;
  q: PortalQuery;
  node: OrgNode;
  v: JourneyView;
  options: Awaited<ReturnType<typeof filterOptions>>;
}) {
  const { t, lang } = request;
  const here = (path: string) => portalHref(path, q, node.code);
  const weakest = v.stages.filter((s) => s.weakest);
  return (
    <Page request={request} title={t('journey.title', { node: nodeName(node, lang) })}>
      <p>
        <a href={here('/portal')}>{t('journey.backToPortal')}</a>
      </p>
      <Filters request={request} q={q} node={node} action="/portal/journey" {...options} />
      <p class="hint">{t('journey.intro')}</p>
      <p class="hint">
        {q.filters.version
          ? t('portal.showing', { survey: v.surveyName, version: q.filters.version, from: formatDate(q.period.from, lang), to: formatDate(q.period.to, lang) })
          : t('portal.showingAllVersions', { survey: v.surveyName, from: formatDate(q.period.from, lang), to: formatDate(q.period.to, lang) })}
      </p>
      {weakest.length > 0 && (
        <p class="notice" role="status">
          {t('journey.breaks', { stages: weakest.map((s) => s.name).join(', '), nps: weakest[0]!.nps ?? '–', total: npsText(v.total, t) })}
        </p>
      )}
      <Chart
        id="journey"
        title={t('journey.chartTitle')}
        svg={journeySvg(v)}
        downloads={{ svg: here('/portal/journey/chart.svg'), png: t('portal.png'), tableLabel: t('common.asTable') }}
        table={
          <DataTable
            columns={[t('journey.stage'), t('portal.answers'), 'NPS', t('portal.margin')]}
            rows={v.stages.map((s) => ({ head: s.name, cells: [s.answers, npsText(s, t), marginText(s)] }))}
          />
        }
      />
      {v.untagged > 0 && <p class="hint">{t('journey.untagged', { n: v.untagged })}</p>}
      <ol class="journey">
        {v.stages.map((s) => (
          <li class={s.weakest ? 'stage weakest' : 'stage'}>
            <h2>{s.name}</h2>
            <p>
              <strong>{npsText(s, t)}</strong> NPS {marginText(s)} · {t('journey.answers', { n: s.answers })}
              {s.weakest && (
                <>
                  {' '}
                  · <strong>{t('journey.weakest')}</strong>
                </>
              )}
            </p>
            {s.criticalPoints && (
              <p class="critical">
                <span aria-hidden="true">! </span>
                <strong>{t('journey.criticalPoint')}:</strong> {s.criticalPoints}
              </p>
            )}
            {s.statements.length > 0 && !s.suppressed && (
              <table>
                <caption class="visually-hidden">{t('journey.statementsOf', { stage: s.name })}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('journey.statement')}</th>
                    <th scope="col" class="num">
                      {t('portal.top2')}
                    </th>
                    <th scope="col" class="num">
                      {t('journey.overall')}
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {s.statements.map((st) => (
                    <tr class={s.weakStatements.includes(st.key) ? 'bad' : ''}>
                      <th scope="row">{st.label}</th>
                      <td class="num">
                        {st.top2 === null ? '–' : `${st.top2} %`}
                        {s.weakStatements.includes(st.key) && <> ({t('journey.below')})</>}
                      </td>
                      <td class="num">{st.overall === null ? '–' : `${st.overall} %`}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
            {s.suppressed && s.answers > 0 && <p class="hint">{t('portal.thresholdHint', { n: v.threshold })}</p>}
          </li>
        ))}
      </ol>
    </Page>
  );
}

/** The administrators' editor of the journey's stages and which survey belongs to which stage. */
export function JourneyEditorPage({
  request,
  notice,
  stages,
  surveys,
  tags,
  statements,
  state,
}: {
  request: FastifyRequest;
  notice: string | undefined;
  stages: JourneyStage[];
  surveys: Awaited<ReturnType<typeof listSurveys>>;
  tags: Map<string, string | null>;
  statements: Question[];
  state?: StageFormState | undefined;
}) {
  const { t, lang } = request;
  return (
    <Page request={request} title={t('journey.editorTitle')} notice={notice}>
      <p>{t('journey.editorIntro')}</p>
      {stages.map((s) => {
        const typed = state?.key === s.key ? state.typed : undefined;
        const v = (k: string, fallback: string) => (typed && typeof typed[k] === 'string' ? (typed[k] as string) : fallback);
        const chosen = typed ? ([] as string[]).concat(typed.statements ?? []) : s.statements;
        return (
          <section class="card" id={`stage-${s.key}`}>
            <h2>
              {s.position}. {s.name[lang] ?? s.name.fi}
            </h2>
            {state?.key === s.key && <ErrorList title={state.error} items={[]} />}
            <form method="post" action={`/admin/journey/stages/${s.key}`} class="stack">
              <CsrfField request={request} />
              <label for={`${s.key}-pos`}>{t('journey.position')}</label>
              <input id={`${s.key}-pos`} name="position" type="number" min="1" max="99" value={v('position', String(s.position))} />
              {(['fi', 'sv', 'en'] as const).map((l) => (
                <>
                  <label for={`${s.key}-name-${l}`}>
                    {t('journey.stage')} ({t(`lang.${l}`)})
                  </label>
                  <input id={`${s.key}-name-${l}`} name={`name_${l}`} maxLength={120} required={l === 'fi'} value={v(`name_${l}`, s.name[l] ?? '')} />
                  <label for={`${s.key}-crit-${l}`}>
                    {t('journey.criticalPoint')} ({t(`lang.${l}`)})
                  </label>
                  <textarea id={`${s.key}-crit-${l}`} name={`critical_${l}`} rows={2} maxLength={1000}>
                    {v(`critical_${l}`, s.critical_points[l] ?? '')}
                  </textarea>
                </>
              ))}
              <fieldset>
                <legend>{t('journey.tiedStatements')}</legend>
                {statements.map((q) => (
                  <label class="check">
                    <input type="checkbox" name="statements" value={q.key} checked={chosen.includes(q.key)} /> {localise(q.text, lang)}
                  </label>
                ))}
              </fieldset>
              <p>
                <button type="submit">{t('journey.saveStage')}</button>
              </p>
            </form>
          </section>
        );
      })}
      <h2 id="surveys">{t('journey.surveyStages')}</h2>
      <p>{t('journey.surveyStagesHint')}</p>
      <form method="post" action="/admin/journey/surveys" class="stack">
        <CsrfField request={request} />
        {surveys.map((s) => (
          <>
            <label for={`survey-${s.id}`}>{localise(s.name, lang)}</label>
            <select id={`survey-${s.id}`} name={`stage_${s.id}`}>
              <option value="">{t('cp.noStage')}</option>
              {stages.map((st) => (
                <option value={st.key} selected={tags.get(s.id) === st.key}>
                  {st.name[lang] ?? st.name.fi}
                </option>
              ))}
            </select>
          </>
        ))}
        <p>
          <button type="submit">{t('journey.saveSurveys')}</button>
        </p>
      </form>
    </Page>
  );
}
