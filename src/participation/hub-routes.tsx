import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { requireUser, takeNotice } from '../http/context.ts';
import { sendPage } from '../http/render.tsx';
import type { Config } from '../shared/config.ts';
import type { Db } from '../shared/db.ts';
import { listSurveys } from '../surveys/survey-queries.ts';
import { canCoordinateParticipation, canSeePoolFigures } from '../access/permissions.ts';
import { poolFigures } from './pool.ts';
import { sendPoolRound } from './pool-rounds.ts';
import { coordinatorForm, type Refusal } from './ui.tsx';
import { HubPage } from './hub-views.tsx';
import { openParticipationWork } from './hub-queries.ts';
import { AppError } from '../shared/errors.ts';

/** The participation front page: the pool in figures, pool survey rounds, and the way to councils, experts and projects. */
export async function participationHubRoutes(app: FastifyInstance, opts: { db: Db; config: Config }) {
  const { db } = opts;

  const hub = async (request: FastifyRequest, reply: FastifyReply, form?: Refusal) => {
    const user = requireUser(request);
    if (!canSeePoolFigures(user)) return reply.redirect('/admin/participation/requests', 303);
    const coordinator = canCoordinateParticipation(user);
    const f = await poolFigures(db);
    const surveys = coordinator ? await listSurveys(db) : [];
    const open = coordinator ? await openParticipationWork(db) : undefined;
    return sendPage(reply, <HubPage request={request} notice={takeNotice(request, reply)} f={f} open={open} surveys={surveys} form={form} />, form ? 400 : 200);
  };

  app.get('/admin/participation', (request, reply) => hub(request, reply));

  coordinatorForm(app, db, '/admin/participation/pool/rounds', {
    save: async (_request, body, user) => {
      // Sent at once to every member and not to be taken back: asked for in so many words.
      if (body.confirm !== 'yes') throw new AppError('invalid', 'pool.err.confirm');
      const { invited } = await sendPoolRound(
        db,
        user.username,
        { surveyId: String(body.survey ?? ''), title: String(body.title ?? '') },
        opts.config.publicUrl,
      );
      return {
        to: '/admin/participation',
        audit: { action: 'pool_round_sent', targetType: 'pool_round', details: { survey: body.survey, invited } },
        notice: 'pool.roundSent',
      };
    },
    refused: hub,
  });
}
