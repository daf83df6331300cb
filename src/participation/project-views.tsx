import type { FastifyRequest } from 'fastify';
import { CsrfField, ErrorList, Page } from '../http/layout.tsx';
import { formatDate } from '../shared/i18n/format.ts';
import { type getProject, type listProjects, minRepresentatives, type projectRepresentatives, type representativeCandidates } from './projects.ts';
import { type Refusal, typedValue } from './ui.tsx';

const base = '/admin/participation/projects';

/** The projects; coordinators also found new ones. */
export function ProjectListPage({
  request,
  notice,
  projects,
  coordinator,
  state,
}: {
  request: FastifyRequest;
  notice: string | undefined;
  projects: Awaited<ReturnType<typeof listProjects>>;
  coordinator: boolean;
  state?: Refusal | undefined;
}) {
  const { t } = request;
  const v = (key: string) => typedValue(state?.typed, key);
  return (
    <Page request={request} title={t('project.title')} notice={notice}>
      <p>{t('project.intro', { n: minRepresentatives })}</p>
      {projects.length === 0 ? (
        <p>{t('project.none')}</p>
      ) : (
        <table>
          <caption class="visually-hidden">{t('project.title')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('project.name')}</th>
              <th scope="col">{t('common.unitCode')}</th>
              <th scope="col">{t('council.status')}</th>
              <th scope="col" class="num">
                {t('project.representatives')}
              </th>
            </tr>
          </thead>
          <tbody>
            {projects.map((p) => (
              <tr>
                <td>
                  <a href={`${base}/${p.id}`}>{p.name}</a>
                </td>
                <td>{p.node_name}</td>
                <td>{t(`project.status.${p.status}`)}</td>
                <td class="num">
                  {p.representatives}
                  {p.representatives < minRepresentatives && (
                    <>
                      {' '}
                      · <strong>{t('project.needsMore')}</strong>
                    </>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {coordinator && (
        <>
          <h2 id="new">{t('project.create')}</h2>
          {state && <ErrorList title={state.error} items={[]} />}
          <form method="post" action={base} class="stack">
            <CsrfField request={request} />
            <label for="p-name">{t('project.name')}</label>
            <input id="p-name" name="name" required maxLength={200} value={v('name')} />
            <label for="p-node">{t('common.unitCode')}</label>
            <input id="p-node" name="node" required maxLength={200} value={v('node')} />
            <label for="p-desc">{t('council.description')}</label>
            <textarea id="p-desc" name="description" rows={3} maxLength={8000}>
              {v('description')}
            </textarea>
            <label for="p-start">{t('project.starts')}</label>
            <input id="p-start" name="starts_on" type="date" value={v('starts_on')} />
            <label for="p-end">{t('project.ends')}</label>
            <input id="p-end" name="ends_on" type="date" value={v('ends_on')} />
            <p>
              <button type="submit">{t('project.create')}</button>
            </p>
          </form>
        </>
      )}
    </Page>
  );
}

/** One project: who took part and what changed; coordinators manage representatives and progress. */
export function ProjectPage({
  request,
  notice,
  p,
  reps,
  candidates,
  coordinator,
  state,
}: {
  request: FastifyRequest;
  notice: string | undefined;
  p: Awaited<ReturnType<typeof getProject>>;
  reps: Awaited<ReturnType<typeof projectRepresentatives>>;
  candidates: Awaited<ReturnType<typeof representativeCandidates>>;
  coordinator: boolean;
  state?: Refusal | undefined;
}) {
  const { t, lang } = request;
  const id = p.id;
  const bySource = (['pool', 'council', 'expert'] as const).map((s) => ({ s, n: reps.filter((r) => r.source === s).length })).filter((x) => x.n > 0);
  return (
    <Page request={request} title={p.name} notice={notice}>
      <p>
        <a href={base}>{t('project.title')}</a>
      </p>
      <dl class="facts">
        <dt>{t('common.unitCode')}</dt>
        <dd>{p.node_name}</dd>
        <dt>{t('council.status')}</dt>
        <dd>{t(`project.status.${p.status}`)}</dd>
        <dt>{t('project.period')}</dt>
        <dd>
          {p.starts_on ? formatDate(p.starts_on, lang) : '–'} – {p.ends_on ? formatDate(p.ends_on, lang) : ''}
        </dd>
      </dl>
      {p.description && <p class="pre">{p.description}</p>}
      <h2>{t('project.whoTookPart')}</h2>
      <p>
        {t('project.representativeCount', { n: reps.length })}
        {bySource.length > 0 && `: ${bySource.map((x) => `${t(`project.source.${x.s}`)} ${x.n}`).join(', ')}`}
        {reps.length < minRepresentatives && (
          <>
            {' '}
            · <strong>{t('project.needsMore')}</strong>
          </>
        )}
      </p>
      {coordinator && reps.length > 0 && (
        <table>
          <caption class="visually-hidden">{t('project.whoTookPart')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('council.name')}</th>
              <th scope="col">{t('project.from')}</th>
              <th scope="col">{t('project.role')}</th>
              <th scope="col">
                <span class="visually-hidden">{t('council.remove')}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {reps.map((r) => (
              <tr>
                <td>{r.name ?? t('project.leftRegister')}</td>
                <td>{t(`project.source.${r.source}`)}</td>
                <td>{r.role}</td>
                <td>
                  <form method="post" action={`${base}/${id}/representatives/${r.id}/remove`}>
                    <CsrfField request={request} />
                    <button type="submit" class="secondary" aria-label={`${t('council.remove')}: ${r.name ?? ''}`}>
                      {t('council.remove')}
                    </button>
                  </form>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <h2>{t('project.outcome')}</h2>
      <p class="pre">{p.outcome || t('project.noOutcome')}</p>
      {coordinator && (
        <>
          {state && <ErrorList title={state.error} items={[]} />}
          <h3>{t('project.addRepresentative')}</h3>
          <form method="post" action={`${base}/${id}/representatives`} class="stack">
            <CsrfField request={request} />
            <label for="rep-candidate">{t('project.representative')}</label>
            <select id="rep-candidate" name="candidate">
              {candidates.map((c) => (
                <option value={`${c.source}:${c.id}`}>
                  {c.name} ({t(`project.source.${c.source}`)})
                </option>
              ))}
            </select>
            <label for="rep-role">{t('project.role')}</label>
            <input id="rep-role" name="role" maxLength={200} />
            <p>
              <button type="submit" class="secondary">
                {t('project.addRepresentative')}
              </button>
            </p>
          </form>
          <h3>{t('project.progress')}</h3>
          <form method="post" action={`${base}/${id}/progress`} class="stack">
            <CsrfField request={request} />
            <label for="pr-status">{t('council.status')}</label>
            <select id="pr-status" name="status">
              {(['planned', 'running', 'done'] as const).map((s) => (
                <option value={s} selected={typedValue(state?.typed, 'status', p.status) === s}>
                  {t(`project.status.${s}`)}
                </option>
              ))}
            </select>
            <label for="pr-outcome">{t('project.outcome')}</label>
            <span class="hint" id="pr-outcome-hint">
              {t('project.outcomeHint')}
            </span>
            <textarea id="pr-outcome" name="outcome" rows={5} maxLength={8000} aria-describedby="pr-outcome-hint">
              {typedValue(state?.typed, 'outcome', p.outcome)}
            </textarea>
            <p>
              <button type="submit">{t('project.saveProgress')}</button>
            </p>
          </form>
        </>
      )}
    </Page>
  );
}
