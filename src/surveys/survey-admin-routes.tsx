import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { redirectWithNotice, requirePrincipal, requireUser, takeNotice } from '../http/context.ts';
import { sendPage } from '../http/render.tsx';
import { roots } from '../organisation/tree-queries.ts';
import type { Db } from '../shared/db.ts';
import { AppError } from '../shared/errors.ts';
import { mayPublishSomeSurvey } from '../access/permissions.ts';
import { canPublishSurveys } from '../access/permissions.ts';
import { publishOwnQuestions, type QuestionIssue } from './publish-version.ts';
import { isMessageKey } from '../shared/i18n/index.ts';
import { latestVersion, listSurveys } from './survey-queries.ts';
import { SurveyPage, SurveysPage } from './survey-admin-views.tsx';

const idParam = z.object({ id: z.string().regex(/^[a-z0-9][a-z0-9-]{1,62}$/) });

export async function surveyVersionRoutes(app: FastifyInstance, opts: { db: Db }) {
  const { db } = opts;

  /** A refused change in the staff member's language, one line per wrong field. */
  const problems = (request: FastifyRequest, err: AppError): string[] => {
    const issues = (err.details as { issues?: QuestionIssue[] } | undefined)?.issues;
    if (!issues?.length) return [request.t(isMessageKey(err.message) ? err.message : 'error.invalid')];
    return [...new Set(issues.map((i) => request.t(`surveys.err.${i.field}`)))];
  };

  const show = async (request: FastifyRequest, reply: FastifyReply, id: string, extra: { errors?: string[] } = {}, status = 200) => {
    const user = requireUser(request);
    const notice = takeNotice(request, reply);
    const canPublish = canPublishSurveys(
      user,
      (await roots(db)).map((r) => r.id),
    );
    return sendPage(
      reply,
      <SurveyPage request={request} version={await latestVersion(db, id)} canPublish={canPublish} notice={notice} errors={extra.errors} />,
      status,
    );
  };

  app.get('/admin/surveys', async (request, reply) => {
    requireUser(request);
    return sendPage(reply, <SurveysPage request={request} surveys={await listSurveys(db)} />);
  });

  app.get('/admin/surveys/:id', async (request, reply) => show(request, reply, idParam.parse(request.params).id));

  const ownOf = async (id: string) => (await latestVersion(db, id)).definition.questions.filter((q) => !q.national).map(({ national: _n, ...q }) => q);

  const requirePublisher = async (request: FastifyRequest) => {
    const user = requireUser(request);
    if (
      !canPublishSurveys(
        user,
        (await roots(db)).map((r) => r.id),
      )
    )
      throw new AppError('forbidden', 'Only county administrators publish surveys');
    return user;
  };

  app.post('/admin/surveys/:id/add', async (request, reply) => {
    const user = await requirePublisher(request);
    const { id } = idParam.parse(request.params);
    const b = request.body as Record<string, string>;
    const text: Record<string, string> = {};
    for (const l of ['fi', 'sv', 'en']) if (b[l]?.trim()) text[l] = b[l]!.trim();
    try {
      await publishOwnQuestions(db, user, id, [...(await ownOf(id)), { key: (b.key ?? '').trim(), type: b.type, text, required: b.required === 'true' }]);
    } catch (err) {
      if (err instanceof AppError && err.code === 'invalid') return show(request, reply, id, { errors: problems(request, err) }, 400);
      throw err;
    }
    return redirectWithNotice(reply, `/admin/surveys/${id}`, 'surveys.published');
  });

  app.post('/admin/surveys/:id/remove', async (request, reply) => {
    const user = await requirePublisher(request);
    const { id } = idParam.parse(request.params);
    const key = String((request.body as Record<string, string> | undefined)?.key ?? '');
    const own = await ownOf(id);
    // Nothing to remove is a mistake, never a new identical version.
    if (!own.some((q) => q.key === key)) return show(request, reply, id, { errors: [request.t('surveys.err.noSuchQuestion')] }, 400);
    await publishOwnQuestions(
      db,
      user,
      id,
      own.filter((q) => q.key !== key),
    );
    return redirectWithNotice(reply, `/admin/surveys/${id}`, 'surveys.published');
  });

  // For automation: replace the county's own questions of a survey with this list.
  app.post('/api/v1/surveys/:id/versions', async (request) => {
    const p = requirePrincipal(request);
    const { id } = idParam.parse(request.params);
    if (!mayPublishSomeSurvey(p)) throw new AppError('forbidden', 'Surveys are published by administrators');
    const body = request.body as { questions?: unknown } | undefined;
    // A body without the list is a mistake, not "remove every question": only [] removes them.
    if (!Array.isArray(body?.questions)) throw new AppError('invalid', 'questions: the list of the county’s own questions is required ([] removes them)');
    const { version, definition } = await publishOwnQuestions(db, p, id, body.questions);
    return { survey: id, version, questions: definition.questions.map((q) => ({ key: q.key, type: q.type, national: q.national })) };
  });
}
