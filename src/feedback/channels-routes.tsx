import type { FastifyInstance } from 'fastify';
import { routePerLanguage } from '../http/language-routes.ts';
import { sendPage } from '../http/render.tsx';
import type { Db } from '../shared/db.ts';
import { feedbackChannels } from './channels.ts';
import { ChannelsPage } from './channels-views.tsx';
import { channelPaths } from './public-paths.ts';

export async function channelsRoutes(app: FastifyInstance, opts: { db: Db }) {
  routePerLanguage(app, channelPaths, async (request, reply, node) =>
    sendPage(reply, <ChannelsPage request={request} channels={await feedbackChannels(opts.db, node)} />),
  );
}
