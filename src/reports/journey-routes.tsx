import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { audit } from '../access/audit.ts';
import { redirectWithNotice, requireCountyAdmin, requireUser, takeNotice } from '../http/context.ts';
import { sendPage } from '../http/render.tsx';
import type { Db } from '../shared/db.ts';
import { AppError } from '../shared/errors.ts';
import { latestVersion, listSurveys } from '../surveys/survey-queries.ts';
import { journeyStages, journeyView, saveStage, setSurveyStage, surveyStages } from './journey.ts';
import { parsePortalQuery } from './portal-query.ts';
import { filterOptions } from './portal-queries.ts';
import { portalNode } from './portal.ts';
import { JourneyEditorPage, JourneyPage, journeySvg, type StageFormState } from './journey-views.tsx';

/** The customer journey in the portal, and the administrators' editor of its stages. */
export async function journeyRoutes(app: FastifyInstance, opts: { db: Db; primary?: Db }) {
  // the journey view may read a replica; the stage editor reads and writes the primary
  const { db } = opts;
  const primary = opts.primary ?? db;

  const load = async (request: FastifyRequest) => {
    const user = requireUser(request);
    const q = parsePortalQuery(request.query);
    const node = await portalNode(db, user, q.node);
    return { user, q, node, view: await journeyView(db, user, node, q.period, q.filters, request.lang) };
  };

  app.get('/portal/journey', async (request, reply) => {
    const { user, q, node, view: v } = await load(request);
    const options = await filterOptions(db, user, q, request.lang);
    return sendPage(reply, <JourneyPage request={request} q={q} node={node} v={v} options={options} />);
  });

  app.get('/portal/journey/chart.svg', async (request, reply) => {
    const { view } = await load(request);
    return reply.type('image/svg+xml').header('content-disposition', 'attachment; filename="journey.svg"').send(journeySvg(view));
  });

  const editor = async (request: FastifyRequest, reply: FastifyReply, state?: StageFormState) => {
    requireCountyAdmin(request);
    const [stages, surveys, def] = await Promise.all([journeyStages(primary), listSurveys(primary), latestVersion(primary, 'thl-national')]);
    const tags = await surveyStages(primary);
    const statements = def.definition.questions.filter((q) => q.type === 'likert');
    return sendPage(
      reply,
      <JourneyEditorPage
        request={request}
        notice={takeNotice(request, reply)}
        stages={stages}
        surveys={surveys}
        tags={tags}
        statements={statements}
        state={state}
      />,
      state ? 400 : 200,
    );
  };

  app.get('/admin/journey', (request, reply) => editor(request, reply));

  app.post<{ Params: { key: string } }>('/admin/journey/stages/:key', async (request, reply) => {
    const user = requireCountyAdmin(request);
    const body = (request.body ?? {}) as Record<string, string | string[]>;
    try {
      await saveStage(primary, user.username, request.params.key, body);
    } catch (err) {
      if (err instanceof AppError && err.code !== 'invalid') throw err;
      if (!(err instanceof AppError) && !(err instanceof Error && err.name === 'ZodError')) throw err;
      return editor(request, reply, { key: request.params.key, error: request.t('journey.invalid'), typed: body });
    }
    await audit(primary, user, { action: 'journey_saved', targetType: 'journey_stage', targetId: request.params.key });
    return redirectWithNotice(reply, `/admin/journey#stage-${request.params.key}`, 'common.saved');
  });

  app.post('/admin/journey/surveys', async (request, reply) => {
    const user = requireCountyAdmin(request);
    const body = (request.body ?? {}) as Record<string, string>;
    const stages = new Set((await journeyStages(primary)).map((s) => s.key));
    for (const s of await listSurveys(primary)) {
      const stage = body[`stage_${s.id}`];
      if (stage === undefined) continue;
      await setSurveyStage(primary, s.id, stage && stages.has(stage) ? stage : null);
    }
    await audit(primary, user, { action: 'journey_saved', targetType: 'survey_stages' });
    return redirectWithNotice(reply, '/admin/journey#surveys', 'common.saved');
  });
}
