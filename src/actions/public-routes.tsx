import type { FastifyInstance } from 'fastify';
import { routePerLanguage } from '../http/language-routes.ts';
import { sendPage } from '../http/render.tsx';
import type { Db } from '../shared/db.ts';
import { changedPaths } from './public-paths.ts';
import { WhatChangedPage } from './public-views.tsx';
import { whatChanged } from './what-changed.ts';

export async function changedRoutes(app: FastifyInstance, opts: { db: Db }) {
  routePerLanguage(app, changedPaths, async (request, reply, node) =>
    sendPage(reply, <WhatChangedPage request={request} changed={await whatChanged(opts.db, node, request.lang)} />),
  );
}
