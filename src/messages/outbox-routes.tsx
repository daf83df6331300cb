import type { FastifyInstance } from 'fastify';
import { requireCountyAdmin } from '../http/context.ts';
import { sendPage } from '../http/render.tsx';
import type { Config } from '../shared/config.ts';
import type { Db } from '../shared/db.ts';
import { recentOutbox } from './email-outbox.ts';
import { recentSms } from './sms-outbox.ts';
import { OutboxPage } from './outbox-views.tsx';

/** The county's administrators see what Kaiku sent or tried to send; without SMTP, this is the development outbox. */
export async function outboxRoutes(app: FastifyInstance, opts: { db: Db; config: Config }) {
  app.get('/admin/outbox', async (request, reply) => {
    requireCountyAdmin(request);
    const rows = await recentOutbox(opts.db);
    const sms = await recentSms(opts.db);
    return sendPage(reply, <OutboxPage request={request} rows={rows} sms={sms} smtp={!!opts.config.smtpUrl} />);
  });
}
