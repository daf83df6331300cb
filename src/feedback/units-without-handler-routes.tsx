import type { FastifyInstance } from 'fastify';
import { canReviewSpam } from '../access/permissions.ts';
import { requireUser } from '../http/context.ts';
import { sendPage } from '../http/render.tsx';
import type { Db } from '../shared/db.ts';
import { AppError } from '../shared/errors.ts';
import { unitsWithoutHandler } from './units-without-handler.ts';
import { UnitsWithoutHandlerPage } from './units-without-handler-views.tsx';

export async function unitsWithoutHandlerRoutes(app: FastifyInstance, opts: { db: Db }) {
  app.get('/admin/feedback/no-handler', async (request, reply) => {
    const user = requireUser(request);
    if (!canReviewSpam(user)) throw new AppError('forbidden', 'Administrators only');
    return sendPage(reply, <UnitsWithoutHandlerPage request={request} {...(await unitsWithoutHandler(opts.db, user))} />);
  });
}
