import { backgroundVariables } from './background.ts';
import { hasAnyGrant } from '../access/permissions.ts';
import crypto from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { redirectWithNotice, requireUser, takeNotice } from '../http/context.ts';
import { sendPage } from '../http/render.tsx';
import { ancestry, getNodeByCode } from '../organisation/tree-queries.ts';
import type { Config } from '../shared/config.ts';
import type { Db } from '../shared/db.ts';
import { AppError } from '../shared/errors.ts';
import { CloseCollectionPointPage, CollectionPointsPage, PaperEntryPage } from './admin-views.tsx';
import {
  answersByPoint,
  answersToday,
  createCollectionPoint,
  findCollectionPoint,
  listCollectionPoints,
  setCollectionPointActive,
} from './collection-points.ts';
import { canEnterPaperAnswers, canManageCollectionPoints } from '../access/permissions.ts';
import { qrPng, qrSvg, slipPdf } from './qr-slip.ts';
import { storeResponse } from './store-response.ts';
import { latestVersion, listSurveys, surveyVersion } from './survey-queries.ts';
import { type AnswerError, validateAnswers } from './validate-answers.ts';
import type { Question } from './definition.ts';
import type { Translate } from '../shared/i18n/index.ts';
import { helsinkiToday } from '../shared/i18n/format.ts';

const codeParam = z.object({ code: z.string().regex(/^[a-z0-9]{4,16}$/) });

