import type { FastifyRequest } from 'fastify';
import { CsrfField, ErrorList, Page } from '../http/layout.tsx';
import { formatDate, formatShort } from '../shared/i18n/format.ts';
import { backgroundValueLabel } from '../surveys/background.ts';
import { localise } from '../surveys/definition.ts';
import type {
  councilApplications,
  councilCalls,
  councilEvaluations,
  councilMeetings,
  councilMembers,
  getApplication,
  getCouncil,
  listCouncils,
} from './councils.ts';
import { type Refusal, typedValue } from './ui.tsx';

type FormState = Refusal & { form: string };
const base = '/admin/participation/councils';

type Councils = Awaited<ReturnType<typeof listCouncils>>;

/** The councils, and the form to found one. */
export function CouncilListPage({
  request,
  notice,
  councils,
  state,
}: {
  request: FastifyRequest;
  notice: string | undefined;
  councils: Councils;
  state?: FormState | undefined;
}) {
  const { t } = request;
  return (
    <Page request={request} title={t('council.title')} notice={notice}>
      <p>
        <a href="/admin/participation">{t('part.title')}</a>
      </p>
      {councils.length === 0 ? (
        <p>{t('council.none')}</p>
      ) : (
        <table>
          <caption class="visually-hidden">{t('council.title')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('council.councilName')}</th>
              <th scope="col">{t('common.unitCode')}</th>
              <th scope="col" class="num">
                {t('council.members')}
              </th>
            </tr>
          </thead>
          <tbody>
            {councils.map((c) => (
              <tr>
                <td>
                  <a href={`${base}/${c.id}`}>{c.name}</a>
                </td>
                <td>{c.node_code}</td>
                <td class="num">{c.members}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <h2 id="new">{t('council.create')}</h2>
      {state && <ErrorList title={state.error} items={[]} />}
      <form method="post" action={base} class="stack">
        <CsrfField request={request} />
        <label for="c-name">{t('council.councilName')}</label>
        <input id="c-name" name="name" required maxLength={200} value={typedValue(state?.typed, 'name')} />
        <label for="c-node">{t('common.unitCode')}</label>
        <input id="c-node" name="node" required maxLength={200} value={typedValue(state?.typed, 'node')} />
        <label for="c-desc">{t('council.description')}</label>
        <textarea id="c-desc" name="description" rows={3} maxLength={4000}>
          {typedValue(state?.typed, 'description')}
        </textarea>
        <p>
          <button type="submit">{t('council.create')}</button>
        </p>
      </form>
    </Page>
  );
}

export interface CouncilData {
  council: Awaited<ReturnType<typeof getCouncil>>;
  calls: Awaited<ReturnType<typeof councilCalls>>;
  applications: Awaited<ReturnType<typeof councilApplications>>;
  members: Awaited<ReturnType<typeof councilMembers>>;
  meetings: Awaited<ReturnType<typeof councilMeetings>>;
  evaluations: Awaited<ReturnType<typeof councilEvaluations>>;
}

/** One council: its calls and applications, members, meetings and minutes, evaluations, each with its form. */
export function CouncilPage({
  request,
  notice,
  data,
  state,
}: {
  request: FastifyRequest;
  notice: string | undefined;
  data: CouncilData;
  state?: FormState | undefined;
}) {
  const { t, lang } = request;
  const { council, calls, applications, members, meetings, evaluations } = data;
  const id = council.id;
  const formError = (form: string) => state?.form === form && <ErrorList title={state.error} items={[]} />;
  const v = (form: string, key: string, fallback = '') => (state?.form === form ? typedValue(state.typed, key, fallback) : fallback);
  return (
    <Page request={request} title={council.name} notice={notice}>
      <p>
        <a href={base}>{t('council.title')}</a> · {council.node_code}
      </p>
      {council.description && <p>{council.description}</p>}

      <h2>
        {t('council.members')} ({council.members})
      </h2>
      {members.length === 0 ? (
        <p>{t('council.noMembers')}</p>
      ) : (
        <table>
          <caption class="visually-hidden">{t('council.members')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('council.name')}</th>
              <th scope="col">{t('pool.contact')}</th>
              <th scope="col">{t('council.term')}</th>
              <th scope="col">
                <span class="visually-hidden">{t('council.remove')}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {members.map((m) => (
              <tr>
                <td>{m.name}</td>
                <td>{m.email ?? m.phone}</td>
                <td>
                  {formatDate(m.term_start, lang)} – {formatDate(m.term_end, lang)}
                </td>
                <td>
                  <form method="post" action={`${base}/${id}/members/${m.id}/remove`}>
                    <CsrfField request={request} />
                    <button type="submit" class="secondary" aria-label={`${t('council.remove')}: ${m.name}`}>
                      {t('council.remove')}
                    </button>
                  </form>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <p class="hint">{t('council.removeHint')}</p>

      <h2>{t('council.applications')}</h2>
      {applications.length === 0 ? (
        <p>{t('council.noApplications')}</p>
      ) : (
        <table>
          <caption class="visually-hidden">{t('council.applications')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('council.name')}</th>
              <th scope="col">{t('council.call')}</th>
              <th scope="col">{t('council.received')}</th>
              <th scope="col">{t('council.status')}</th>
            </tr>
          </thead>
          <tbody>
            {applications.map((a) => (
              <tr>
                <td>
                  <a href={`/admin/participation/applications/${a.id}`}>{a.name}</a>
                </td>
                <td>{localise(a.call_title, lang)}</td>
                <td>{formatShort(a.received_at, lang, false)}</td>
                <td>{t(`council.status.${a.status}`)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}

      <h2>{t('council.calls')}</h2>
      {calls.length > 0 && (
        <ul>
          {calls.map((c) => (
            <li>
              {localise(c.title, lang)}: {formatDate(c.opens_on, lang)} – {formatDate(c.closes_on, lang)} (
              {t('council.applicationCount', { n: c.applications })})
            </li>
          ))}
        </ul>
      )}
      <h3 id="new-call">{t('council.newCall')}</h3>
      {formError('call')}
      <form method="post" action={`${base}/${id}/calls`} class="stack">
        <CsrfField request={request} />
        {(['fi', 'sv', 'en'] as const).map((l) => (
          <>
            <label for={`call-title-${l}`}>
              {t('council.callTitle')} ({t(`lang.${l}`)})
            </label>
            <input id={`call-title-${l}`} name={`title_${l}`} maxLength={200} required={l === 'fi'} value={v('call', `title_${l}`)} />
            <label for={`call-desc-${l}`}>
              {t('council.description')} ({t(`lang.${l}`)})
            </label>
            <textarea id={`call-desc-${l}`} name={`description_${l}`} rows={2} maxLength={4000}>
              {v('call', `description_${l}`)}
            </textarea>
          </>
        ))}
        <label for="call-opens">{t('council.opens')}</label>
        <input id="call-opens" name="opens_on" type="date" required value={v('call', 'opens_on')} />
        <label for="call-closes">{t('council.closesOn')}</label>
        <input id="call-closes" name="closes_on" type="date" required value={v('call', 'closes_on')} />
        <p>
          <button type="submit">{t('council.publishCall')}</button>
        </p>
      </form>

      <h2>{t('council.meetings')}</h2>
      {meetings.map((m) => (
        <section class="card">
          <h3>
            {formatShort(m.meets_at, lang, true)}
            {m.place && ` · ${m.place}`}
          </h3>
          {m.agenda && <p class="pre">{m.agenda}</p>}
          <form method="post" action={`${base}/${id}/meetings/${m.id}/minutes`} class="stack">
            <CsrfField request={request} />
            <label for={`minutes-${m.id}`}>{t('council.minutes')}</label>
            <textarea id={`minutes-${m.id}`} name="minutes" rows={4} maxLength={20000}>
              {m.minutes}
            </textarea>
            <p>
              <button type="submit" class="secondary">
                {t('council.saveMinutes')}
              </button>
            </p>
          </form>
        </section>
      ))}
      <h3 id="new-meeting">{t('council.newMeeting')}</h3>
      {formError('meeting')}
      <form method="post" action={`${base}/${id}/meetings`} class="stack">
        <CsrfField request={request} />
        <label for="m-at">{t('council.meetsAt')}</label>
        <input id="m-at" name="meets_at" type="datetime-local" required value={v('meeting', 'meets_at')} />
        <label for="m-place">{t('council.place')}</label>
        <input id="m-place" name="place" maxLength={300} value={v('meeting', 'place')} />
        <label for="m-agenda">{t('council.agenda')}</label>
        <textarea id="m-agenda" name="agenda" rows={4} maxLength={8000}>
          {v('meeting', 'agenda')}
        </textarea>
        <p>
          <button type="submit">{t('council.addMeeting')}</button>
        </p>
      </form>

      <h2>{t('council.evaluations')}</h2>
      {evaluations.length > 0 && (
        <table>
          <caption class="visually-hidden">{t('council.evaluations')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('council.subject')}</th>
              <th scope="col">{t('common.unitCode')}</th>
              <th scope="col">{t('council.kind')}</th>
              <th scope="col">{t('council.summary')}</th>
            </tr>
          </thead>
          <tbody>
            {evaluations.map((e) => (
              <tr>
                <td>{e.subject}</td>
                <td>{e.node_name}</td>
                <td>
                  {t(`council.kind.${e.kind}`)}
                  {e.meets_at && ` (${formatDate(e.meets_at, lang)})`}
                </td>
                <td>{e.summary}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <h3 id="new-evaluation">{t('council.newEvaluation')}</h3>
      {formError('evaluation')}
      <form method="post" action={`${base}/${id}/evaluations`} class="stack">
        <CsrfField request={request} />
        <label for="e-subject">{t('council.subject')}</label>
        <input id="e-subject" name="subject" required maxLength={300} value={v('evaluation', 'subject')} />
        <label for="e-node">{t('common.unitCode')}</label>
        <input id="e-node" name="node" required maxLength={200} value={v('evaluation', 'node')} />
        <label for="e-kind">{t('council.kind')}</label>
        <select id="e-kind" name="kind">
          {(['evaluated', 'tested'] as const).map((k) => (
            <option value={k} selected={v('evaluation', 'kind') === k}>
              {t(`council.kind.${k}`)}
            </option>
          ))}
        </select>
        <label for="e-meeting">{t('council.meeting')}</label>
        <select id="e-meeting" name="meeting">
          <option value="">–</option>
          {meetings.map((m) => (
            <option value={String(m.id)}>{formatShort(m.meets_at, lang, true)}</option>
          ))}
        </select>
        <label for="e-summary">{t('council.summary')}</label>
        <textarea id="e-summary" name="summary" rows={3} maxLength={8000}>
          {v('evaluation', 'summary')}
        </textarea>
        <p>
          <button type="submit">{t('council.addEvaluation')}</button>
        </p>
      </form>
    </Page>
  );
}

/** One application to a council, and the coordinator's decision on it. */
export function ApplicationPage({
  request,
  a,
  state,
}: {
  request: FastifyRequest;
  a: Awaited<ReturnType<typeof getApplication>>;
  state?: FormState | undefined;
}) {
  const { t, lang } = request;
  const v = (key: string, fallback = '') => typedValue(state?.typed, key, fallback);
  const id = a.id;
  return (
    <Page request={request} title={t('council.applicationOf', { name: a.name })}>
      <p>
        <a href={`${base}/${a.council_id}`}>{t('council.backToCouncil')}</a>
      </p>
      <dl class="facts">
        <dt>{t('pool.contact')}</dt>
        <dd>{a.email ?? a.phone}</dd>
        <dt>{t('pool.municipality')}</dt>
        <dd>{a.municipality ?? '–'}</dd>
        <dt>{t('background.ageGroup')}</dt>
        <dd>{a.age_group ? backgroundValueLabel(t, 'ageGroup', a.age_group) : '–'}</dd>
        <dt>{t('council.received')}</dt>
        <dd>{formatShort(a.received_at, lang, true)}</dd>
        <dt>{t('council.status')}</dt>
        <dd>{t(`council.status.${a.status}`)}</dd>
      </dl>
      <h2>{t('council.motivation')}</h2>
      <p class="pre">{a.motivation}</p>
      {a.decision_message && (
        <>
          <h2>{t('council.sentMessage')}</h2>
          <p class="pre">{a.decision_message}</p>
        </>
      )}
      <h2>{t('council.review')}</h2>
      {state && <ErrorList title={state.error} items={[]} />}
      <form method="post" action={`/admin/participation/applications/${id}`} class="stack">
        <CsrfField request={request} />
        <label for="a-notes">{t('council.interviewNotes')}</label>
        <textarea id="a-notes" name="notes" rows={6} maxLength={8000}>
          {v('notes', a.interview_notes)}
        </textarea>
        <fieldset>
          <legend>{t('council.status')}</legend>
          {(['received', 'interview', 'accepted', 'declined'] as const).map((s) => (
            <label class="check">
              <input type="radio" name="status" value={s} checked={v('status', a.status) === s} /> {t(`council.status.${s}`)}
            </label>
          ))}
        </fieldset>
        <label for="a-start">{t('council.termStart')}</label>
        <input id="a-start" name="term_start" type="date" value={v('term_start')} aria-describedby="a-term-hint" />
        <label for="a-end">{t('council.termEnd')}</label>
        <input id="a-end" name="term_end" type="date" value={v('term_end')} aria-describedby="a-term-hint" />
        <span class="hint" id="a-term-hint">
          {t('council.termHint')}
        </span>
        <label for="a-message">{t('council.message')}</label>
        <span class="hint" id="a-message-hint">
          {t('council.messageHint')}
        </span>
        <textarea id="a-message" name="message" rows={5} maxLength={4000} aria-describedby="a-message-hint">
          {v('message')}
        </textarea>
        <p>
          <button type="submit">{t('council.saveReview')}</button>
        </p>
      </form>
    </Page>
  );
}
