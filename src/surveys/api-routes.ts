import type { FastifyInstance } from 'fastify';
import { requirePrincipal } from '../http/context.ts';
import { surveyResults } from '../reports/results-query.ts';
import type { Db } from '../shared/db.ts';
import { AppError } from '../shared/errors.ts';
import { definitionLanguages } from './definition.ts';
import { submitResponses } from './submit-responses.ts';
import { listSurveys } from './survey-queries.ts';
import { publishSurvey, surveyInContractTerms } from './county-surveys.ts';
import { mayPublishSomeSurvey } from '../access/permissions.ts';
import { z } from 'zod';
import { imagePath, maxImageBytes, uploadSurveyImage } from './images.ts';

export async function surveyApiRoutes(app: FastifyInstance, opts: { db: Db; readDb?: Db }) {
  const { db } = opts;
  // results may come from a read replica; answers and everything else use the primary
  const readDb = opts.readDb ?? db;

  app.get('/api/v1/surveys', async (request) => {
    requirePrincipal(request);
    const surveys = await listSurveys(db);
    return {
      surveys: surveys.map((s) => ({
        id: s.id,
        builtin: s.builtin,
        name: s.name,
        versions: s.versions.map((v) => ({
          version: v.version,
          publishedAt: v.published_at,
          languages: definitionLanguages(v.definition),
          background: v.definition.background,
          questions: v.definition.questions.map((q) => ({
            key: q.key,
            type: q.type,
            national: q.national,
            required: q.required,
            text: q.text,
            ...(q.options ? { options: q.options } : {}),
          })),
        })),
      })),
    };
  });

  // A county's own survey: the first version or a new one (the THL surveys' own questions go to /versions).
  app.post('/api/v1/surveys', async (request, reply) => {
    const p = requirePrincipal(request);
    if (!mayPublishSomeSurvey(p)) throw new AppError('forbidden', 'Surveys are published by administrators');
    const published = await publishSurvey(db, p, request.body);
    return reply.code(published.created ? 201 : 200).send(published);
  });

  // A question's picture, sent as its own bytes; the answer's id goes into the question's `image`.
  app.addContentTypeParser(['image/png', 'image/jpeg', 'image/webp'], { parseAs: 'buffer', bodyLimit: maxImageBytes }, (_request, body, done) =>
    done(null, body),
  );
  app.post('/api/v1/surveys/images', async (request, reply) => {
    const id = await uploadSurveyImage(db, requirePrincipal(request), request.body);
    return reply.code(201).send({ id, url: imagePath(id) });
  });

  app.get('/api/v1/surveys/:key', async (request) => {
    requirePrincipal(request);
    const { key } = z.object({ key: z.string().regex(/^[a-z0-9][a-z0-9-]{1,62}$/) }).parse(request.params);
    return surveyInContractTerms(db, key);
  });

  app.post('/api/v1/responses', { bodyLimit: 8 * 1024 * 1024 }, async (request) => {
    const p = requirePrincipal(request);
    return { results: await submitResponses(db, p, request.body) };
  });

  app.get('/api/v1/results', async (request) => {
    const p = requirePrincipal(request);
    const query = request.query as Record<string, unknown>;
    // background.NAME=VALUE filters arrive as flat query parameters
    const background: Record<string, string> = {};
    for (const [k, v] of Object.entries(query)) if (k.startsWith('background.') && typeof v === 'string') background[k.slice(11)] = v;
    if (Object.keys(query).some((k) => k.startsWith('background.') && typeof query[k] !== 'string'))
      throw new AppError('invalid', 'A background filter takes one value');
    return surveyResults(readDb, p, { ...query, background } as never);
  });
}
