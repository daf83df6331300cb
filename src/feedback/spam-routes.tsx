import type { FastifyInstance } from 'fastify';

import { AppError } from '../shared/errors.ts';
import { z } from 'zod';
import { redirectWithNotice, requireUser, takeNotice } from '../http/context.ts';
import { sendPage } from '../http/render.tsx';
import type { Config } from '../shared/config.ts';
import type { Db } from '../shared/db.ts';
import { decideSpam, suspectedSpam } from './spam-queue.ts';
import { canReviewSpam } from '../access/permissions.ts';
import { SpamQueuePage } from './spam-views.tsx';

export async function spamRoutes(app: FastifyInstance, opts: { db: Db; config: Config }) {
  const { db } = opts;

  app.get('/admin/feedback/spam', async (request, reply) => {
    const user = requireUser(request);
    const items = await suspectedSpam(db, user);
    return sendPage(reply, <SpamQueuePage request={request} notice={takeNotice(request, reply)} items={items} />);
  });

  app.post('/admin/feedback/:id/spam', async (request, reply) => {
    const user = requireUser(request);
    if (!canReviewSpam(user)) throw new AppError('forbidden', 'Administrators only');
    const { id } = z.object({ id: z.coerce.number().int().positive() }).parse(request.params);
    const { genuine } = z.object({ genuine: z.enum(['true', 'false']) }).parse(request.body);
    await decideSpam(db, user, id, genuine === 'true', opts.config.publicUrl);
    return redirectWithNotice(reply, '/admin/feedback/spam', 'spam.done');
  });
}
