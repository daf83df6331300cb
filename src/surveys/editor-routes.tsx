import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { redirectWithNotice, takeNotice } from '../http/context.ts';
import { sendPage } from '../http/render.tsx';
import type { Db } from '../shared/db.ts';
import { requirePublisher as requirePublisherOf } from './require-publisher.ts';
import { AppError } from '../shared/errors.ts';
import type { MessageKey } from '../shared/i18n/index.ts';
import { checkSurvey, publishSurvey, reservedSurveyKeys, type SurveyIssue, surveyInContractTerms } from './county-surveys.ts';
import { definitionLanguages } from './definition.ts';
import { blankQuestion, blankSurvey, type EditorState, fieldOf, inputFromState, stateFromBody, stateFromInput, stateLanguages } from './editor-form.ts';
import { PreviewPage, PublishPage } from './editor-preview-views.tsx';
import { type EditorErrors, EditorPage } from './editor-views.tsx';
import { identifierFrom } from './identifiers.ts';
import { storeSurveyImage } from './images.ts';
import { multipartFields } from '../http/multipart-fields.ts';
import { respondentTexts } from './respondent-texts.ts';
import { deleteDraft, findDraft, saveDraft, surveyUse } from './survey-drafts.ts';
import { latestVersion, listSurveys } from './survey-queries.ts';
import { languageNames } from './survey-admin-views.tsx';

const idParam = z.object({ id: z.string().regex(/^[a-z0-9][a-z0-9-]{1,62}$/) });

/** The message for a problem at an editor field, by the kind of field. */
function messageFor(field: string): MessageKey {
  if (field === 'key') return 'editor.err.key';
  if (field === 'title_fi') return 'editor.err.title';
  if (field === 'startsAt' || field === 'endsAt') return 'editor.err.date';
  if (field === 'questions') return 'editor.err.questions';
  if (field.endsWith('_options_fi')) return 'editor.err.options';
  if (field.endsWith('_showIfIn')) return 'editor.err.showIfIn';
  if (field.endsWith('_showIf')) return 'editor.err.showIf';
  if (field.endsWith('_type')) return 'surveys.err.type';
  if (field.includes('_imageAlt')) return 'editor.err.pictureAlt';
  return 'editor.err.text';
}

function surveyIssues(input: unknown): SurveyIssue[] {
  try {
    checkSurvey(input);
    return [];
  } catch (err) {
    if (!(err instanceof AppError) || err.code !== 'invalid') throw err;
    return (err.details as { issues: SurveyIssue[] }).issues;
  }
}

