import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { requireUser, takeNotice } from '../http/context.ts';
import { sendPage } from '../http/render.tsx';
import type { Config } from '../shared/config.ts';
import type { Db } from '../shared/db.ts';
import { listSurveys } from '../surveys/survey-queries.ts';
import { canCoordinateParticipation, canSeePoolFigures } from '../access/permissions.ts';
import { poolAgeGroups, poolFigures } from './pool.ts';
import { roundAudience, sendPoolRound } from './pool-rounds.ts';
import { countyPopulation, savePopulation } from './panel.ts';
import { coordinatorForm, type Refusal } from './ui.tsx';
import { HubPage } from './hub-views.tsx';
import { openParticipationWork, staffRoundNodes } from './hub-queries.ts';
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
    const coordinatorNodes = user.grants.filter((g) => g.role === 'coordinator').map((g) => g.nodeId);
    const staffNodes = coordinator ? await staffRoundNodes(db, coordinatorNodes, request.lang) : [];
    const population = await countyPopulation(db);
    return sendPage(
      reply,
      <HubPage
        request={request}
        notice={takeNotice(request, reply)}
        f={f}
        open={open}
        surveys={surveys}
        staffNodes={staffNodes}
        population={population}
        form={form}
      />,
      form ? 400 : 200,
    );
  };

  app.get('/admin/participation', (request, reply) => hub(request, reply));

  coordinatorForm(app, db, '/admin/participation/pool/rounds', {
    save: async (_request, body, user) => {
      // Sent at once to every member and not to be taken back: asked for in so many words.
      if (body.confirm !== 'yes') throw new AppError('invalid', 'pool.err.confirm');
      const audience = await roundAudience(db, user, body);
      const { invited, profile } = await sendPoolRound(
        db,
        user.username,
        { surveyId: String(body.survey ?? ''), title: String(body.title ?? ''), audience },
        opts.config.publicUrl,
      );
      return {
        to: '/admin/participation',
        audit: {
          action: 'pool_round_sent',
          targetType: 'pool_round',
          details: { survey: body.survey, audience: audience.kind, invited, largestGap: profile?.largestGap },
        },
        notice: 'pool.roundSent',
      };
    },
    refused: hub,
  });

  coordinatorForm(app, db, '/admin/participation/population', {
    save: async (_request, body) => {
      const ageGroups = Object.fromEntries(poolAgeGroups.map((g) => [g, String(body[`age.${g}`] ?? '')]));
      await savePopulation(db, { ageGroups, municipalities: String(body.municipalities ?? '') });
      return { to: '/admin/participation#population', audit: { action: 'population_saved', targetType: 'setting' } };
    },
    refused: hub,
  });
}
