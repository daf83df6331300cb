import type { FastifyRequest } from 'fastify';
import { StackedBarChart } from '../http/charts.tsx';
import { CsrfField, ErrorList, JobProgress, Page } from '../http/layout.tsx';
import type { Config } from '../shared/config.ts';
import { isMessageKey, type MessageKey } from '../shared/i18n/index.ts';
import type { Question } from '../surveys/definition.ts';
import { localise } from '../surveys/definition.ts';
import type { SmsOverview } from './admin-queries.ts';
import { firstMessage, questionMessage } from './messages.ts';
import { countSegments } from './segments.ts';
import type { VisitImportRun } from './visit-import.ts';
import { clock } from '../shared/clock.ts';

const minutes = (m: number) => `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;

/** The county's SMS page: the sending rules, response rate, question choice with message lengths, visits and import. */
export function SmsAdminPage({ request, notice, config, overview }: { request: FastifyRequest; notice?: string; config: Config; overview: SmsOverview }) {
  const { t, lang } = request;
  const { settings, surveys, visits, held, months, overrides, choices } = overview;
  const label = (key: string, fallback: string) => (isMessageKey(key) ? t(key) : fallback);
  const sample = { unit: 'Porvoon terveysasema', visitAt: clock.now(), call: false };
  return (
    <Page request={request} title={t('sms.title')} notice={notice}>
      {(config.sms.provider === 'outbox' || !config.sms.webhookSecret) && (
        <div class="warning">
          <h2>{t('sms.setupWarning')}</h2>
          <ul>
            {config.sms.provider === 'outbox' && <li>{t('sms.outboxWarning')}</li>}
            {!config.sms.webhookSecret && <li>{t('sms.webhookWarning')}</li>}
          </ul>
        </div>
      )}
      <dl class="receipt">
        <dt>{t('sms.provider')}</dt>
        <dd>{t(`sms.provider.${config.sms.provider}`)}</dd>
        <dt>{t('sms.window')}</dt>
        <dd>
          {minutes(config.sms.window.start)}–{minutes(config.sms.window.end)} (Europe/Helsinki)
          {config.sms.nextDayFrom !== undefined ? `; ${t('sms.nextDay', { time: minutes(config.sms.nextDayFrom) })}` : ''}
        </dd>
        <dt>{t('sms.delay')}</dt>
        <dd>{Math.round(config.sms.delayMs / 60_000)} min</dd>
        <dt>{t('sms.frequency')}</dt>
        <dd>{t('sms.days', { days: settings.frequencyDays })}</dd>
        <dt>{t('sms.expiry')}</dt>
        <dd>{t('sms.hours', { hours: settings.conversationHours })}</dd>
        <dt>{t('sms.webhook')}</dt>
        <dd>{config.sms.webhookSecret ? t('common.yes') : t('sms.webhookMissing')}</dd>
      </dl>

      <form method="post" action="/admin/sms/limits" class="filters">
        <CsrfField request={request} />
        <label>
          {t('sms.frequencyField')}
          <input type="number" name="frequencyDays" min={1} max={365} value={String(settings.frequencyDays)} required />
        </label>
        <label>
          {t('sms.expiryField')}
          <input type="number" name="conversationHours" min={1} max={168} value={String(settings.conversationHours)} required />
        </label>
        <button type="submit">{t('common.save')}</button>
      </form>

      <h2>{t('sms.responseRate')}</h2>
      {months.length === 0 ? (
        <p>{t('sms.noneYet')}</p>
      ) : (
        <StackedBarChart
          id="sms-rate"
          title={t('sms.responseRate')}
          bars={months.map((m) => ({ label: `${Number(m.month.slice(5))}/${m.month.slice(2, 4)}`, value: m.sent, part: m.answered }))}
          legend={{ value: t('sms.sent'), part: t('sms.answered') }}
        />
      )}

      <h2>{t('sms.questions')}</h2>
      <p>{t('sms.questionsHint')}</p>
      <form method="post" action="/admin/sms/surveys">
        <CsrfField request={request} />
        {surveys.map(({ type, plan, def }) => {
          const chosen = plan.questions.map((k) => def.questions.find((q) => q.key === k)).filter((q): q is Question => !!q);
          return (
            <fieldset class="card">
              <legend>
                {t(`sms.type.${type}` as MessageKey)}: {localise(def.name, lang)}
              </legend>
              <label for={`${type}-survey`}>{t('sms.survey')}</label>
              <select id={`${type}-survey`} name={`${type}.survey`}>
                {choices.map((c) => (
                  <option value={c.id} selected={c.id === plan.survey}>
                    {localise(c.name, lang)}
                  </option>
                ))}
              </select>
              {def.questions.map((q) => (
                <label class="check">
                  <input type="checkbox" name={`${type}.questions`} value={q.key} checked={plan.questions.includes(q.key)} /> {localise(q.text, lang)}{' '}
                  <code class="muted">{q.key}</code>
                </label>
              ))}
              <label for={`${type}-within`}>{t('sms.within')}</label>
              <input id={`${type}-within`} type="number" name={`${type}.withinHours`} min={1} max={168} value={String(plan.withinHours)} />
              <table>
                <caption>{t('sms.segmentsCaption')}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('sms.message')}</th>
                    {(['fi', 'sv', 'en'] as const).map((l) => (
                      <th scope="col">{l}</th>
                    ))}
                  </tr>
                </thead>
                <tbody>
                  {chosen.map((q, i) => (
                    <tr>
                      <th scope="row">{i === 0 ? t('sms.firstMessage') : `${i + 1}/${chosen.length}`}</th>
                      {(['fi', 'sv', 'en'] as const).map((l) => {
                        const text =
                          i === 0 ? firstMessage(def, chosen, l, { ...sample, call: type === 'first-contact' }) : questionMessage(def, q, i, chosen.length, l);
                        const s = countSegments(text);
                        return (
                          <td class={s.segments > 1 ? 'warn' : ''}>
                            <span title={text}>{t('sms.segments', { segments: s.segments, encoding: s.encoding, length: s.length })}</span>
                          </td>
                        );
                      })}
                    </tr>
                  ))}
                </tbody>
              </table>
            </fieldset>
          );
        })}
        <p>
          <button type="submit">{t('common.save')}</button>
        </p>
      </form>

      <h2>{t('sms.overrides')}</h2>
      <p>{t('sms.overridesHint')}</p>
      {overrides.length === 0 ? (
        <p>{t('sms.overrideNone')}</p>
      ) : (
        <ul>
          {overrides.map((o, i) => (
            <li>
              {o.unit.name_fi} <code class="muted">{o.unit.code}</code> · {t(`sms.type.${o.type}` as MessageKey)} ·{' '}
              {localise(choices.find((c) => c.id === o.survey)?.name, lang) || o.survey}
              <form method="post" action="/admin/sms/overrides/remove" class="inline">
                <CsrfField request={request} />
                <input type="hidden" name="index" value={String(i)} />{' '}
                <button type="submit" class="secondary" aria-label={`${t('sms.overrideRemove')}: ${o.unit.name_fi}, ${t(`sms.type.${o.type}` as MessageKey)}`}>
                  {t('sms.overrideRemove')}
                </button>
              </form>
            </li>
          ))}
        </ul>
      )}
      <form method="post" action="/admin/sms/overrides">
        <CsrfField request={request} />
        <label for="override-node">{t('sms.overrideNode')}</label>
        <input id="override-node" name="node" type="text" maxLength={200} autocomplete="off" />
        <label for="override-type">{t('sms.overrideType')}</label>
        <select id="override-type" name="type">
          {surveys.map(({ type }) => (
            <option value={type}>{t(`sms.type.${type}` as MessageKey)}</option>
          ))}
        </select>
        <label for="override-survey">{t('sms.overrideSurvey')}</label>
        <select id="override-survey" name="survey">
          {choices.map((c) => (
            <option value={c.id}>{localise(c.name, lang)}</option>
          ))}
        </select>
        <p>
          <button type="submit">{t('sms.overrideAdd')}</button>
        </p>
      </form>

      <h2>{t('sms.visits30')}</h2>
      {visits.length === 0 ? (
        <p>{t('sms.noneYet')}</p>
      ) : (
        <table>
          <thead>
            <tr>
              <th scope="col">{t('common.status')}</th>
              <th scope="col">{t('sms.count')}</th>
            </tr>
          </thead>
          <tbody>
            {visits.map((v) => (
              <tr>
                <th scope="row">
                  {label(`sms.status.${v.status}`, v.status)}
                  {v.reason ? `: ${label(`sms.reason.${v.reason}`, v.reason)}` : ''}
                </th>
                <td class="num">{v.n}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {held.length > 0 && (
        <>
          <h2>{t('sms.held')}</h2>
          <p>{t('sms.heldHint')}</p>
          <ul>
            {held.map((h) => (
              <li>
                {h.unit_code}: {h.n}
              </li>
            ))}
          </ul>
        </>
      )}

      <h2>{t('sms.import')}</h2>
      <form method="post" action="/admin/sms/visits/import" enctype="multipart/form-data">
        <CsrfField request={request} />
        <label for="visit-file">{t('sms.importFile')}</label>
        <p class="hint" id="visit-file-hint">
          {t('sms.importHint')}
        </p>
        <input id="visit-file" type="file" name="file" accept=".csv,.jsonl,.txt,text/csv" aria-describedby="visit-file-hint" />
        <p>
          <button type="submit">{t('sms.importSubmit')}</button>
        </p>
      </form>
    </Page>
  );
}

/** A setting that was not saved: what was wrong, and the way back. */
export function SmsRefusedPage({ request, message }: { request: FastifyRequest; message: MessageKey }) {
  const { t } = request;
  return (
    <Page request={request} title={t('sms.title')}>
      <ErrorList title={t('error.invalid')} items={[t(message)]} />
      <p>
        <a href="/admin/sms">{t('sms.title')}</a>
      </p>
    </Page>
  );
}

/** A visit file's import as it runs: progress, then the counts and the lines that were refused. */
export function VisitImportPage({ request, run }: { request: FastifyRequest; run: VisitImportRun }) {
  const { t } = request;
  return (
    <Page request={request} title={t('sms.import')} refreshSeconds={run.status === 'running' ? 1 : undefined}>
      {run.status === 'running' && <JobProgress label={t('sms.importRunning', { done: run.done, total: run.total })} done={run.done} total={run.total} />}
      {run.status === 'done' && (
        <p class="notice" role="status">
          {t('sms.importDone', { total: run.total, ...run.counts })}
        </p>
      )}
      {run.status === 'failed' && <ErrorList title={t('error.invalid')} items={[run.error ?? '']} />}
      {run.problems.length > 0 && (
        <table>
          <caption>{t('sms.importProblems')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('sms.line')}</th>
              <th scope="col">{t('sms.problem')}</th>
            </tr>
          </thead>
          <tbody>
            {run.problems.map((p) => (
              <tr>
                <td class="num">{p.line}</td>
                <td>{p.message}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <p>
        <a href="/admin/sms">{t('sms.title')}</a>
      </p>
    </Page>
  );
}
