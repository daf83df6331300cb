import type { FastifyRequest } from 'fastify';
import { HorizontalBars } from '../http/charts.tsx';
import { CsrfField, ErrorList, Page } from '../http/layout.tsx';
import { formatNumber, formatShort } from '../shared/i18n/format.ts';
import { isMessageKey } from '../shared/i18n/index.ts';
import { backgroundValueLabel } from '../surveys/background.ts';
import { localise } from '../surveys/definition.ts';
import type { listSurveys } from '../surveys/survey-queries.ts';
import type { OpenParticipationWork, StaffNode } from './hub-queries.ts';
import type { Population } from './panel.ts';
import { PopulationForm } from './population-views.tsx';
import { nodeName } from '../organisation/node.ts';
import type { PoolFigures } from './pool.ts';
import { type Refusal, typedValue } from './ui.tsx';

/** The participation front page: the pool in figures and its rounds; coordinators also get the way onwards and a new round. */
export function HubPage({
  request,
  notice,
  f,
  open,
  surveys,
  staffNodes = [],
  population,
  form,
}: {
  request: FastifyRequest;
  notice: string | undefined;
  f: PoolFigures;
  open: OpenParticipationWork | undefined;
  surveys: Awaited<ReturnType<typeof listSurveys>>;
  staffNodes?: StaffNode[];
  population: Population;
  form?: Refusal | undefined;
}) {
  const { t, lang } = request;
  const audience = typedValue(form?.typed, 'audience', 'pool');
  const populationReady = Object.keys(population.ageGroups).length > 0 && Object.keys(population.municipalities).length > 0;
  const coordinator = open !== undefined;
  const bars = (rows: { key: string; count: number | null }[], label: (k: string) => string) =>
    rows.filter((r) => r.count !== null).map((r) => ({ label: label(r.key), value: r.count! }));
  const hidden = (rows: { count: number | null }[]) => rows.filter((r) => r.count === null).length;
  return (
    <Page request={request} title={t('part.title')} notice={notice}>
      {coordinator && (
        <nav aria-label={t('part.sections')}>
          <ul class="links">
            <li>
              <a href="/admin/participation/councils">{t('council.title')}</a> ({t('part.openApplications', { n: open!.applications })})
            </li>
            <li>
              <a href="/admin/participation/experts">{t('expert.title')}</a>
            </li>
            <li>
              <a href="/admin/participation/requests">{t('expert.requestsTitle')}</a> ({t('part.newRequests', { n: open!.requests })})
            </li>
            <li>
              <a href="/admin/participation/projects">{t('project.title')}</a>
            </li>
          </ul>
        </nav>
      )}
      <h2>{t('pool.adminTitle')}</h2>
      <p>{t('pool.size', { members: f.members, pending: f.pending })}</p>
      <p class="hint">{t('pool.figuresHint', { threshold: f.threshold })}</p>
      <div class="grid-2">
        <section>
          <h3>{t('background.ageGroup')}</h3>
          <HorizontalBars label={t('background.ageGroup')} items={bars(f.ageGroups, (k) => backgroundValueLabel(t, 'ageGroup', k))} />
          {hidden(f.ageGroups) > 0 && <p class="hint">{t('pool.hiddenGroups', { n: hidden(f.ageGroups) })}</p>}
        </section>
        <section>
          <h3>{t('pool.services')}</h3>
          <HorizontalBars
            label={t('pool.services')}
            items={bars(f.services, (k) => (isMessageKey(`pool.service.${k}`) ? t(`pool.service.${k}` as 'pool.service.family') : k))}
          />
          {hidden(f.services) > 0 && <p class="hint">{t('pool.hiddenGroups', { n: hidden(f.services) })}</p>}
        </section>
        <section>
          <h3>{t('pool.municipality')}</h3>
          <HorizontalBars label={t('pool.municipality')} items={bars(f.municipalities, (k) => (k === '(none)' ? t('common.notGiven') : k))} />
          {hidden(f.municipalities) > 0 && <p class="hint">{t('pool.hiddenGroups', { n: hidden(f.municipalities) })}</p>}
        </section>
      </div>
      <h2>{t('pool.rounds')}</h2>
      {f.rounds.length === 0 ? (
        <p>{t('pool.noRounds')}</p>
      ) : (
        <table>
          <caption class="visually-hidden">{t('pool.rounds')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('pool.roundTitle')}</th>
              <th scope="col" class="num">
                {t('pool.answeredOfInvited')}
              </th>
            </tr>
          </thead>
          <tbody>
            {f.rounds.map((r) => (
              <tr>
                <td>
                  <a href={`/portal?survey=${encodeURIComponent(r.survey_id)}${r.node_code ? `&node=${encodeURIComponent(r.node_code)}` : ''}`}>{r.title}</a>
                  <br />
                  {/* when and to whom under the title: three columns fit a phone */}
                  <span class="hint">
                    <time datetime={new Date(r.created_at).toISOString()}>{formatShort(r.created_at, lang, true)}</time> ·{' '}
                    {r.audience === 'staff'
                      ? t('round.toStaffOf', { node: nodeName({ name_fi: r.node_name_fi ?? '', name_sv: r.node_name_sv, name_en: r.node_name_en }, lang) })
                      : r.audience === 'panel'
                        ? t('round.toPanel', { gap: formatNumber(r.largest_gap ?? 0, lang) })
                        : t('round.toPool')}
                  </span>
                </td>
                <td class="num">
                  {r.answered} / {r.invited} ({r.invited ? Math.round((100 * r.answered) / r.invited) : 0} %)
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {coordinator && (
        <>
          <h3 id="new-round">{t('pool.newRound')}</h3>
          <p>{t('pool.newRoundHint')}</p>
          {form && form.typed.form !== 'population' && <ErrorList title={form.error} items={[]} />}
          <form method="post" action="/admin/participation/pool/rounds" class="stack">
            <CsrfField request={request} />
            <label for="round-title">{t('pool.roundTitle')}</label>
            <input id="round-title" name="title" type="text" required maxLength={200} value={typedValue(form?.typed, 'title')} />
            <label for="round-survey">{t('common.survey')}</label>
            <select id="round-survey" name="survey">
              <option value="">{t('pool.chooseSurvey')}</option>
              {surveys.map((s) => (
                <option value={s.id} selected={typedValue(form?.typed, 'survey') === s.id}>
                  {localise(s.name, lang)}
                </option>
              ))}
            </select>
            <fieldset>
              <legend>{t('round.audience')}</legend>
              <label class="check">
                <input type="radio" name="audience" value="pool" checked={audience === 'pool'} /> {t('round.audience.pool', { n: f.members })}
              </label>
              <label class="check">
                <input type="radio" name="audience" value="panel" checked={audience === 'panel'} aria-describedby="panel-hint" /> {t('round.audience.panel')}
              </label>
              <p id="panel-hint" class="hint">
                {populationReady ? t('round.panelHint') : t('round.panelNeedsPopulation')}
              </p>
              <label for="panel-size">{t('round.panelSize')}</label>
              <input
                id="panel-size"
                name="panelSize"
                type="number"
                inputmode="numeric"
                min={1}
                max={Math.max(1, f.members)}
                value={typedValue(form?.typed, 'panelSize', String(Math.min(200, f.members)))}
              />
              <label class="check">
                <input type="radio" name="audience" value="staff" checked={audience === 'staff'} /> {t('round.audience.staff')}
              </label>
              <label for="staff-node">{t('round.staffNode')}</label>
              <select id="staff-node" name="node">
                {staffNodes.map((n) => (
                  <option value={n.code} selected={typedValue(form?.typed, 'node') === n.code}>
                    {n.name}
                  </option>
                ))}
              </select>
            </fieldset>
            <label class="check">
              <input type="checkbox" name="confirm" value="yes" /> {t('round.confirmSend')}
            </label>
            <p>
              <button type="submit">{t('round.send')}</button>
            </p>
          </form>
          <PopulationForm request={request} population={population} form={form} />
        </>
      )}
    </Page>
  );
}
