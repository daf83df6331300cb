import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { audit } from '../access/audit.ts';
import { requireUser, takeNotice } from '../http/context.ts';
import { CsrfField, ErrorList, Page } from '../http/layout.tsx';
import { sendPage } from '../http/render.tsx';
import type { Db } from '../shared/db.ts';
import { formatDate } from '../shared/i18n/format.ts';
import { canCoordinateParticipation } from '../access/permissions.ts';
import {
  addRepresentative,
  createProject,
  getProject,
  listProjects,
  minRepresentatives,
  projectRepresentatives,
  removeRepresentative,
  representativeCandidates,
  saveProgress,
} from './projects.ts';
import { coordinatorForm, idParam, type Refusal, typedValue } from './ui.tsx';

/**
 * Development projects and their customer representatives. Every member of staff may read a
 * project and what changed; only coordinators see who the representatives are.
 */
export async function projectRoutes(app: FastifyInstance, opts: { db: Db }) {
  const { db } = opts;
  const base = '/admin/participation/projects';

  const listPage = async (request: FastifyRequest, reply: FastifyReply, state?: Refusal) => {
    const user = requireUser(request);
    const { t } = request;
    const coordinator = canCoordinateParticipation(user);
    const projects = await listProjects(db);
    const v = (key: string) => typedValue(state?.typed, key);
    return sendPage(
      reply,
      <Page request={request} title={t('project.title')} notice={takeNotice(request, reply)}>
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
      </Page>,
      state ? 400 : 200,
    );
  };

  app.get(base, (request, reply) => listPage(request, reply));
  coordinatorForm(app, db, base, {
    save: async (_request, body) => {
      const id = await createProject(db, body);
      return { to: `${base}/${id}`, audit: { action: 'participant_saved', targetType: 'dev_project', targetId: id } };
    },
    refused: listPage,
  });

  const projectPage = async (request: FastifyRequest, reply: FastifyReply, id: number, state?: Refusal) => {
    const user = requireUser(request);
    const { t, lang } = request;
    const coordinator = canCoordinateParticipation(user);
    const p = await getProject(db, id);
    const reps = await projectRepresentatives(db, id);
    const candidates = coordinator ? await representativeCandidates(db) : [];
    if (coordinator) await audit(db, user, { action: 'participant_read', targetType: 'dev_project', targetId: id });
    const bySource = (['pool', 'council', 'expert'] as const).map((s) => ({ s, n: reps.filter((r) => r.source === s).length })).filter((x) => x.n > 0);
    return sendPage(
      reply,
      <Page request={request} title={p.name} notice={takeNotice(request, reply)}>
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
      </Page>,
      state ? 400 : 200,
    );
  };

  app.get(`${base}/:id`, (request, reply) => projectPage(request, reply, idParam(request.params)));

  const projectForm = (path: string, save: (projectId: number, body: Record<string, string>, params: Record<string, string>) => Promise<unknown>) =>
    coordinatorForm(app, db, `${base}/:id/${path}`, {
      save: async (request, body) => {
        const id = idParam(request.params);
        await getProject(db, id);
        await save(id, body, request.params as Record<string, string>);
        return {
          to: `${base}/${id}`,
          audit: { action: 'participant_saved', targetType: 'dev_project', targetId: id, details: { change: path.split('/')[0] } },
        };
      },
      refused: (request, reply, state) => projectPage(request, reply, idParam(request.params), state),
    });

  projectForm('representatives', (id, body) => addRepresentative(db, id, body));
  projectForm('representatives/:rep/remove', (id, _body, params) => removeRepresentative(db, id, idParam(params, 'rep')));
  projectForm('progress', (id, body) => saveProgress(db, id, body));
}
