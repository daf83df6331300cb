import type { FastifyRequest } from 'fastify';
import { CsrfField, ErrorList, ErrorSummary, Page } from '../http/layout.tsx';
import { formatDate, formatShort } from '../shared/i18n/format.ts';
import {
  type Expert,
  type ExpertRequest,
  expertThemes,
  type listExperts,
  type listRequests,
  type requestFees,
  requestKinds,
  type RequestError,
  requestStatuses,
} from './experts.ts';
import { euros, type Refusal, type Typed, typedValue } from './ui.tsx';

const base = '/admin/participation';
const requestFieldIds: Record<RequestError, string> = { node: 'r-node', kind: 'r-kind', theme: 'r-theme', description: 'r-description', dates: 'r-from' };

type Experts = Awaited<ReturnType<typeof listExperts>>;

export const themeLabel = (request: FastifyRequest, theme: string) =>
  (expertThemes as readonly string[]).includes(theme) ? request.t(`expert.theme.${theme as (typeof expertThemes)[number]}`) : theme;

function ExpertForm({ request, action, expert, typed, button }: { request: FastifyRequest; action: string; expert?: Expert; typed?: Typed; button: string }) {
  const { t } = request;
  const v = (key: string, fallback = '') => typedValue(typed, key, fallback);
  const themes = typed ? ([] as string[]).concat(typed.themes ?? []) : (expert?.themes ?? []);
  return (
    <form method="post" action={action} class="stack">
      <CsrfField request={request} />
      <label for="x-kind">{t('expert.kind')}</label>
      <select id="x-kind" name="kind">
        {(['expert', 'developer_customer'] as const).map((k) => (
          <option value={k} selected={v('kind', expert?.kind) === k}>
            {t(`expert.kind.${k}`)}
          </option>
        ))}
      </select>
      <label for="x-name">{t('council.name')}</label>
      <input id="x-name" name="name" required maxLength={200} value={v('name', expert?.name)} />
      <label for="x-email">{t('expert.email')}</label>
      <input id="x-email" name="email" type="email" maxLength={254} value={v('email', expert?.email ?? '')} />
      <label for="x-phone">{t('expert.phone')}</label>
      <input id="x-phone" name="phone" type="tel" maxLength={40} value={v('phone', expert?.phone ?? '')} />
      <fieldset>
        <legend>{t('expert.themes')}</legend>
        {expertThemes.map((th) => (
          <label class="check">
            <input type="checkbox" name="themes" value={th} checked={themes.includes(th)} /> {t(`expert.theme.${th}`)}
          </label>
        ))}
      </fieldset>
      <label class="check">
        <input type="checkbox" name="trained" value="yes" checked={typed ? typed.trained === 'yes' : !!expert?.trained} /> {t('expert.trained')}
      </label>
      <label for="x-trained-on">{t('expert.trainedOn')}</label>
      <input id="x-trained-on" name="trained_on" type="date" value={v('trained_on', expert?.trained_on ?? '')} />
      <label for="x-availability">{t('expert.availability')}</label>
      <input id="x-availability" name="availability" maxLength={1000} value={v('availability', expert?.availability)} />
      <fieldset>
        <legend>{t('expert.compensation')}</legend>
        {(['fee', 'volunteer'] as const).map((c) => (
          <label class="check">
            <input type="radio" name="compensation" value={c} checked={v('compensation', expert?.compensation ?? 'fee') === c} />{' '}
            {t(`expert.compensation.${c}`)}
          </label>
        ))}
      </fieldset>
      <p>
        <button type="submit">{button}</button>
      </p>
    </form>
  );
}

