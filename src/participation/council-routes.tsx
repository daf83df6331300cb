import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { audit } from '../access/audit.ts';
import { takeNotice } from '../http/context.ts';
import { sendPage } from '../http/render.tsx';
import type { Db } from '../shared/db.ts';
import {
  addEvaluation,
  addMeeting,
  councilApplications,
  councilCalls,
  councilEvaluations,
  councilMeetings,
  councilMembers,
  createCall,
  createCouncil,
  decideApplication,
  decisionInput,
  getApplication,
  getCouncil,
  listCouncils,
  removeCouncilMember,
  saveMinutes,
} from './councils.ts';
import { coordinatorForm, idParam, type Refusal, requireCoordinator } from './ui.tsx';
import { ApplicationPage, CouncilListPage, CouncilPage } from './council-views.tsx';

type FormState = Refusal & { form: string };

/** Customer councils for coordinators: calls, applications and their review, members, meetings, evaluations. */
export async function councilRoutes(app: FastifyInstance, opts: { db: Db }) {
  const { db } = opts;
  const base = '/admin/participation/councils';

  const listPage = async (request: FastifyRequest, reply: FastifyReply, state?: FormState) => {
    requireCoordinator(request);
    const councils = await listCouncils(db);
    return sendPage(reply, <CouncilListPage request={request} notice={takeNotice(request, reply)} councils={councils} state={state} />, state ? 400 : 200);
  };

  app.get(base, (request, reply) => listPage(request, reply));
  coordinatorForm(app, db, base, {
    save: async (_request, body) => {
      const id = await createCouncil(db, body);
      return { to: `${base}/${id}`, audit: { action: 'participant_saved', targetType: 'council', targetId: id } };
    },
    refused: (request, reply, state) => listPage(request, reply, { form: 'council', ...state }),
  });

  const councilPage = async (request: FastifyRequest, reply: FastifyReply, id: number, state?: FormState) => {
    const user = requireCoordinator(request);
    const council = await getCouncil(db, id);
    const [calls, applications, members, meetings, evaluations] = await Promise.all([
      councilCalls(db, id),
      councilApplications(db, id),
      councilMembers(db, id),
      councilMeetings(db, id),
      councilEvaluations(db, id),
    ]);
    await audit(db, user, { action: 'participant_read', targetType: 'council', targetId: id });
    const data = { council, calls, applications, members, meetings, evaluations };
    return sendPage(reply, <CouncilPage request={request} notice={takeNotice(request, reply)} data={data} state={state} />, state ? 400 : 200);
  };

  app.get(`${base}/:id`, (request, reply) => councilPage(request, reply, idParam(request.params)));

  /** A council form's save: back to the council with a notice, or the page again with the error and what was typed. */
  const councilForm = (
    path: string,
    form: string,
    save: (councilId: number, body: Record<string, string>, params: Record<string, string>) => Promise<unknown>,
  ) =>
    coordinatorForm(app, db, `${base}/:id/${path}`, {
      save: async (request, body) => {
        const id = idParam(request.params);
        await getCouncil(db, id);
        await save(id, body, request.params as Record<string, string>);
        return {
          to: `${base}/${id}`,
          audit: { action: form === 'remove' ? 'participant_removed' : 'participant_saved', targetType: `council_${form}`, targetId: id },
        };
      },
      refused: (request, reply, state) => councilPage(request, reply, idParam(request.params), { form, ...state }),
    });

  councilForm('calls', 'call', (id, body) => createCall(db, id, body));
  councilForm('meetings', 'meeting', (id, body) => addMeeting(db, id, body));
  councilForm('meetings/:meeting/minutes', 'minutes', (id, body, params) =>
    saveMinutes(db, id, idParam(params, 'meeting'), z.object({ minutes: z.string().max(20_000) }).parse(body).minutes),
  );
  councilForm('evaluations', 'evaluation', (id, body) => addEvaluation(db, id, body));
  councilForm('members/:member/remove', 'remove', (id, _body, params) => removeCouncilMember(db, id, idParam(params, 'member')));

  const applicationPage = async (request: FastifyRequest, reply: FastifyReply, id: number, state?: FormState) => {
    const user = requireCoordinator(request);
    const a = await getApplication(db, id);
    await audit(db, user, { action: 'participant_read', targetType: 'council_application', targetId: id });
    return sendPage(reply, <ApplicationPage request={request} a={a} state={state} />, state ? 400 : 200);
  };

  app.get('/admin/participation/applications/:id', (request, reply) => applicationPage(request, reply, idParam(request.params)));

  coordinatorForm(app, db, '/admin/participation/applications/:id', {
    save: async (request, body, user) => {
      const id = idParam(request.params);
      const input = decisionInput.parse(body);
      await decideApplication(db, user.username, id, input);
      const a = await getApplication(db, id);
      return {
        to: `${base}/${a.council_id}`,
        audit: { action: 'council_application_decided', targetType: 'council_application', targetId: id, details: { status: input.status } },
      };
    },
    refused: (request, reply, state) => applicationPage(request, reply, idParam(request.params), { form: 'review', ...state }),
  });
}
