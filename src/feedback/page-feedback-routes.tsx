import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { z } from 'zod';
import { requireUser } from '../http/context.ts';
import { sendPage } from '../http/render.tsx';
import { ancestry, findNodeByCode } from '../organisation/tree-queries.ts';
import { canReadFeedback } from '../access/permissions.ts';
import type { Config } from '../shared/config.ts';
import type { Db } from '../shared/db.ts';
import { AppError } from '../shared/errors.ts';
import { isLang, type Lang, translator } from '../shared/i18n/index.ts';
import { nodeAndPeriod } from './period-filter.tsx';
import { pageFeedbackSummary, recordPageFeedback } from './page-feedback.ts';
import { PageFeedbackPage, WidgetForm, WidgetThanks } from './page-feedback-views.tsx';

const widgetScript = fs.readFileSync(path.join(path.dirname(fileURLToPath(import.meta.url)), '../http/static/page-feedback.js'));

const frameQuery = z.object({
  node: z.string().max(200).default(''),
  page: z.string().max(4000).optional(),
  l: z.string().max(5).optional(),
});

export async function pageFeedbackRoutes(app: FastifyInstance, opts: { db: Db; config: Config }) {
  const { db } = opts;
  const langOf = (l: string | undefined): Lang => (isLang(l) ? l : 'fi');

  const form = (reply: FastifyReply, lang: Lang, q: { node: string; page?: string | undefined }, error?: string, status = 200) =>
    sendPage(reply, <WidgetForm lang={lang} q={q} error={error} />, status);

  app.get('/widget/page-feedback.js', async (_request, reply) =>
    reply.header('content-type', 'text/javascript; charset=utf-8').header('cache-control', 'public, max-age=3600').send(widgetScript),
  );

  app.get('/widget/page-feedback', { config: { embeddable: true } }, async (request, reply) => {
    const q = frameQuery.parse(request.query);
    const lang = langOf(q.l);
    const node = q.node ? await findNodeByCode(db, q.node) : undefined;
    if (!node?.active) return form(reply, lang, q, translator(lang)('widget.errNode'), 404);
    return form(reply, lang, q);
  });

  app.post(
    '/widget/page-feedback',
    { config: { embeddable: true, csrf: 'public', rateLimit: { max: 30, timeWindow: '10 minutes' } }, bodyLimit: 16 * 1024 },
    async (request, reply) => {
      const body = (request.body ?? {}) as Record<string, string | undefined>;
      const lang = langOf(body.l);
      const t = translator(lang);
      // A form-filling robot fills the hidden field; it is thanked and nothing is stored.
      if (!body.website) {
        try {
          await recordPageFeedback(
            db,
            { node: body.node, page: body.page, rating: body.rating, comment: body.comment, language: lang },
            request.headers.referer,
          );
        } catch (err) {
          if (!(err instanceof AppError) || err.code !== 'invalid') throw err;
          const issues = (err.details as { issues: string[] }).issues;
          const message = issues.includes('unknown_node') ? t('widget.errNode') : issues.includes('too_long') ? t('widget.errLong') : t('widget.errRating');
          return form(reply, lang, { node: body.node ?? '', page: body.page }, message, 400);
        }
      }
      return sendPage(reply, <WidgetThanks lang={lang} node={body.node} />);
    },
  );

  app.get('/admin/feedback/pages', async (request, reply) => {
    const user = requireUser(request);
    const { node, period } = await nodeAndPeriod(db, user, request.query);
    const maskComments = !canReadFeedback(
      user,
      (await ancestry(db, node.id)).map((n) => n.id),
    );
    const pages = await pageFeedbackSummary(db, node, period, { maskComments });
    return sendPage(reply, <PageFeedbackPage request={request} node={node} period={period} pages={pages} publicUrl={opts.config.publicUrl} />);
  });
}
