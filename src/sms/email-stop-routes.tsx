import type { FastifyInstance, FastifyReply } from 'fastify';
import { z } from 'zod';
import { sendPage } from '../http/render.tsx';
import { clock } from '../shared/clock.ts';
import type { Db } from '../shared/db.ts';
import { recipientOfStopToken, stopByEmailLink } from './email-stop.ts';
import { EmailStopPage } from './email-stop-views.tsx';

// The token is a secret of its own: not to be sent onwards or indexed.
const noIndex = (reply: FastifyReply) => reply.header('referrer-policy', 'no-referrer').header('x-robots-tag', 'noindex');
const tokenParam = z.object({ token: z.string().max(80) });

/** `/kyselyt/ei-kiitos/{token}`: the link in every e-mail invitation that stops further ones. */
export async function emailStopRoutes(app: FastifyInstance, opts: { db: Db }) {
  const { db } = opts;
  app.get('/kyselyt/ei-kiitos/:token', async (request, reply) => {
    const { token } = tokenParam.parse(request.params);
    const known = !!(await recipientOfStopToken(db, token));
    return sendPage(noIndex(reply), <EmailStopPage request={request} unknown={!known} />, known ? 200 : 404);
  });
  app.post('/kyselyt/ei-kiitos/:token', { config: { csrf: 'public', rateLimit: { max: 20, timeWindow: '10 minutes' } } }, async (request, reply) => {
    const { token } = tokenParam.parse(request.params);
    const done = await stopByEmailLink(db, token, clock.now());
    return sendPage(noIndex(reply), <EmailStopPage request={request} done={done} unknown={!done} />, done ? 200 : 404);
  });
}
