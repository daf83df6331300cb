import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { sendPage } from '../http/render.tsx';
import { getNodeByCode, roots } from '../organisation/tree-queries.ts';
import type { Db } from '../shared/db.ts';
import { AppError } from '../shared/errors.ts';
import { isLang, translator, type Lang } from '../shared/i18n/index.ts';
import { cachedResults } from './public-results.ts';
import { PublicResultsPage } from './public-results-views.tsx';

export const publicPaths: Record<Lang, string> = { fi: '/tulokset', sv: '/resultat', en: '/results' };

const query = z.object({ node: z.string().max(200).optional(), lang: z.string().optional() });

/**
 * Results for residents: NPS and the statements over time, per county, division and any level
 * below (each month's figure hidden below the anonymity threshold), in plain language, fi/sv/en,
 * embeddable in the county's own pages.
 */
export async function publicResultsRoutes(app: FastifyInstance, opts: { db: Db }) {
  const { db } = opts;
  for (const lang of ['fi', 'sv', 'en'] as const) {
    app.get(publicPaths[lang], { config: { embeddable: true } }, async (request, reply) => {
      const q = query.parse(request.query);
      if (isLang(q.lang) && q.lang !== lang) return reply.redirect(`${publicPaths[q.lang]}${q.node ? `?node=${encodeURIComponent(q.node)}` : ''}`, 303);
      request.lang = lang;
      request.t = translator(lang);
      const node = q.node ? await getNodeByCode(db, q.node) : (await roots(db))[0];
      if (!node?.active) throw new AppError('not_found', 'No such part of the county');
      return sendPage(reply, <PublicResultsPage request={request} path={publicPaths[lang]} r={await cachedResults(db, node, lang)} />);
    });
  }
}