/** The survey editor: drafts a county writes, previews on a phone in each language, and publishes. */
export async function surveyEditorRoutes(app: FastifyInstance, opts: { db: Db }) {
  const { db } = opts;

  const requirePublisher = (request: FastifyRequest) => requirePublisherOf(db, request);

  const render = (
    request: FastifyRequest,
    reply: FastifyReply,
    state: EditorState,
    extra: { published: boolean; errors?: EditorErrors; draft?: { by: string; at: string }; picking?: number },
    status = 200,
  ) =>
    sendPage(
      reply,
      <EditorPage
        request={request}
        state={state}
        published={extra.published}
        draft={extra.draft}
        languages={stateLanguages(state)}
        errors={extra.errors}
        picking={extra.picking}
        notice={takeNotice(request, reply)}
      />,
      status,
    );

  const builtin = async (id: string) => (await listSurveys(db)).find((s) => s.id === id);

  app.get('/admin/surveys/new', async (request, reply) => {
    await requirePublisher(request);
    return render(request, reply, blankSurvey(), { published: false });
  });

  app.get('/admin/surveys/:id/edit', async (request, reply) => {
    await requirePublisher(request);
    const { id } = idParam.parse(request.params);
    const survey = await builtin(id);
    // THL's surveys are locked: their page adds the county's own questions.
    if (survey?.builtin) return reply.redirect(`/admin/surveys/${id}`, 303);
    const draft = await findDraft(db, id);
    if (draft) return render(request, reply, draft.input, { published: Boolean(survey), draft: { by: draft.updated_by, at: draft.updated_at } });
    if (!survey) throw new AppError('not_found', `No survey "${id}"`);
    return render(request, reply, stateFromInput(await surveyInContractTerms(db, id)), { published: true });
  });

  app.post('/admin/surveys/editor', async (request, reply) => {
    const user = await requirePublisher(request);
    // A picture comes with the whole form (multipart), so nothing typed is lost on the way.
    const sent = request.isMultipart() ? await multipartFields(request.body) : { fields: (request.body ?? {}) as Record<string, unknown> };
    const body = sent.fields;
    const state = stateFromBody(body);
    const published = body.published === 'true';
    const op = typeof body.op === 'string' ? body.op : 'save';
    const picture = /^(picture|unpicture|upload)-(\d+)$/.exec(op);
    const q = picture ? state.questions[Number(picture[2])] : undefined;
    if (picture && q) {
      const i = Number(picture[2]);
      if (picture[1] === 'picture') return render(request, reply, state, { published, picking: i });
      if (picture[1] === 'unpicture') {
        q.imageId = '';
        return render(request, reply, state, { published });
      }
      const file = 'file' in sent ? sent.file : undefined;
      if (!file) return render(request, reply, state, { published, picking: i, errors: { [`q${i}_imageFile`]: request.t('editor.err.imageMissing') } }, 400);
      try {
        q.imageId = await storeSurveyImage(db, file.bytes);
      } catch (err) {
        if (!(err instanceof AppError) || err.code !== 'invalid') throw err;
        return render(request, reply, state, { published, picking: i, errors: { [`q${i}_imageFile`]: request.t(err.message as MessageKey) } }, 400);
      }
      return render(request, reply, state, { published });
    }
    if (op === 'add') {
      const type = stateFromBody({ count: '1', q0_type: body.addType }).questions[0]!.type;
      state.questions.push({ ...blankQuestion(), type });
      return render(request, reply, state, { published });
    }
    const remove = /^remove-(\d+)$/.exec(op);
    if (remove) {
      state.questions.splice(Number(remove[1]), 1);
      return render(request, reply, state, { published });
    }
    const errors: EditorErrors = {};
    const existing = await listSurveys(db);
    if (!state.key && state.title.fi.trim()) {
      const taken = new Set(existing.map((s) => s.id));
      state.key = identifierFrom(state.title.fi, taken, 40).replace(/_/g, '-');
    }
    const same = existing.find((s) => s.id === state.key);
    if (state.key.startsWith('thl-') || reservedSurveyKeys.includes(state.key) || same?.builtin) errors.key = request.t('editor.err.key');
    else if (same && !published) errors.key = request.t('editor.err.exists');
    const input = inputFromState(state);
    // The name and identifier are checked before the questions: checked again with stand-ins,
    // every problem of the form is shown at once.
    for (const attempt of [input, { ...input, key: 'draft', title: { fi: '-' } }]) {
      for (const issue of surveyIssues(attempt)) {
        const field = fieldOf(issue);
        errors[field] ??= request.t(messageFor(field));
      }
    }
    if (Object.keys(errors).length) return render(request, reply, state, { published, errors }, 400);
    // The identifiers made now are kept: a reworded question or option stays the same in the results.
    const kept: EditorState = {
      ...state,
      questions: state.questions.map((q, i) => ({
        ...q,
        key: input.questions[i]!.key,
        optionValues: (input.questions[i]!.options ?? []).map((o) => o.value).join('\n'),
      })),
    };
    await saveDraft(db, user, kept);
    if (op === 'preview') return reply.redirect(`/admin/surveys/drafts/${kept.key}/preview?in=fi`, 303);
    if (op === 'publish') return reply.redirect(`/admin/surveys/drafts/${kept.key}/publish`, 303);
    return redirectWithNotice(reply, `/admin/surveys/${kept.key}/edit`, 'editor.saved');
  });

  const draftDefinition = async (id: string) => {
    const draft = await findDraft(db, id);
    if (!draft) throw new AppError('not_found', `No draft of "${id}"`);
    const { definition } = checkSurvey(inputFromState(draft.input));
    return { draft, definition };
  };

  app.get('/admin/surveys/drafts/:id/preview', async (request, reply) => {
    await requirePublisher(request);
    const { id } = idParam.parse(request.params);
    const { definition } = await draftDefinition(id);
    const languages = definitionLanguages(definition).filter((l) => l in respondentTexts);
    const q = request.query as { in?: string; page?: string };
    const lang = q.in && languages.includes(q.in) ? q.in : (languages[0] ?? 'fi');
    return sendPage(reply, <PreviewPage request={request} def={definition} lang={lang} languages={languages} page={Number(q.page) || 1} />);
  });

  const confirmPage = async (request: FastifyRequest, reply: FastifyReply, id: string, error?: string) => {
    const { definition } = await draftDefinition(id);
    const survey = await builtin(id);
    const current = survey ? await latestVersion(db, id) : undefined;
    const languages = definitionLanguages(definition);
    const lost = current ? definitionLanguages(current.definition).filter((l) => !languages.includes(l)) : [];
    return sendPage(
      reply,
      <PublishPage
        request={request}
        def={definition}
        languages={languages}
        use={await surveyUse(db, id)}
        currentVersion={current?.version}
        lost={lost}
        error={error}
      />,
      error ? 400 : 200,
    );
  };

  app.get('/admin/surveys/drafts/:id/publish', async (request, reply) => {
    await requirePublisher(request);
    return confirmPage(request, reply, idParam.parse(request.params).id);
  });

  app.post('/admin/surveys/drafts/:id/publish', async (request, reply) => {
    const user = await requirePublisher(request);
    const { id } = idParam.parse(request.params);
    const { draft } = await draftDefinition(id);
    const dropLanguages = [(request.body as Record<string, unknown> | undefined)?.dropLanguages ?? []].flat().filter((l): l is string => typeof l === 'string');
    try {
      await publishSurvey(db, user, { ...inputFromState(draft.input), dropLanguages });
    } catch (err) {
      const lost = err instanceof AppError ? (err.details as { lost?: string[] } | undefined)?.lost : undefined;
      if (!lost) throw err;
      return confirmPage(request, reply, id, request.t('surveys.err.languages', { languages: languageNames(request.t, lost) }));
    }
    await deleteDraft(db, id);
    return redirectWithNotice(reply, `/admin/surveys/${id}`, 'publish.done');
  });
}