export async function surveyAdminRoutes(app: FastifyInstance, opts: { db: Db; config: Config }) {
  const { db, config } = opts;
  const publicUrl = config.publicUrl;

  const pointFor = async (code: string, check: (ids: number[]) => boolean) => {
    const cp = await findCollectionPoint(db, code);
    if (!cp) throw new AppError('not_found', 'No such collection point');
    if (!check((await ancestry(db, cp.node_id)).map((n) => n.id))) throw new AppError('forbidden', 'Not allowed');
    return cp;
  };

  const pageSize = 50;
  const listPage = async (request: FastifyRequest, nodeCode: string, extra: { notice?: string; error?: string; page?: number; created?: string } = {}) => {
    const user = requireUser(request);
    const node = nodeCode ? await getNodeByCode(db, nodeCode) : undefined;
    const all = await listCollectionPoints(db, user, node?.id);
    const pages = Math.max(1, Math.ceil(all.length / pageSize));
    const page = Math.min(Math.max(1, extra.page ?? 1), pages);
    const points = all.slice((page - 1) * pageSize, page * pageSize);
    const counts = await answersByPoint(
      db,
      points.map((p) => p.id),
    );
    const surveys = (await listSurveys(db)).map((s) => ({ id: s.id, name: s.name }));
    return (
      <CollectionPointsPage
        request={request}
        points={points.map((p) => ({ ...p, answers: counts.get(p.id) ?? 0 }))}
        paging={{ page, pages, total: all.length, first: (page - 1) * pageSize + 1 }}
        created={extra.created ? all.find((p) => p.code === extra.created) : undefined}
        surveys={surveys}
        publicUrl={publicUrl}
        node={nodeCode}
        notice={extra.notice}
        error={extra.error}
      />
    );
  };

  app.get('/admin/collection-points', async (request, reply) => {
    const { node, page, created } = z
      .object({
        node: z.string().max(200).default(''),
        page: z.coerce.number().int().positive().max(100_000).catch(1).default(1),
        created: z.string().max(16).optional().catch(undefined),
      })
      .parse(request.query);
    return sendPage(reply, await listPage(request, node.trim(), { notice: takeNotice(request, reply), page, created }));
  });

  app.post('/admin/collection-points', async (request, reply) => {
    const user = requireUser(request);
    if (!hasAnyGrant(user, ['admin', 'manager'])) throw new AppError('forbidden', 'Collection points are added by managers and administrators');
    const body = request.body as Record<string, string>;
    try {
      const cp = await createCollectionPoint(db, user, {
        survey: body.survey ?? '',
        node: (body.node ?? '').trim(),
        channel: body.channel as 'qr',
        name: body.name || undefined,
        npsWording: body.npsWording === 'similar_situation' ? 'similar_situation' : 'standard',
        // the touchpoint's stage of the customer journey travels with every answer given here
        background: body.journeyStage && backgroundVariables.journeyStage!.includes(body.journeyStage) ? { journeyStage: body.journeyStage } : {},
      });
      return redirectWithNotice(reply, `/admin/collection-points?node=${encodeURIComponent(cp.node_code)}&created=${cp.code}`, 'cp.created');
    } catch (err) {
      if (err instanceof AppError && err.code === 'forbidden') throw err;
      const message = err instanceof AppError && err.code === 'not_found' ? `${request.t('error.not_found')} (${body.node})` : request.t('error.invalid');
      return sendPage(reply, await listPage(request, body.node ?? '', { error: message }), 400);
    }
  });

  app.post('/admin/collection-points/:code/active', async (request, reply) => {
    const user = requireUser(request);
    if (!hasAnyGrant(user, ['admin', 'manager'])) throw new AppError('forbidden', 'Collection points are changed by managers and administrators');
    const { code } = codeParam.parse(request.params);
    const { active, confirmed } = z.object({ active: z.enum(['true', 'false']), confirmed: z.literal('yes').optional() }).parse(request.body);
    // Closing stops a printed QR code or a waiting-room tablet from taking answers: asked once more.
    if (active === 'false' && !confirmed) {
      const point = await pointFor(code, (ids) => canManageCollectionPoints(user, ids));
      return sendPage(reply, <CloseCollectionPointPage request={request} point={point} />);
    }
    await setCollectionPointActive(db, user, code, active === 'true');
    const cp = await findCollectionPoint(db, code);
    return redirectWithNotice(reply, `/admin/collection-points?node=${encodeURIComponent(cp?.node_code ?? '')}`, 'common.saved');
  });

  app.get('/admin/collection-points/:code/qr.svg', async (request, reply) => {
    const user = requireUser(request);
    const cp = await pointFor(codeParam.parse(request.params).code, (ids) => canManageCollectionPoints(user, ids) || canEnterPaperAnswers(user, ids));
    return reply
      .header('content-type', 'image/svg+xml')
      .header('content-disposition', `inline; filename="kaiku-${cp.code}.svg"`)
      .send(await qrSvg(`${publicUrl}/${cp.channel === 'kiosk' ? 'k' : 's'}/${cp.code}`));
  });

  app.get('/admin/collection-points/:code/qr.png', async (request, reply) => {
    const user = requireUser(request);
    const cp = await pointFor(codeParam.parse(request.params).code, (ids) => canManageCollectionPoints(user, ids) || canEnterPaperAnswers(user, ids));
    return reply
      .header('content-type', 'image/png')
      .header('content-disposition', `inline; filename="kaiku-${cp.code}.png"`)
      .send(await qrPng(`${publicUrl}/${cp.channel === 'kiosk' ? 'k' : 's'}/${cp.code}`));
  });

  app.get('/admin/collection-points/:code/slip.pdf', async (request, reply) => {
    const user = requireUser(request);
    const cp = await pointFor(codeParam.parse(request.params).code, (ids) => canManageCollectionPoints(user, ids) || canEnterPaperAnswers(user, ids));
    const pdf = await slipPdf({
      url: `${publicUrl}/s/${cp.code}`,
      unitName: { fi: cp.node_name_fi, sv: cp.node_name_sv, en: cp.node_name_en },
      languages: cp.node_name_sv ? ['fi', 'sv'] : ['fi'],
    });
    return reply.header('content-type', 'application/pdf').header('content-disposition', `inline; filename="kaiku-${cp.code}.pdf"`).send(pdf);
  });

  // Paper forms: every question on one page, typed with the keyboard, one form after another.
  const today = helsinkiToday;
  const enteredToday = (cpId: number) => answersToday(db, cpId);

  app.get('/admin/paper/:code', async (request, reply) => {
    const user = requireUser(request);
    const cp = await pointFor(codeParam.parse(request.params).code, (ids) => canEnterPaperAnswers(user, ids));
    const v = await latestVersion(db, cp.survey_id);
    const { date, saved } = z
      .object({
        date: z
          .string()
          .regex(/^\d{4}-\d{2}-\d{2}$/)
          .optional(),
        saved: z.string().optional(),
      })
      .parse(request.query);
    const notice = saved ? request.t('paper.saved', { count: await enteredToday(cp.id) }) : undefined;
    return sendPage(
      reply,
      <PaperEntryPage
        request={request}
        point={cp}
        questions={v.definition.questions}
        values={{}}
        date={date ?? today()}
        nonce={`${v.version}.${crypto.randomBytes(12).toString('base64url')}`}
        errors={[]}
        notice={notice}
      />,
    );
  });

  app.post('/admin/paper/:code', async (request, reply) => {
    const user = requireUser(request);
    const cp = await pointFor(codeParam.parse(request.params).code, (ids) => canEnterPaperAnswers(user, ids));
    const body = request.body as Record<string, string>;
    const m = /^(\d{1,6})\.[A-Za-z0-9_-]{12,40}$/.exec(body._nonce ?? '');
    if (!m) throw new AppError('invalid', 'csrf');
    const v = await latestVersion(db, cp.survey_id);
    const def =
      v.version === Number(m[1]) ? v.definition : ((await surveyVersion(db, cp.survey_id, Number(m[1])).catch(() => undefined))?.definition ?? v.definition);
    const values: Record<string, string> = {};
    const raw: Record<string, string> = {};
    for (const q of def.questions) {
      const value = (body[`q_${q.key}`] ?? '').trim();
      values[q.key] = value;
      raw[q.key] = q.type === 'yesno' ? (({ k: 'yes', j: 'yes', y: 'yes', e: 'no', n: 'no' } as Record<string, string>)[value.toLowerCase()] ?? value) : value;
    }
    const date = /^\d{4}-\d{2}-\d{2}$/.test(body._date ?? '') && !Number.isNaN(Date.parse(body._date!)) ? body._date! : '';
    const checked = validateAnswers(def, raw);
    const errors = checked.errors.map((e) => ({
      field: e.field,
      message: paperErrorText(
        request.t,
        e,
        def.questions.find((q) => q.key === e.field),
      ),
    }));
    if (!date || date > today()) errors.unshift({ field: '_date', message: request.t('paper.err.date') });
    if (errors.length) {
      return sendPage(
        reply,
        <PaperEntryPage request={request} point={cp} questions={def.questions} values={values} date={date || today()} nonce={body._nonce!} errors={errors} />,
        400,
      );
    }
    await storeResponse(db, {
      surveyId: cp.survey_id,
      surveyVersion: Number(m[1]),
      nodeId: cp.node_id,
      channel: 'paper',
      collectionPointId: cp.id,
      // Noon in Helsinki on the day written on the form: the day is what the paper tells.
      submittedAt: new Date(`${date}T12:00:00+02:00`),
      idempotencyKey: `paper:${body._nonce}`,
      background: { respondentType: def.respondentType, ...cp.background },
      answers: checked.answers,
    });
    return reply.redirect(`/admin/paper/${cp.code}?saved=1&date=${date}`, 303);
  });
}

/** An answer typed from a paper form that cannot be stored, said in the staff member's language. */
function paperErrorText(t: Translate, e: AnswerError, q: Question | undefined): string {
  switch (e.reason) {
    case 'required':
      return t('paper.err.required');
    case 'too_long':
      return t('paper.err.tooLong', { max: e.max ?? 0 });
    case 'unknown_option':
      return t('paper.err.option');
    default:
      if (q?.type === 'yesno') return t('paper.err.yesNo');
      if (q?.type === 'nps' || q?.type === 'likert') return t('paper.err.range', q.type === 'nps' ? { min: 0, max: 10 } : { min: 1, max: 5 });
      return t('paper.err.option');
  }
}
