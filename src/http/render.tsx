import type { FastifyReply } from 'fastify';
import type { VNode } from 'preact';
import { render } from 'preact-render-to-string';

/** Server-rendered HTML; preact escapes every value, so user text never becomes markup. */
export function sendPage(reply: FastifyReply, page: VNode, status = 200): FastifyReply {
  const t = (reply.request as { t?: (key: 'common.table') => string }).t;
  return reply
    .status(status)
    .header('content-type', 'text/html; charset=utf-8')
    .header('cache-control', 'no-store')
    .send(`<!doctype html>${scrollableTables(render(page), t ? t('common.table') : 'Taulukko')}`);
}

const headingOrTable = /<h[1-6]\b[^>]*>([\s\S]*?)<\/h[1-6]>|<table\b[\s\S]*?<\/table>/g;
const captionText = /<caption\b[^>]*>([\s\S]*?)<\/caption>/;
const plain = (html: string) =>
  html
    .replace(/<[^>]+>/g, '')
    .replace(/"/g, '&quot;')
    .replace(/\s+/g, ' ')
    .trim();

/**
 * Every table sits in a region of its own that scrolls sideways when the table is wider than a
 * phone, so the page itself never does (WCAG 1.4.10 lets a data table keep its two dimensions). The
 * region takes keyboard focus, so it can be scrolled without a mouse, and is named by the table's
 * caption or, failing that, the heading above it. Done once here, every page and every future table
 * gets it. (Kaiku's tables are never nested.)
 */
export function scrollableTables(html: string, fallbackName: string): string {
  let heading = '';
  return html.replace(headingOrTable, (match, headingHtml: string | undefined) => {
    if (headingHtml !== undefined) {
      heading = plain(headingHtml);
      return match;
    }
    const name = plain(captionText.exec(match)?.[1] ?? '') || heading || fallbackName;
    return `<div class="table-scroll" role="region" tabindex="0" aria-label="${name}">${match}</div>`;
  });
}
