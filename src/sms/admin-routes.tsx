import { clock } from '../shared/clock.ts';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { requireCountyAdmin, redirectWithNotice, takeNotice } from '../http/context.ts';
import { StackedBarChart } from '../http/charts.tsx';
import { CsrfField, ErrorList, JobProgress, Page } from '../http/layout.tsx';
import { sendPage } from '../http/render.tsx';
import type { Config } from '../shared/config.ts';
import type { Db } from '../shared/db.ts';
import { AppError } from '../shared/errors.ts';
import { isMessageKey, type MessageKey } from '../shared/i18n/index.ts';
import { latestVersion } from '../surveys/survey-queries.ts';
import type { Question } from '../surveys/definition.ts';
import { localise } from '../surveys/definition.ts';
import { firstMessage, questionMessage } from './messages.ts';
import { countSegments } from './segments.ts';
import { saveSmsSurveys, smsSettings, type SmsSurveys, visitTypes } from './sms-settings.ts';
import { getVisitImport, startVisitImport, visitImportSettled } from './visit-import.ts';

const minutes = (m: number) => `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;

/** A setting that was not saved: what was wrong, and the way back. */
function refused(request: FastifyRequest, reply: FastifyReply, message: MessageKey) {
  const { t } = request;
  return sendPage(
    reply,
    <Page request={request} title={t('sms.title')}>
      <ErrorList title={t('error.invalid')} items={[t(message)]} />
      <p>
        <a href="/admin/sms">{t('sms.title')}</a>
      </p>
    </Page>,
    400,
  );
}

export async function smsAdminRoutes(app: FastifyInstance, opts: { db: Db; config: Config }) {
  const { db, config } = opts;

  app.get('/admin/sms', async (request, reply) => {
    requireCountyAdmin(request);
    const { t, lang } = request;
    const settings = await smsSettings(db);
    const surveys = await Promise.all(
      visitTypes.map(async (type) => ({ type, plan: settings.surveys[type], def: (await latestVersion(db, settings.surveys[type].survey)).definition })),
    );
    const visits = await db.query<{ status: string; reason: string | null; n: number }>(
      "select status, skip_reason as reason, count(*)::int as n from visit where received_at > $1::timestamptz - interval '30 days' group by 1, 2 order by 3 desc",
      [clock.now()],
    );
    const held = await db.query<{ unit_code: string; n: number }>(
      "select unit_code, count(*)::int as n from visit where status = 'held' group by 1 order by 2 desc limit 50",
    );
    const months = await db.query<{ month: string; sent: number; answered: number }>(
      `select to_char(day, 'YYYY-MM') as month, sum(sent)::int as sent, sum(answered)::int as answered
       from sms_request_day where day > ($1::timestamptz - interval '13 months')::date group by 1 order by 1`,
      [clock.now()],
    );
    const label = (key: string, fallback: string) => (isMessageKey(key) ? t(key) : fallback);
    const sample = { unit: 'Porvoon terveysasema', visitAt: clock.now(), call: false };
    return sendPage(
      reply,
      <Page request={request} title={t('sms.title')} notice={takeNotice(request, reply)}>
        <dl class="receipt">
          <dt>{t('sms.provider')}</dt>
          <dd>{config.sms.provider}</dd>
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
                {def.questions.map((q) => (
                  <label class="check">
                    <input type="checkbox" name={`${type}.questions`} value={q.key} checked={plan.questions.includes(q.key)} /> {localise(q.text, lang)}{' '}
                    <span class="muted">({q.key})</span>
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
                            i === 0
                              ? firstMessage(def, chosen, l, { ...sample, call: type === 'first-contact' })
                              : questionMessage(def, q, i, chosen.length, l);
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

        <h2>{t('sms.visits30')}</h2>
        {visits.length === 0 ? (
          <p>{t('sms.noneYet')}</p>
        ) : (
          <table>
            <thead>
              <tr>
                <th scope="col">{t('inbox.status')}</th>
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
      </Page>,
    );
  });

  app.post('/admin/sms/surveys', async (request, reply) => {
    requireCountyAdmin(request);
    const body = (request.body ?? {}) as Record<string, string | string[] | undefined>;
    const current = (await smsSettings(db)).surveys;
    const next = { ...current } as SmsSurveys;
    for (const type of visitTypes) {
      const questions = [body[`${type}.questions`] ?? []].flat();
      const within = Number(body[`${type}.withinHours`] ?? current[type].withinHours);
      next[type] = { ...current[type], questions, withinHours: within };
    }
    try {
      await saveSmsSurveys(db, next);
    } catch {
      return refused(request, reply, 'sms.errQuestions');
    }
    return redirectWithNotice(reply, '/admin/sms', 'sms.saved');
  });

  app.post('/admin/sms/limits', async (request, reply) => {
    requireCountyAdmin(request);
    const body = z
      .object({ frequencyDays: z.coerce.number().int().min(1).max(365), conversationHours: z.coerce.number().int().min(1).max(168) })
      .safeParse(request.body);
    if (!body.success) {
      return refused(request, reply, 'sms.errLimits');
    }
    await db.transaction(async (tx) => {
      await tx.query("update setting set value = $1, updated_at = now() where key = 'sms_frequency_days'", [JSON.stringify(body.data.frequencyDays)]);
      await tx.query("update setting set value = $1, updated_at = now() where key = 'sms_conversation_hours'", [JSON.stringify(body.data.conversationHours)]);
    });
    return redirectWithNotice(reply, '/admin/sms', 'sms.saved');
  });

  app.post('/admin/sms/visits/import', async (request, reply) => {
    const user = requireCountyAdmin(request);
    const body = request.body as { file?: { toBuffer(): Promise<Buffer> } };
    if (!body.file || typeof body.file.toBuffer !== 'function') throw new AppError('invalid', 'Choose a file');
    const run = startVisitImport(db, config, (await body.file.toBuffer()).toString('utf8'), user.username);
    await visitImportSettled(run, 1500);
    return reply.redirect(`/admin/sms/visits/import/${run.id}`, 303);
  });

  app.get('/admin/sms/visits/import/:id', async (request, reply) => {
    requireCountyAdmin(request);
    const { t } = request;
    const run = getVisitImport(z.object({ id: z.string().max(40) }).parse(request.params).id);
    if (!run) throw new AppError('not_found', 'No such import');
    return sendPage(
      reply,
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
      </Page>,
      run.status === 'failed' ? 422 : 200,
    );
  });
}
