import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { isLang, type Lang, translator } from '../shared/i18n/index.ts';

const query = z.object({ node: z.string().max(200).optional().catch(undefined), lang: z.string().max(5).optional().catch(undefined) });

/**
 * A public page at its own address in each language (/palautekanavat, /responskanaler,
 * /feedback-channels), about the county or the unit in `?node=CODE`. `?lang=` moves to the same
 * page at the other language's address, so a link shared is in the language it was read in.
 */
export function routePerLanguage(
  app: FastifyInstance,
  paths: Record<Lang, string>,
  page: (request: FastifyRequest, reply: FastifyReply, node: string | undefined) => Promise<unknown>,
): void {
  for (const lang of ['fi', 'sv', 'en'] as const) {
    app.get(paths[lang], async (request, reply) => {
      const q = query.parse(request.query);
      if (isLang(q.lang) && q.lang !== lang) return reply.redirect(`${paths[q.lang]}${q.node ? `?node=${encodeURIComponent(q.node)}` : ''}`, 303);
      request.lang = lang;
      request.t = translator(lang);
      return page(request, reply, q.node?.trim() || undefined);
    });
  }
}
