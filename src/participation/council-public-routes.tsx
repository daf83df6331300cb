import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { sendPage } from '../http/render.tsx';
import type { Db } from '../shared/db.ts';
import { applicationInput, type ApplicationError, checkApplication, type CouncilCall, openCalls, submitApplication } from './councils.ts';
import { CouncilCallPage, CouncilThanksPage, fieldIds } from './council-public-views.tsx';

/** The public call for customer-council members: open calls and the application form. */
export async function councilPublicRoutes(app: FastifyInstance, opts: { db: Db }) {
  const { db } = opts;

  const page = async (request: FastifyRequest, reply: FastifyReply, typed: Record<string, string> = {}, errors: ApplicationError[] = []) => {
    const calls: CouncilCall[] = await openCalls(db);
    return sendPage(reply, <CouncilCallPage request={request} calls={calls} typed={typed} errors={errors} />, errors.length ? 400 : 200);
  };

  app.get('/asiakasraati', (request, reply) => page(request, reply));

  app.post('/asiakasraati', { config: { csrf: 'public', rateLimit: { max: 10, timeWindow: '10 minutes' } } }, async (request, reply) => {
    const raw = (request.body ?? {}) as Record<string, unknown>;
    const typed = Object.fromEntries(
      Object.entries(raw)
        .filter(([, v]) => typeof v === 'string')
        .map(([k, v]) => [k, String(v).slice(0, 4000)]),
    );
    const parsed = applicationInput.safeParse(raw);
    if (!parsed.success)
      return page(
        request,
        reply,
        typed,
        [...new Set(parsed.error.issues.map((i) => String(i.path[0]) as ApplicationError))].filter((e) => e in fieldIds),
      );
    const errors = await checkApplication(db, parsed.data);
    if (errors.length) return page(request, reply, typed, errors);
    await submitApplication(db, parsed.data, request.lang, request.t('council.consent'));
    return reply.redirect('/asiakasraati/kiitos', 303);
  });

  app.get('/asiakasraati/kiitos', (request, reply) => sendPage(reply.header('x-robots-tag', 'noindex'), <CouncilThanksPage request={request} />));
}
