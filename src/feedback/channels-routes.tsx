import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { sendPage } from '../http/render.tsx';
import type { Db } from '../shared/db.ts';
import { isLang, translator } from '../shared/i18n/index.ts';
import { feedbackChannels } from './channels.ts';
import { ChannelsPage } from './channels-views.tsx';
import { channelPaths } from './public-paths.ts';

export async function channelsRoutes(app: FastifyInstance, opts: { db: Db }) {
  const query = z.object({ node: z.string().max(200).optional().catch(undefined), lang: z.string().max(5).optional().catch(undefined) });
  for (const lang of ['fi', 'sv', 'en'] as const) {
    app.get(channelPaths[lang], async (request, reply) => {
      const q = query.parse(request.query);
      // ?lang switches to the same page at the other language's address
      if (isLang(q.lang) && q.lang !== lang) return reply.redirect(`${channelPaths[q.lang]}${q.node ? `?node=${encodeURIComponent(q.node)}` : ''}`, 303);
      request.lang = lang;
      request.t = translator(lang);
      return sendPage(reply, <ChannelsPage request={request} channels={await feedbackChannels(opts.db, q.node?.trim() || undefined)} />);
    });
  }
}
