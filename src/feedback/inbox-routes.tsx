import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { requireUser } from '../http/context.ts';
import { Page } from '../http/layout.tsx';
import { sendPage } from '../http/render.tsx';
import type { Db } from '../shared/db.ts';
import { isMessageKey, type MessageKey } from '../shared/i18n/index.ts';
import { inbox, readFeedback } from './inbox.ts';

export async function inboxRoutes(app: FastifyInstance, opts: { db: Db }) {
  const { db } = opts;

  const statusKey = (s: string): MessageKey => (isMessageKey(`status.${s}`) ? (`status.${s}` as MessageKey) : 'common.none');

  app.get('/admin/feedback', async (request, reply) => {
    const user = requireUser(request);
    const rows = await inbox(db, user);
    const { t, lang } = request;
    const day = (d: Date) => new Date(d).toLocaleDateString(lang === 'en' ? 'en-GB' : `${lang}-FI`, { timeZone: 'Europe/Helsinki' });
    return sendPage(
      reply,
      <Page request={request} title={t('inbox.title')}>
        {rows.length === 0 ? (
          <p>{t('inbox.none')}</p>
        ) : (
          <table>
            <thead>
              <tr>
                <th scope="col">{t('fb.reference')}</th>
                <th scope="col">{t('inbox.target')}</th>
                <th scope="col">{t('inbox.received')}</th>
                <th scope="col">{t('inbox.due')}</th>
                <th scope="col">{t('inbox.status')}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr class={r.overdue ? 'overdue' : ''}>
                  <td>
                    <a href={`/admin/feedback/${r.id}`}>{r.reference}</a>
                  </td>
                  <td>{r.target_name}</td>
                  <td>{day(r.received_at)}</td>
                  <td>
                    {day(r.due_at)} {r.overdue && <strong class="tag overdue-tag">{t('inbox.overdue')}</strong>}
                  </td>
                  <td>{t(statusKey(r.status))}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </Page>,
    );
  });

  app.get('/admin/feedback/:id', async (request, reply) => {
    const user = requireUser(request);
    const { id } = z.object({ id: z.coerce.number().int().positive() }).parse(request.params);
    const f = await readFeedback(db, user, id);
    const { t, lang } = request;
    const when = (d: Date) => new Date(d).toLocaleString(lang === 'en' ? 'en-GB' : `${lang}-FI`, { timeZone: 'Europe/Helsinki' });
    const overdue = new Date(f.due_at) < new Date() && (f.status === 'new' || f.status === 'in_progress');
    return sendPage(
      reply,
      <Page request={request} title={`${f.reference}: ${f.target_name}`}>
        <dl class="receipt">
          <dt>{t('inbox.status')}</dt>
          <dd>{t(statusKey(f.status))}</dd>
          <dt>{t('inbox.received')}</dt>
          <dd>{when(f.received_at)}</dd>
          <dt>{t('inbox.due')}</dt>
          <dd>
            {when(f.due_at)} {overdue && <strong class="tag overdue-tag">{t('inbox.overdue')}</strong>}
          </dd>
          <dt>{t('detail.channel')}</dt>
          <dd>{f.channel}{f.on_behalf_mode ? ` (${f.on_behalf_mode})` : ''}</dd>
          <dt>{t('detail.handlers')}</dt>
          <dd>{f.handlers.join(', ') || t('common.none')}</dd>
        </dl>
        <h2>{t('detail.text')}</h2>
        <p class="spam-text" lang={f.language}>
          {f.text}
        </p>
        <h2>{t('detail.contact')}</h2>
        {f.contact_name || f.contact_email || f.contact_phone ? (
          <ul>
            {f.contact_name && <li>{f.contact_name}</li>}
            {f.contact_email && <li>{f.contact_email}</li>}
            {f.contact_phone && <li>{f.contact_phone}</li>}
          </ul>
        ) : (
          <p>{t('detail.noContact')}</p>
        )}
        {f.wants_reply && <p>{t('detail.wantsReply')}</p>}
        <h2>{t('detail.history')}</h2>
        <ul>
          {f.events.map((e) => (
            <li>
              {when(e.at)} · {e.actor} · {e.kind}
            </li>
          ))}
        </ul>
      </Page>,
    );
  });
}
