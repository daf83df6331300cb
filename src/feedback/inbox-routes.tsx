import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { redirectWithNotice, requireUser, takeNotice } from '../http/context.ts';
import { CsrfField, ErrorList, Page } from '../http/layout.tsx';
import { sendPage } from '../http/render.tsx';
import type { Db } from '../shared/db.ts';
import { isMessageKey, type MessageKey } from '../shared/i18n/index.ts';
import { AppError } from '../shared/errors.ts';
import { feedbackEffects, markHandled } from './handle-feedback.ts';
import { inbox, readFeedback } from './inbox.ts';
import { formatDate, formatTime } from '../shared/i18n/format.ts';

export async function inboxRoutes(app: FastifyInstance, opts: { db: Db }) {
  const { db } = opts;

  const statusKey = (s: string): MessageKey => (isMessageKey(`status.${s}`) ? (`status.${s}` as MessageKey) : 'common.none');

  app.get('/admin/feedback', async (request, reply) => {
    const user = requireUser(request);
    const rows = await inbox(db, user);
    const { t, lang } = request;
    const day = (d: Date) => formatDate(d, lang);
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

  const detail = async (request: FastifyRequest, reply: FastifyReply, id: number, extra: { errors?: MessageKey[]; effects?: string[]; description?: string } = {}) => {
    const user = requireUser(request);
    const f = await readFeedback(db, user, id);
    const { t, lang } = request;
    const when = (d: Date) => formatTime(d, lang);
    const open = f.status === 'new' || f.status === 'in_progress';
    const overdue = new Date(f.due_at) < new Date() && open;
    const errors = extra.errors ?? [];
    return sendPage(
      reply,
      <Page request={request} title={`${errors.length ? `${t('error.invalid')} ` : ''}${f.reference}: ${f.target_name}`} notice={takeNotice(request, reply)}>
        <dl class="receipt">
          <dt>{t('inbox.status')}</dt>
          <dd>{t(statusKey(f.status))}</dd>
          <dt>{t('inbox.received')}</dt>
          <dd>{when(f.received_at)}</dd>
          <dt>{t('inbox.due')}</dt>
          <dd>
            {when(f.due_at)} {overdue && <strong class="tag overdue-tag">{t('inbox.overdue')}</strong>}
          </dd>
          {f.handled_at && (
            <>
              <dt>{t('handle.handledAt')}</dt>
              <dd>{when(f.handled_at)}</dd>
            </>
          )}
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
        {f.effects && (
          <>
            <h2>{t('handle.effects')}</h2>
            <ul>
              {f.effects.map((e) => (
                <li>{isMessageKey(`effect.${e}`) ? t(`effect.${e}` as MessageKey) : e}</li>
              ))}
            </ul>
            <p class="spam-text">{f.effect_description}</p>
          </>
        )}
        {open && (
          <>
            <h2 id="handle">{t('handle.title')}</h2>
            {errors.length > 0 && <ErrorList title={t('error.invalid')} items={errors.map((k) => t(k))} />}
            <form method="post" action={`/admin/feedback/${f.id}/handled`}>
              <CsrfField request={request} />
              <fieldset>
                <legend>{t('handle.effects')}</legend>
                {feedbackEffects.map((e) => (
                  <label class="check">
                    <input type="checkbox" name="effects" value={e} checked={extra.effects?.includes(e)} /> {t(`effect.${e}`)}
                  </label>
                ))}
              </fieldset>
              <label for="h-description">{t('handle.description')}</label>
              <textarea id="h-description" name="description" rows={4} maxLength={4000}>
                {extra.description ?? ''}
              </textarea>
              <p>
                <button type="submit">{t('handle.submit')}</button>
              </p>
            </form>
          </>
        )}
        <h2>{t('detail.history')}</h2>
        <ul>
          {f.events.map((e) => (
            <li>
              {when(e.at)} · {e.actor} · {e.kind}
            </li>
          ))}
        </ul>
      </Page>,
      errors.length ? 400 : 200,
    );
  };

  const idParam = z.object({ id: z.coerce.number().int().positive() });

  app.get('/admin/feedback/:id', async (request, reply) => detail(request, reply, idParam.parse(request.params).id));

  app.post('/admin/feedback/:id/handled', async (request, reply) => {
    const user = requireUser(request);
    const { id } = idParam.parse(request.params);
    const body = (request.body ?? {}) as { effects?: string | string[]; description?: string };
    const effects = body.effects === undefined ? [] : Array.isArray(body.effects) ? body.effects : [body.effects];
    try {
      await markHandled(db, user, id, { effects, description: body.description ?? '' });
    } catch (err) {
      if (!(err instanceof AppError) || err.code !== 'invalid') throw err;
      const issues = (err.details as { issues: string[] }).issues;
      const errors: MessageKey[] = [];
      if (issues.includes('effects_required') || issues.some((i) => i.startsWith('Invalid'))) errors.push('handle.errEffects');
      if (issues.includes('description_required')) errors.push('handle.errDescription');
      return detail(request, reply, id, { errors: errors.length ? errors : ['handle.errDescription'], effects, description: body.description ?? '' });
    }
    return redirectWithNotice(reply, `/admin/feedback/${id}`, 'handle.done');
  });
}
