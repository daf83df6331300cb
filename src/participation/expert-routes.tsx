import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { audit } from '../access/audit.ts';
import { redirectWithNotice, requireUser, takeNotice } from '../http/context.ts';
import { sendPage } from '../http/render.tsx';
import type { Db } from '../shared/db.ts';
import { AppError } from '../shared/errors.ts';
import {
  followUpRequest,
  getRequest,
  listExperts,
  listRequests,
  recordFee,
  removeExpert,
  requestFees,
  type RequestError,
  saveExpert,
  submitRequest,
} from './experts.ts';
import { ExpertPage, ExpertRegisterPage, RequestPage, RequestsPage } from './expert-views.tsx';
import { canCoordinateParticipation } from '../access/permissions.ts';
import { coordinatorForm, idParam, type Refusal, requireCoordinator, type Typed } from './ui.tsx';

/** The register of experience experts and developer customers, and staff requests for them. */
export async function expertRoutes(app: FastifyInstance, opts: { db: Db }) {
  const { db } = opts;
  const base = '/admin/participation';

  const registerPage = async (request: FastifyRequest, reply: FastifyReply, state?: Refusal) => {
    const user = requireCoordinator(request);
    const theme = (request.query as { theme?: string }).theme;
    const experts = await listExperts(db, { theme: theme || undefined });
    await audit(db, user, { action: 'participant_read', targetType: 'expert_register' });
    return sendPage(
      reply,
      <ExpertRegisterPage request={request} notice={takeNotice(request, reply)} experts={experts} theme={theme} state={state} />,
      state ? 400 : 200,
    );
  };

  app.get(`${base}/experts`, (request, reply) => registerPage(request, reply));
  coordinatorForm(app, db, `${base}/experts`, {
    save: async (_request, body) => {
      const id = await saveExpert(db, null, body);
      return { to: `${base}/experts`, audit: { action: 'participant_saved', targetType: 'expert', targetId: id } };
    },
    refused: registerPage,
  });

  const expertPage = async (request: FastifyRequest, reply: FastifyReply, id: number, state?: Refusal) => {
    const user = requireCoordinator(request);
    const expert = (await listExperts(db)).find((e) => e.id === id);
    if (!expert) throw new AppError('not_found', 'No such expert');
    await audit(db, user, { action: 'participant_read', targetType: 'expert', targetId: id });
    return sendPage(reply, <ExpertPage request={request} notice={takeNotice(request, reply)} expert={expert} state={state} />, state ? 400 : 200);
  };

  app.get(`${base}/experts/:id`, (request, reply) => expertPage(request, reply, idParam(request.params)));
  coordinatorForm(app, db, `${base}/experts/:id`, {
    save: async (request, body) => {
      const id = await saveExpert(db, idParam(request.params), body);
      return { to: `${base}/experts`, audit: { action: 'participant_saved', targetType: 'expert', targetId: id } };
    },
    refused: (request, reply, state) => expertPage(request, reply, idParam(request.params), state),
  });
  coordinatorForm(app, db, `${base}/experts/:id/remove`, {
    save: async (request) => {
      const id = idParam(request.params);
      await removeExpert(db, id);
      return { to: `${base}/experts`, audit: { action: 'participant_removed', targetType: 'expert', targetId: id }, notice: 'expert.removed' };
    },
    refused: (request, reply, state) => expertPage(request, reply, idParam(request.params), state),
  });

  // Requests: any member of staff asks; the coordinator assigns and follows up.
  const requestsPage = async (request: FastifyRequest, reply: FastifyReply, form?: { typed: Typed; errors: RequestError[] }) => {
    const user = requireUser(request);
    const coordinator = canCoordinateParticipation(user);
    const requests = await listRequests(db, coordinator ? {} : { requestedBy: user.userId });
    const defaultNode = user.grants[0]?.nodeCode ?? '';
    return sendPage(
      reply,
      <RequestsPage
        request={request}
        notice={takeNotice(request, reply)}
        requests={requests}
        coordinator={coordinator}
        defaultNode={defaultNode}
        form={form}
      />,
      form?.errors.length ? 400 : 200,
    );
  };

  app.get(`${base}/requests`, (request, reply) => requestsPage(request, reply));
  app.post(`${base}/requests`, async (request, reply) => {
    const user = requireUser(request);
    const body = (request.body ?? {}) as Record<string, string>;
    const result = await submitRequest(db, user, body);
    if ('errors' in result) return requestsPage(request, reply, { typed: body, errors: result.errors });
    await audit(db, user, { action: 'expert_request_saved', targetType: 'expert_request', targetId: result.id });
    return redirectWithNotice(reply, `${base}/requests`, 'expert.requestSent');
  });

  const requestPage = async (request: FastifyRequest, reply: FastifyReply, id: number, state?: Refusal) => {
    const user = requireUser(request);
    const r = await getRequest(db, id);
    const coordinator = canCoordinateParticipation(user);
    // Staff see their own requests; who was assigned is personal data, for the coordinator.
    if (!coordinator && r.requested_by !== user.userId) throw new AppError('not_found', 'No such request');
    const experts = coordinator ? await listExperts(db, { activeOnly: true }) : [];
    const fees = coordinator ? await requestFees(db, id) : [];
    return sendPage(
      reply,
      <RequestPage request={request} notice={takeNotice(request, reply)} r={r} coordinator={coordinator} experts={experts} fees={fees} state={state} />,
      state ? 400 : 200,
    );
  };

  app.get(`${base}/requests/:id`, (request, reply) => requestPage(request, reply, idParam(request.params)));
  coordinatorForm(app, db, `${base}/requests/:id`, {
    save: async (request, body, user) => {
      const id = idParam(request.params);
      await followUpRequest(db, user.username, id, body);
      return {
        to: `${base}/requests/${id}`,
        audit: { action: 'expert_request_saved', targetType: 'expert_request', targetId: id, details: { status: body.status } },
      };
    },
    refused: (request, reply, state) => requestPage(request, reply, idParam(request.params), state),
  });
  coordinatorForm(app, db, `${base}/requests/:id/fees`, {
    save: async (request, body, user) => {
      const id = idParam(request.params);
      await recordFee(db, user.username, id, body);
      return { to: `${base}/requests/${id}`, audit: { action: 'participant_saved', targetType: 'participant_fee', targetId: id } };
    },
    refused: (request, reply, state) => requestPage(request, reply, idParam(request.params), { error: state.error, typed: {} }),
  });
}