/** The register of experts, filtered by theme, with the form to add one. */
export function ExpertRegisterPage({
  request,
  notice,
  experts,
  theme,
  state,
}: {
  request: FastifyRequest;
  notice: string | undefined;
  experts: Experts;
  theme: string | undefined;
  state?: Refusal | undefined;
}) {
  const { t } = request;
  return (
    <Page request={request} title={t('expert.title')} notice={notice}>
      <p>
        <a href={base}>{t('part.title')}</a>
      </p>
      <form method="get" action={`${base}/experts`} class="inline">
        <label for="x-filter">{t('expert.themes')}</label>{' '}
        <select id="x-filter" name="theme">
          <option value="">{t('expert.allThemes')}</option>
          {expertThemes.map((th) => (
            <option value={th} selected={theme === th}>
              {t(`expert.theme.${th}`)}
            </option>
          ))}
        </select>{' '}
        <button type="submit" class="secondary">
          {t('expert.filter')}
        </button>
      </form>
      {experts.length === 0 ? (
        <p>{t('expert.none')}</p>
      ) : (
        <table>
          <caption class="visually-hidden">{t('expert.title')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('council.name')}</th>
              <th scope="col">{t('expert.kind')}</th>
              <th scope="col">{t('expert.themes')}</th>
              <th scope="col">{t('expert.trained')}</th>
              <th scope="col">{t('expert.availability')}</th>
              <th scope="col">{t('expert.compensation')}</th>
              <th scope="col" class="num">
                {t('expert.assignments')}
              </th>
            </tr>
          </thead>
          <tbody>
            {experts.map((e) => (
              <tr>
                <td>
                  <a href={`${base}/experts/${e.id}`}>{e.name}</a>
                </td>
                <td>{t(`expert.kind.${e.kind}`)}</td>
                <td>{e.themes.map((th) => themeLabel(request, th)).join(', ')}</td>
                <td>{e.trained ? `${t('expert.yes')}${e.trained_on ? ` (${formatDate(e.trained_on, request.lang)})` : ''}` : t('expert.no')}</td>
                <td>{e.availability}</td>
                <td>{t(`expert.compensation.${e.compensation}`)}</td>
                <td class="num">{e.assignments}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <h2 id="new">{t('expert.add')}</h2>
      {state && <ErrorList title={state.error} items={[]} />}
      <ExpertForm request={request} action={`${base}/experts`} typed={state?.typed} button={t('expert.add')} />
    </Page>
  );
}

/** One expert's details, and removing them. */
export function ExpertPage({
  request,
  notice,
  expert,
  state,
}: {
  request: FastifyRequest;
  notice: string | undefined;
  expert: Expert;
  state?: Refusal | undefined;
}) {
  const { t } = request;
  const id = expert.id;
  return (
    <Page request={request} title={expert.name} notice={notice}>
      <p>
        <a href={`${base}/experts`}>{t('expert.title')}</a>
      </p>
      {state && <ErrorList title={state.error} items={[]} />}
      <ExpertForm request={request} action={`${base}/experts/${id}`} expert={expert} typed={state?.typed} button={t('expert.save')} />
      <h2>{t('expert.removeTitle')}</h2>
      <p>{t('expert.removeHint')}</p>
      <form method="post" action={`${base}/experts/${id}/remove`}>
        <CsrfField request={request} />
        <button type="submit" class="danger">
          {t('expert.remove')}
        </button>
      </form>
    </Page>
  );
}

/** Requests for experts: the staff member's own (or all, for the coordinator), and the form to ask. */
export function RequestsPage({
  request,
  notice,
  requests,
  coordinator,
  defaultNode,
  form,
}: {
  request: FastifyRequest;
  notice: string | undefined;
  requests: Awaited<ReturnType<typeof listRequests>>;
  coordinator: boolean;
  defaultNode: string;
  form?: { typed: Typed; errors: RequestError[] } | undefined;
}) {
  const { t, lang } = request;
  const v = (key: string, fallback = '') => typedValue(form?.typed, key, fallback);
  const errs = form?.errors ?? [];
  const err = (e: RequestError) =>
    errs.includes(e) && (
      <p class="field-error" id={`${requestFieldIds[e]}-error`}>
        {t(`expert.err.${e}`)}
      </p>
    );
  const describedBy = (e: RequestError) => (errs.includes(e) ? `${requestFieldIds[e]}-error` : undefined);
  return (
    <Page request={request} title={`${errs.length ? `${t('common.checkForm')}: ` : ''}${t('expert.requestsTitle')}`} notice={notice}>
      <p>{t('expert.requestsIntro')}</p>
      <p>
        <a href="/admin/participation/projects">{t('project.title')}</a>
      </p>
      <h2>{coordinator ? t('expert.allRequests') : t('expert.myRequests')}</h2>
      {requests.length === 0 ? (
        <p>{t('expert.noRequests')}</p>
      ) : (
        <table>
          <caption class="visually-hidden">{coordinator ? t('expert.allRequests') : t('expert.myRequests')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('expert.requestKind')}</th>
              <th scope="col">{t('expert.theme')}</th>
              <th scope="col">{t('common.unitCode')}</th>
              <th scope="col">{t('expert.requester')}</th>
              <th scope="col">{t('council.received')}</th>
              <th scope="col">{t('council.status')}</th>
            </tr>
          </thead>
          <tbody>
            {requests.map((r) => (
              <tr>
                <td>
                  <a href={`${base}/requests/${r.id}`}>{t(`expert.requestKind.${r.kind}`)}</a>
                </td>
                <td>{themeLabel(request, r.theme)}</td>
                <td>{r.node_name}</td>
                <td>{r.requester_name}</td>
                <td>{formatShort(r.created_at, lang, false)}</td>
                <td>{t(`expert.status.${r.status}`)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <h2 id="new">{t('expert.newRequest')}</h2>
      <ErrorSummary title={t('common.checkForm')} items={errs.map((e) => ({ href: `#${requestFieldIds[e]}`, text: t(`expert.err.${e}`) }))} />
      <form method="post" action={`${base}/requests`} class="stack" novalidate>
        <CsrfField request={request} />
        <label for="r-node">{t('expert.forUnit')}</label>
        {err('node')}
        <input id="r-node" name="node" required maxLength={200} value={v('node', defaultNode)} aria-describedby={describedBy('node')} />
        <label for="r-kind">{t('expert.requestKind')}</label>
        <select id="r-kind" name="kind">
          {requestKinds.map((k) => (
            <option value={k} selected={v('kind') === k}>
              {t(`expert.requestKind.${k}`)}
            </option>
          ))}
        </select>
        <label for="r-theme">{t('expert.theme')}</label>
        {err('theme')}
        <select id="r-theme" name="theme" aria-describedby={describedBy('theme')}>
          {expertThemes.map((th) => (
            <option value={th} selected={v('theme') === th}>
              {t(`expert.theme.${th}`)}
            </option>
          ))}
        </select>
        <label for="r-description">{t('expert.description')}</label>
        <span class="hint" id="r-description-hint">
          {t('expert.descriptionHint')}
        </span>
        {err('description')}
        <textarea
          id="r-description"
          name="description"
          rows={5}
          maxLength={4000}
          aria-describedby={[describedBy('description'), 'r-description-hint'].filter(Boolean).join(' ')}
        >
          {v('description')}
        </textarea>
        <label for="r-from">{t('expert.wantedFrom')}</label>
        {err('dates')}
        <input id="r-from" name="wanted_from" type="date" value={v('wanted_from')} aria-describedby={describedBy('dates')} />
        <label for="r-to">{t('expert.wantedTo')}</label>
        <input id="r-to" name="wanted_to" type="date" value={v('wanted_to')} />
        <p>
          <button type="submit">{t('expert.sendRequest')}</button>
        </p>
      </form>
    </Page>
  );
}

/** One request; the coordinator assigns experts, follows up and records fees. */
export function RequestPage({
  request,
  notice,
  r,
  coordinator,
  experts,
  fees,
  state,
}: {
  request: FastifyRequest;
  notice: string | undefined;
  r: ExpertRequest;
  coordinator: boolean;
  experts: Experts;
  fees: Awaited<ReturnType<typeof requestFees>>;
  state?: Refusal | undefined;
}) {
  const { t, lang } = request;
  const id = r.id;
  const assigned = new Set(r.experts.map((e) => e.id));
  const byTheme = [...experts].sort((a, b) => Number(b.themes.includes(r.theme)) - Number(a.themes.includes(r.theme)) || a.name.localeCompare(b.name));
  return (
    <Page request={request} title={`${t(`expert.requestKind.${r.kind}`)}: ${themeLabel(request, r.theme)}`} notice={notice}>
      <p>
        <a href={`${base}/requests`}>{t('expert.requestsTitle')}</a>
      </p>
      <dl class="facts">
        <dt>{t('common.unitCode')}</dt>
        <dd>
          {r.node_name} ({r.node_code})
        </dd>
        <dt>{t('expert.requester')}</dt>
        <dd>{r.requester_name}</dd>
        <dt>{t('council.received')}</dt>
        <dd>{formatShort(r.created_at, lang, true)}</dd>
        <dt>{t('expert.when')}</dt>
        <dd>
          {r.wanted_from ? formatDate(r.wanted_from, lang) : '–'} – {r.wanted_to ? formatDate(r.wanted_to, lang) : ''}
        </dd>
        <dt>{t('council.status')}</dt>
        <dd>{t(`expert.status.${r.status}`)}</dd>
        {r.coordinator_message && (
          <>
            <dt>{t('expert.coordinatorMessage')}</dt>
            <dd class="pre">{r.coordinator_message}</dd>
          </>
        )}
      </dl>
      <h2>{t('expert.description')}</h2>
      <p class="pre">{r.description}</p>
      {coordinator && (
        <>
          <h2>{t('expert.followUp')}</h2>
          {state && <ErrorList title={state.error} items={[]} />}
          <form method="post" action={`${base}/requests/${id}`} class="stack">
            <CsrfField request={request} />
            <fieldset>
              <legend>{t('expert.assign')}</legend>
              {byTheme.length === 0 && <p>{t('expert.none')}</p>}
              {byTheme.map((e) => (
                <label class="check">
                  <input type="checkbox" name="experts" value={String(e.id)} checked={assigned.has(e.id)} /> {e.name} ·{' '}
                  {e.themes.map((th) => themeLabel(request, th)).join(', ')}
                  {e.availability && ` · ${e.availability}`} · {t(`expert.compensation.${e.compensation}`)}
                </label>
              ))}
            </fieldset>
            <label for="q-status">{t('council.status')}</label>
            <select id="q-status" name="status">
              {requestStatuses.map((s) => (
                <option value={s} selected={typedValue(state?.typed, 'status', r.status) === s}>
                  {t(`expert.status.${s}`)}
                </option>
              ))}
            </select>
            <label for="q-message">{t('expert.coordinatorMessage')}</label>
            <textarea id="q-message" name="message" rows={3} maxLength={4000}>
              {typedValue(state?.typed, 'message', r.coordinator_message)}
            </textarea>
            <p>
              <button type="submit">{t('expert.saveFollowUp')}</button>
            </p>
          </form>
          <h2>{t('expert.fees')}</h2>
          {fees.length > 0 && (
            <ul>
              {fees.map((f) => (
                <li>
                  {formatDate(f.paid_on, lang)}: {f.payee_name}, {euros(f.amount_cents, lang)}
                </li>
              ))}
            </ul>
          )}
          {r.experts.length > 0 && (
            <form method="post" action={`${base}/requests/${id}/fees`} class="stack">
              <CsrfField request={request} />
              <label for="f-expert">{t('expert.payee')}</label>
              <select id="f-expert" name="expert">
                {r.experts.map((e) => (
                  <option value={String(e.id)}>{e.name}</option>
                ))}
              </select>
              <label for="f-amount">{t('expert.amount')}</label>
              <input id="f-amount" name="amount" inputMode="decimal" required maxLength={10} />
              <label for="f-date">{t('expert.paidOn')}</label>
              <input id="f-date" name="paid_on" type="date" required />
              <p>
                <button type="submit" class="secondary">
                  {t('expert.recordFee')}
                </button>
              </p>
            </form>
          )}
        </>
      )}
    </Page>
  );
}
