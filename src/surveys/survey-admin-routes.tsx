import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { redirectWithNotice, requirePrincipal, requireUser, takeNotice } from '../http/context.ts';
import { sendPage } from '../http/render.tsx';
import { roots } from '../organisation/tree-queries.ts';
import type { Db } from '../shared/db.ts';
import { requirePublisher as requirePublisherOf } from './require-publisher.ts';
import { AppError } from '../shared/errors.ts';
import { mayPublishSomeSurvey } from '../access/permissions.ts';
import { canPublishSurveys } from '../access/permissions.ts';
import { publishOwnQuestions, type QuestionIssue } from './publish-version.ts';
import { isMessageKey } from '../shared/i18n/index.ts';
import { latestVersion, listSurveys } from './survey-queries.ts';
import { type FieldErrors, languageNames, SurveyPage, SurveysPage, type TypedQuestion } from './survey-admin-views.tsx';
import { identifierFrom } from './identifiers.ts';
import { surveyTemplates } from './templates.ts';
import { publishSurvey } from './county-surveys.ts';
import { unpublishedDrafts } from './survey-drafts.ts';

const idParam = z.object({ id: z.string().regex(/^[a-z0-9][a-z0-9-]{1,62}$/) });

export async function surveyVersionRoutes(app: FastifyInstance, opts: { db: Db }) {
  const { db } = opts;

  /** A refused change in the staff member's language, at the field it concerns. */
  const problems = (request: FastifyRequest, err: AppError): FieldErrors => {
    const details = err.details as { issues?: QuestionIssue[]; lost?: string[] } | undefined;
    if (!details?.issues?.length) return { other: request.t(isMessageKey(err.message) ? err.message : 'error.invalid') };
    const out: FieldErrors = {};
    for (const i of details.issues) {
      const field = i.field === 'national' ? 'key' : i.field;
      if (field === 'languages') out.languages = request.t('surveys.err.languages', { languages: languageNames(request.t, details.lost ?? []) });
      else out[field] ??= request.t(`surveys.err.${i.field}`);
    }
    return out;
  };

  const show = async (
    request: FastifyRequest,
    reply: FastifyReply,
    id: string,
    extra: { errors?: FieldErrors; typed?: TypedQuestion; lost?: string[] } = {},
    status = 200,
  ) => {
    const user = requireUser(request);
    const notice = takeNotice(request, reply);
    const canPublish = canPublishSurveys(
      user,
      (await roots(db)).map((r) => r.id),
    );
    return sendPage(
      reply,
      <SurveyPage
        request={request}
        version={await latestVersion(db, id)}
        builtin={(await listSurveys(db)).find((s) => s.id === id)?.builtin ?? true}
        canPublish={canPublish}
        notice={notice}
        errors={extra.errors}
        typed={extra.typed}
        lost={extra.lost}
      />,
      status,
    );
  };

  app.get('/admin/surveys', async (request, reply) => {
    const user = requireUser(request);
    const canPublish = canPublishSurveys(
      user,
      (await roots(db)).map((r) => r.id),
    );
    return sendPage(
      reply,
      <SurveysPage
        request={request}
        surveys={await listSurveys(db)}
        templates={surveyTemplates()}
        drafts={canPublish ? (await unpublishedDrafts(db)).map((d) => ({ id: d.id, title: d.input.title[request.lang] || d.input.title.fi })) : []}
        canPublish={canPublish}
        notice={takeNotice(request, reply)}
      />,
    );
  });

  // A ready survey published as it is; one already published is only opened.
  app.post('/admin/surveys/templates/:key', async (request, reply) => {
    const user = await requirePublisher(request);
    const { id } = idParam.parse({ id: (request.params as { key?: string }).key });
    const template = surveyTemplates().find((t) => t.key === id);
    if (!template) throw new AppError('not_found', 'No such template');
    if ((await listSurveys(db)).some((s) => s.id === id)) return reply.redirect(`/admin/surveys/${id}`, 303);
    await publishSurvey(db, user, template);
    return redirectWithNotice(reply, `/admin/surveys/${id}`, 'surveys.published');
  });

  app.get('/admin/surveys/:id', async (request, reply) => show(request, reply, idParam.parse(request.params).id));

  const ownOf = async (id: string) => (await latestVersion(db, id)).definition.questions.filter((q) => !q.national).map(({ national: _n, ...q }) => q);

  const requirePublisher = (request: FastifyRequest) => requirePublisherOf(db, request);

  app.post('/admin/surveys/:id/add', async (request, reply) => {
    const user = await requirePublisher(request);
    const { id } = idParam.parse(request.params);
    const b = request.body as Record<string, string | string[]>;
    const one = (k: string) => (typeof b[k] === 'string' ? (b[k] as string) : '');
    const typed: TypedQuestion = {
      key: one('key').trim(),
      type: one('type'),
      fi: one('fi'),
      sv: one('sv'),
      en: one('en'),
      required: one('required') === 'true',
    };
    const text: Record<string, string> = {};
    for (const l of ['fi', 'sv', 'en'] as const) if (typed[l].trim()) text[l] = typed[l].trim();
    const own = await ownOf(id);
    // Without an identifier one is made from the Finnish text.
    const taken = new Set([...(await latestVersion(db, id)).definition.questions.map((q) => q.key)]);
    const key = typed.key || (text.fi ? identifierFrom(text.fi, taken) : '');
    const dropLanguages = [b.dropLanguages ?? []].flat();
    try {
      await publishOwnQuestions(db, user, id, [...own, { key, type: typed.type, text, required: typed.required }], { dropLanguages });
    } catch (err) {
      if (err instanceof AppError && err.code === 'invalid') {
        const lost = (err.details as { lost?: string[] } | undefined)?.lost;
        return show(request, reply, id, { errors: problems(request, err), typed, lost }, 400);
      }
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
    if (!own.some((q) => q.key === key)) return show(request, reply, id, { errors: { other: request.t('surveys.err.noSuchQuestion') } }, 400);
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
    const body = request.body as { questions?: unknown; dropLanguages?: unknown } | undefined;
    // A body without the list is a mistake, not "remove every question": only [] removes them.
    if (!Array.isArray(body?.questions)) throw new AppError('invalid', 'questions: the list of the county’s own questions is required ([] removes them)');
    const dropLanguages = Array.isArray(body.dropLanguages) ? body.dropLanguages.filter((l): l is string => typeof l === 'string') : [];
    const { version, definition } = await publishOwnQuestions(db, p, id, body.questions, { dropLanguages });
    return { survey: id, version, questions: definition.questions.map((q) => ({ key: q.key, type: q.type, national: q.national })) };
  });
}
