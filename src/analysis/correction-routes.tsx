import type { FastifyInstance } from 'fastify';
import { canRetrainToneModel } from '../access/permissions.ts';
import { safeNext } from '../access/routes.tsx';
import { redirectWithNotice, requireCountyAdmin, requireUser } from '../http/context.ts';
import { sendPage } from '../http/render.tsx';
import type { Db } from '../shared/db.ts';
import { AppError } from '../shared/errors.ts';
import { CorrectTextPage } from './correction-views.tsx';
import { correctableText, correctionInput, correctText, textRef } from './corrections.ts';
import { requestRetrain } from './retrain.ts';
import { activeTaxonomy } from './taxonomy.ts';

/** Only a place on this site: the list the person came from. */
const backPath = (v: unknown) => (typeof v === 'string' && v.length <= 1000 ? safeNext(v, '/') : '/');

const asList = (v: unknown) => (v === undefined ? [] : Array.isArray(v) ? v : [v]);

export async function correctionRoutes(app: FastifyInstance, opts: { db: Db }) {
  const { db } = opts;

  app.get('/analysis/correct', async (request, reply) => {
    const user = requireUser(request);
    const ref = textRef.parse(request.query);
    const back = backPath((request.query as { back?: unknown }).back);
    const text = await correctableText(db, user, ref);
    return sendPage(reply, <CorrectTextPage request={request} text={text} topics={await activeTaxonomy(db)} back={back} />);
  });

  app.post('/analysis/correct', async (request, reply) => {
    const user = requireUser(request);
    const body = request.body as Record<string, unknown>;
    const ref = textRef.parse(body);
    const back = backPath(body.back);
    const input = correctionInput.safeParse({ tone: body.tone, topics: asList(body.topics) });
    if (!input.success) {
      const text = await correctableText(db, user, ref);
      const typed = { tone: undefined, topics: asList(body.topics).map(String) };
      return sendPage(
        reply,
        <CorrectTextPage
          request={request}
          text={text}
          topics={await activeTaxonomy(db)}
          back={back}
          typed={typed}
          errors={[request.t('analysis.correct.chooseTone')]}
        />,
        400,
      );
    }
    await correctText(db, user, ref, input.data);
    return redirectWithNotice(reply, back, 'analysis.correct.saved');
  });

  app.post('/admin/analysis/retrain', async (request, reply) => {
    const user = requireCountyAdmin(request);
    if (!canRetrainToneModel(user)) throw new AppError('forbidden', 'County administrators only');
    await requestRetrain(db, user);
    return redirectWithNotice(reply, '/admin/analysis', 'analysis.model.requested');
  });
}
