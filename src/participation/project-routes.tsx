import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { audit } from '../access/audit.ts';
import { requireUser, takeNotice } from '../http/context.ts';
import { sendPage } from '../http/render.tsx';
import type { Db } from '../shared/db.ts';
import { canCoordinateParticipation } from '../access/permissions.ts';
import {
  addRepresentative,
  createProject,
  getProject,
  listProjects,
  projectRepresentatives,
  removeRepresentative,
  representativeCandidates,
  saveProgress,
} from './projects.ts';
import { coordinatorForm, idParam, type Refusal } from './ui.tsx';
import { ProjectListPage, ProjectPage } from './project-views.tsx';

/**
 * Development projects and their customer representatives. Every member of staff may read a
 * project and what changed; only coordinators see who the representatives are.
 */
export async function projectRoutes(app: FastifyInstance, opts: { db: Db }) {
  const { db } = opts;
  const base = '/admin/participation/projects';

  const listPage = async (request: FastifyRequest, reply: FastifyReply, state?: Refusal) => {
    const user = requireUser(request);
    const coordinator = canCoordinateParticipation(user);
    const projects = await listProjects(db);
    return sendPage(
      reply,
      <ProjectListPage request={request} notice={takeNotice(request, reply)} projects={projects} coordinator={coordinator} state={state} />,
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
    const coordinator = canCoordinateParticipation(user);
    const p = await getProject(db, id);
    const reps = await projectRepresentatives(db, id);
    const candidates = coordinator ? await representativeCandidates(db) : [];
    if (coordinator) await audit(db, user, { action: 'participant_read', targetType: 'dev_project', targetId: id });
    return sendPage(
      reply,
      <ProjectPage request={request} notice={takeNotice(request, reply)} p={p} reps={reps} candidates={candidates} coordinator={coordinator} state={state} />,
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
