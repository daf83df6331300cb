import type { FastifyInstance } from 'fastify';
import { hasScope } from '../access/permissions.ts';
import { requirePrincipal } from '../http/context.ts';
import type { Config } from '../shared/config.ts';
import type { Db } from '../shared/db.ts';
import { AppError } from '../shared/errors.ts';
import { createFeedback } from './create-feedback.ts';

export async function feedbackApiRoutes(app: FastifyInstance, opts: { db: Db; config: Config }) {
  const { db } = opts;

  // For the county's chat, page widgets and other channels: answers with the reference number.
  app.post('/api/v1/feedback', { bodyLimit: 64 * 1024 }, async (request, reply) => {
    const p = requirePrincipal(request);
    if (p.kind !== 'api_key' || !hasScope(p, 'feedback:write')) throw new AppError('forbidden', 'feedback:write scope needed');
    const body = (request.body ?? {}) as Record<string, unknown>;
    const { honeypot: _ignored, ...input } = body; // the honeypot belongs to the web form only
    const created = await createFeedback(db, p, { ...input, channel: input.channel ?? 'api' }, { publicUrl: opts.config.publicUrl });
    return reply.status(created.duplicate ? 200 : 201).send({
      reference: created.reference,
      status: created.duplicate ? 'duplicate' : 'created',
      dueAt: created.dueAt,
    });
  });
}
