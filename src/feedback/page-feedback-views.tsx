import type { FastifyRequest } from 'fastify';
import { Page } from '../http/layout.tsx';
import { nodeName, type OrgNode } from '../organisation/node.ts';
import { formatTime } from '../shared/i18n/format.ts';
import { type Lang, translator } from '../shared/i18n/index.ts';
import type { Period } from './figures.ts';
import { type pageFeedbackSummary, pageRatings } from './page-feedback.ts';
import { PeriodForm } from './period-filter.tsx';
import { formPaths } from './public-paths.ts';

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

/** "Did you find what you were looking for?" with an optional comment; a hidden field catches robots. */
export function WidgetForm({ lang, q, error }: { lang: Lang; q: { node: string; page?: string | undefined }; error?: string | undefined }) {
  const t = translator(lang);
  return (
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
      <FullFormLink lang={lang} node={q.node} />
    </WidgetPage>
  );
}

/** The widget asks one thing; whoever wants an answer or to say more goes on to the full form, about the same unit. */
function FullFormLink({ lang, node }: { lang: Lang; node: string | undefined }) {
  const t = translator(lang);
  return (
    <p class="widget-more">
      <a href={`${formPaths[lang]}${node ? `?kohde=${encodeURIComponent(node)}` : ''}`} target="_blank" rel="noopener">
        {t('widget.fullForm')}
      </a>
    </p>
  );
}

export function WidgetThanks({ lang, node }: { lang: Lang; node?: string | undefined }) {
  const t = translator(lang);
  return (
    <WidgetPage lang={lang} title={t('widget.thanks')}>
      <p role="status">
        <strong>{t('widget.thanks')}</strong>
      </p>
      <FullFormLink lang={lang} node={node} />
    </WidgetPage>
  );
}

/** How helpful each page of the county's site was, with the snippets to embed the widget. */
export function PageFeedbackPage({
  request,
  node,
  period,
  pages,
  publicUrl,
}: {
  request: FastifyRequest;
  node: OrgNode;
  period: Period;
  pages: Awaited<ReturnType<typeof pageFeedbackSummary>>;
  publicUrl: string;
}) {
  const { t, lang } = request;
  const base = publicUrl;
  const snippet = `<script src="${base}/widget/page-feedback.js" data-node="${node.code}" data-lang="${lang}" async></script>`;
  const iframe = `<iframe src="${base}/widget/page-feedback?node=${encodeURIComponent(node.code)}&l=${lang}&page=PAGE-ADDRESS" title="${t('pages.title')}" style="border:0;width:100%;height:12rem"></iframe>`;
  const share = (n: number, total: number) => `${Math.round((n / Math.max(1, total)) * 100)} %`;
  return (
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
    </Page>
  );
}
