import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { z } from 'zod';
import { requireUser } from '../http/context.ts';
import { Page } from '../http/layout.tsx';
import { sendPage } from '../http/render.tsx';
import { nodeName } from '../organisation/node.ts';
import { ancestry, findNodeByCode } from '../organisation/tree-queries.ts';
import { canReadFeedback } from '../access/permissions.ts';
import type { Config } from '../shared/config.ts';
import type { Db } from '../shared/db.ts';
import { AppError } from '../shared/errors.ts';
import { formatTime } from '../shared/i18n/format.ts';
import { isLang, type Lang, translator } from '../shared/i18n/index.ts';
import { nodeAndPeriod, PeriodForm } from './period-filter.tsx';
import { pageFeedbackSummary, pageRatings, recordPageFeedback } from './page-feedback.ts';

const widgetScript = fs.readFileSync(path.join(path.dirname(fileURLToPath(import.meta.url)), '../http/static/page-feedback.js'));

const frameQuery = z.object({
  node: z.string().max(200).default(''),
  page: z.string().max(4000).optional(),
  l: z.string().max(5).optional(),
});

/** The widget's own tiny page: no navigation, no cookies, made to sit in an iframe on the county's site. */
function WidgetPage({ lang, title, children }: { lang: Lang; title: string; children: preact.ComponentChildren }) {
  return (
    <html lang={lang}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{title}</title>
        <link rel="stylesheet" href="/static/kaiku.css" />
        <script src="/static/widget-frame.js" defer />
      </head>
      <body class="widget">
        <main>{children}</main>
      </body>
    </html>
  );
}

export async function pageFeedbackRoutes(app: FastifyInstance, opts: { db: Db; config: Config }) {
  const { db } = opts;
  const langOf = (l: string | undefined): Lang => (isLang(l) ? l : 'fi');

  const form = (reply: FastifyReply, lang: Lang, q: { node: string; page?: string | undefined }, error?: string, status = 200) => {
    const t = translator(lang);
    return sendPage(
      reply,
      <WidgetPage lang={lang} title={t('widget.question')}>
        <form method="post" action="/widget/page-feedback">
          <input type="hidden" name="node" value={q.node} />
          <input type="hidden" name="page" value={q.page ?? ''} />
          <input type="hidden" name="l" value={lang} />
          {error && (
            <p class="errors" role="alert">
              {error}
            </p>
          )}
          <fieldset>
            <legend>{t('widget.question')}</legend>
            <div class="ratings">
              {pageRatings.map((r) => (
                <label>
                  <input type="radio" name="rating" value={r} required /> {t(`widget.${r}`)}
                </label>
              ))}
            </div>
          </fieldset>
          <label for="w-comment">{t('widget.comment')}</label>
          <p class="hint" id="w-hint">
            {t('widget.hint')}
          </p>
          <textarea id="w-comment" name="comment" rows={2} maxLength={1000} aria-describedby="w-hint" />
          <div class="visually-hidden" aria-hidden="true">
            <label for="w-website">Website</label>
            <input id="w-website" name="website" tabIndex={-1} autocomplete="off" />
          </div>
          <p>
            <button type="submit">{t('widget.send')}</button>
          </p>
        </form>
      </WidgetPage>,
      status,
    );
  };

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
      return sendPage(
        reply,
        <WidgetPage lang={lang} title={t('widget.thanks')}>
          <p role="status">
            <strong>{t('widget.thanks')}</strong>
          </p>
        </WidgetPage>,
      );
    },
  );

  app.get('/admin/feedback/pages', async (request, reply) => {
    const user = requireUser(request);
    const { node, period } = await nodeAndPeriod(db, user, request.query);
    const { t, lang } = request;
    const maskComments = !canReadFeedback(
      user,
      (await ancestry(db, node.id)).map((n) => n.id),
    );
    const pages = await pageFeedbackSummary(db, node, period, { maskComments });
    const base = opts.config.publicUrl;
    const snippet = `<script src="${base}/widget/page-feedback.js" data-node="${node.code}" data-lang="${lang}" async></script>`;
    const iframe = `<iframe src="${base}/widget/page-feedback?node=${encodeURIComponent(node.code)}&l=${lang}&page=PAGE-ADDRESS" title="${t('pages.title')}" style="border:0;width:100%;height:12rem"></iframe>`;
    const share = (n: number, total: number) => `${Math.round((n / Math.max(1, total)) * 100)} %`;
    return sendPage(
      reply,
      <Page request={request} title={`${t('pages.title')}: ${nodeName(node, lang)}`}>
        <PeriodForm request={request} node={node} period={period} action="/admin/feedback/pages" />
        {pages.length === 0 ? (
          <p>{t('pages.none')}</p>
        ) : (
          <table>
            <thead>
              <tr>
                <th scope="col">{t('pages.page')}</th>
                <th scope="col">{t('widget.yes')}</th>
                <th scope="col">{t('widget.partly')}</th>
                <th scope="col">{t('widget.no')}</th>
                <th scope="col">{t('pages.helpful')}</th>
              </tr>
            </thead>
            <tbody>
              {pages.map((p) => (
                <tr>
                  <th scope="row">
                    {p.page || t('pages.unknownPage')}
                    <div class="muted">{p.node}</div>
                    {p.comments.length > 0 && (
                      <details>
                        <summary>{t('pages.comments', { count: p.comments.length })}</summary>
                        <ul>
                          {p.comments.map((c) => (
                            <li>
                              {formatTime(c.at, lang)} · {t(`widget.${c.rating as 'yes'}`)}: {c.comment}
                            </li>
                          ))}
                        </ul>
                      </details>
                    )}
                  </th>
                  <td class="num">{p.yes}</td>
                  <td class="num">{p.partly}</td>
                  <td class="num">{p.no}</td>
                  <td>
                    {share(p.yes, p.total)}
                    <span class="rating-bar" aria-hidden="true">
                      <span class="yes" style={`width:${share(p.yes, p.total).replace(' ', '')}`} />
                      <span class="partly" style={`width:${share(p.partly, p.total).replace(' ', '')}`} />
                      <span class="no" style={`width:${share(p.no, p.total).replace(' ', '')}`} />
                    </span>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        <h2>{t('pages.embed')}</h2>
        <p>{t('pages.embedScript')}</p>
        <pre class="key">{snippet}</pre>
        <p>{t('pages.embedIframe')}</p>
        <pre class="key">{iframe}</pre>
      </Page>,
    );
  });
}
