import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { audit } from '../access/audit.ts';
import { sendPage } from '../http/render.tsx';
import type { Config } from '../shared/config.ts';
import type { Db } from '../shared/db.ts';
import { confirmMember, joinPool, type JoinError, leavePool, memberByLeaveToken, validateJoin } from './pool.ts';
import { JoinPoolPage, PoolMessagePage } from './pool-views.tsx';

const joinBody = z.object({
  contact: z.string().max(300).default(''),
  ageGroup: z.string().max(20).default(''),
  municipality: z.string().max(200).default(''),
  services: z.union([z.string().max(40), z.array(z.string().max(40)).max(20)]).default([]),
  projects: z.string().optional(),
  projectName: z.string().max(500).default(''),
  consent: z.string().optional(),
  website: z.string().max(2000).optional(),
});
type JoinState = z.infer<typeof joinBody>;

const secretParam = z.object({ secret: z.string().regex(/^[A-Za-z0-9_-]{32}$/) });

/** The resident pool's public pages: join, confirm from the link sent, and leave with one link. */
export async function poolPublicRoutes(app: FastifyInstance, opts: { db: Db; config: Config }) {
  const { db } = opts;
  const noIndex = (reply: FastifyReply) => reply.header('referrer-policy', 'no-referrer').header('x-robots-tag', 'noindex');

  const joinPage = (request: FastifyRequest, reply: FastifyReply, state: Partial<JoinState>, errors: JoinError[] = []) =>
    sendPage(reply, <JoinPoolPage request={request} state={state} errors={errors} />, errors.length ? 400 : 200);

  const message = (request: FastifyRequest, reply: FastifyReply, title: string, text: string, form?: { action: string; button: string }, status = 200) =>
    sendPage(noIndex(reply), <PoolMessagePage request={request} title={title} text={text} form={form} />, status);

  app.get('/asukaspooli', (request, reply) => joinPage(request, reply, {}));

  app.post('/asukaspooli', { config: { csrf: 'public', rateLimit: { max: 10, timeWindow: '10 minutes' } } }, async (request, reply) => {
    const b = joinBody.parse(request.body ?? {});
    const input = {
      contact: b.contact,
      language: request.lang,
      consent: b.consent === 'yes',
      consentText: request.t('pool.consent'),
      ageGroup: b.ageGroup || undefined,
      municipality: b.municipality || undefined,
      services: ([] as string[]).concat(b.services),
      projectName: b.projects === 'yes' ? b.projectName : undefined,
    };
    const errors = validateJoin(input);
    if (b.projects === 'yes' && !b.projectName.trim()) errors.push('projectName');
    if (errors.length) return joinPage(request, reply, b, errors);
    // A bot fills the hidden field: it is told the same as a person and nothing is stored.
    if (!b.website) {
      await joinPool(db, input, opts.config.publicUrl);
      await audit(db, { label: 'public' }, { action: 'pool_joined', targetType: 'pool_member' });
    }
    return reply.redirect('/asukaspooli/kiitos', 303);
  });

  app.get('/asukaspooli/kiitos', (request, reply) => message(request, reply, request.t('pool.thanksTitle'), request.t('pool.thanks')));

  // Confirming and leaving are buttons, not bare links: a mail scanner that opens links changes nothing.
  app.get('/asukaspooli/vahvista/:secret', (request, reply) => {
    secretParam.parse(request.params);
    return message(request, reply, request.t('pool.confirmTitle'), request.t('pool.confirmText'), {
      action: request.url.split('?')[0]!,
      button: request.t('pool.confirm'),
    });
  });

  app.post('/asukaspooli/vahvista/:secret', { config: { csrf: 'public', rateLimit: { max: 20, timeWindow: '10 minutes' } } }, async (request, reply) => {
    const { secret } = secretParam.parse(request.params);
    const ok = await confirmMember(db, secret);
    return ok
      ? message(request, reply, request.t('pool.welcomeTitle'), request.t('pool.welcome'))
      : message(request, reply, request.t('pool.confirmTitle'), request.t('pool.linkUnknown'), undefined, 404);
  });

  app.get('/asukaspooli/poistu/:secret', async (request, reply) => {
    const { secret } = secretParam.parse(request.params);
    if (!(await memberByLeaveToken(db, secret))) return message(request, reply, request.t('pool.leaveTitle'), request.t('pool.leftAlready'), undefined, 404);
    return message(request, reply, request.t('pool.leaveTitle'), request.t('pool.leaveText'), {
      action: request.url.split('?')[0]!,
      button: request.t('pool.leave'),
    });
  });

  app.post('/asukaspooli/poistu/:secret', { config: { csrf: 'public', rateLimit: { max: 20, timeWindow: '10 minutes' } } }, async (request, reply) => {
    const { secret } = secretParam.parse(request.params);
    if (await leavePool(db, secret)) await audit(db, { label: 'public' }, { action: 'pool_left', targetType: 'pool_member' });
    return message(request, reply, request.t('pool.leaveTitle'), request.t('pool.left'));
  });
}
