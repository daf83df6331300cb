import { clock } from '../shared/clock.ts';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { redirectWithNotice, requireUser, takeNotice } from '../http/context.ts';
import { CsrfField, ErrorList, Page } from '../http/layout.tsx';
import { sendPage } from '../http/render.tsx';
import type { Config } from '../shared/config.ts';
import type { Db } from '../shared/db.ts';
import { isMessageKey, type MessageKey, type Translate } from '../shared/i18n/index.ts';
import { AppError } from '../shared/errors.ts';
import { findNodeByCode } from '../organisation/tree-queries.ts';
import { searchUnits, type UnitHit } from '../organisation/search-units.ts';
import { addComment, feedbackEffects, formalProcesses, markFormal, markHandled, markOpened, moveFeedback, replyToCustomer } from './handle-feedback.ts';
import { type FeedbackDetail, inbox, readFeedback } from './inbox.ts';
import { canUseFeedbackInbox } from '../access/permissions.ts';
import { formatDate, formatTime } from '../shared/i18n/format.ts';

type Section = 'reply' | 'comment' | 'move' | 'formal' | 'handle';

/** What the person typed into one of the page's forms, and what was wrong with it. */
interface FormState {
  section: Section;
  errors: MessageKey[];
  values: Record<string, string | string[]>;
  moveChoices?: UnitHit[];
  status?: number;
}

/** Domain reasons (zod messages) to the words shown beside the form. */
const issueKeys: Record<string, MessageKey> = {
  effects_required: 'handle.errEffects',
  description_required: 'handle.errDescription',
  comment_required: 'comment.errRequired',
  reply_required: 'reply.errRequired',
  sms_too_long: 'reply.errSmsLong',
  no_contact: 'reply.errNoContact',
  unknown_target: 'move.errTarget',
  target_required: 'move.errTarget',
  same_target: 'move.errSame',
};

const statusKey = (s: string): MessageKey => (isMessageKey(`status.${s}`) ? (`status.${s}` as MessageKey) : 'common.none');

function eventText(t: Translate, e: FeedbackDetail['events'][number]): string {
  const base = isMessageKey(`event.${e.kind}`) ? t(`event.${e.kind}` as MessageKey) : e.kind;
  const d = e.details ?? {};
  if (e.kind === 'moved') return `${base}: ${String(d.from ?? '')} → ${String(d.to ?? '')}`;
  if (e.kind === 'formal_process' && isMessageKey(`formal.${String(d.process)}`)) return `${base}: ${t(`formal.${String(d.process)}` as MessageKey)}`;
  if (e.kind === 'replied') return `${base} (${t(d.channel === 'sms' ? 'reply.smsShort' : 'reply.email')})`;
  return base;
}

export async function inboxRoutes(app: FastifyInstance, opts: { db: Db; config: Config }) {
  const { db, config } = opts;

  app.get('/admin/feedback', async (request, reply) => {
    const user = requireUser(request);
    if (!canUseFeedbackInbox(user)) throw new AppError('forbidden', 'Handlers, managers and administrators only');
    const rows = await inbox(db, user);
    const { t, lang } = request;
    const day = (d: Date) => formatDate(d, lang);
    return sendPage(
      reply,
      <Page request={request} title={t('inbox.title')}>
        <p class="link-row">
          <a href="/admin/feedback/figures">{t('figures.title')}</a> · <a href="/admin/feedback/led-to">{t('ledTo.title')}</a>
          <a href="/admin/feedback/pages">{t('pages.title')}</a>
        </p>
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
                <tr class={r.overdue ? 'overdue' : undefined}>
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

  const detail = async (request: FastifyRequest, reply: FastifyReply, id: number, form?: FormState) => {
    const user = requireUser(request);
    if (!form) await markOpened(db, user, id);
    const f = await readFeedback(db, user, id);
    const { t, lang } = request;
    const when = (d: Date) => formatTime(d, lang);
    const open = f.status === 'new' || f.status === 'in_progress';
    const overdue = new Date(f.due_at) < clock.now() && open;
    const errorsFor = (s: Section) =>
      form?.section === s && form.errors.length > 0 ? <ErrorList title={t('error.invalid')} items={form.errors.map((k) => t(k))} /> : null;
    const value = (s: Section, name: string) => (form?.section === s ? String(form.values[name] ?? '') : '');
    const canReplyBy = { email: !!f.contact_email, sms: !!f.contact_phone };
    const checkedEffects = form?.section === 'handle' ? [form.values.effects ?? []].flat() : [];
    return sendPage(
      reply,
      <Page
        request={request}
        title={`${form?.errors.length ? `${t('error.invalid')} ` : ''}${f.reference}: ${f.target_name}`}
        notice={takeNotice(request, reply)}
      >
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
          <dt>{t('inbox.target')}</dt>
          <dd>
            {f.target_name} ({f.target_code})
          </dd>
          <dt>{t('detail.channel')}</dt>
          <dd>
            {f.channel}
            {f.on_behalf_mode ? ` (${f.on_behalf_mode})` : ''}
          </dd>
          <dt>{t('detail.handlers')}</dt>
          <dd>{f.handlers.join(', ') || t('common.none')}</dd>
          {f.formal_process && (
            <>
              <dt>{t('formal.recorded')}</dt>
              <dd>{t(`formal.${f.formal_process}` as MessageKey)}</dd>
            </>
          )}
        </dl>
        {!open && errorsFor('handle')}
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
          <p>{f.contact_erased_at ? t('detail.contactErased') : t('detail.noContact')}</p>
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
        {f.messages.length > 0 && (
          <>
            <h2>{t('messages.title')}</h2>
            <ul class="messages">
              {f.messages.map((m) => (
                <li class={m.kind}>
                  <p class="meta">
                    {when(m.at)} · {m.author} ·{' '}
                    {t(m.kind === 'comment' ? 'messages.comment' : m.reply_channel === 'sms' ? 'messages.replySms' : 'messages.replyEmail')}
                  </p>
                  <p class="spam-text">{m.body}</p>
                </li>
              ))}
            </ul>
          </>
        )}

        <h2 id="reply">{t('reply.title')}</h2>
        {canReplyBy.email || canReplyBy.sms ? (
          <form method="post" action={`/admin/feedback/${f.id}/reply#reply`}>
            <CsrfField request={request} />
            {errorsFor('reply')}
            <fieldset>
              <legend>{t('reply.channel')}</legend>
              {canReplyBy.email && (
                <label class="check">
                  <input type="radio" name="channel" value="email" checked={value('reply', 'channel') !== 'sms'} /> {t('reply.email')}
                </label>
              )}
              {canReplyBy.sms && (
                <label class="check">
                  <input type="radio" name="channel" value="sms" checked={!canReplyBy.email || value('reply', 'channel') === 'sms'} /> {t('reply.sms')}
                </label>
              )}
            </fieldset>
            <label for="r-body">{t('reply.label')}</label>
            <p class="hint" id="r-hint">
              {t('reply.hint')}
            </p>
            <textarea id="r-body" name="body" rows={6} maxLength={4000} aria-describedby="r-hint">
              {value('reply', 'body')}
            </textarea>
            <p>
              <button type="submit">{t('reply.submit')}</button>
            </p>
          </form>
        ) : (
          <>
            {errorsFor('reply')}
            <p>{t('reply.noContact')}</p>
          </>
        )}

        {open && (
          <>
            <h2 id="handle">{t('handle.title')}</h2>
            <form method="post" action={`/admin/feedback/${f.id}/handled#handle`}>
              <CsrfField request={request} />
              {errorsFor('handle')}
              <fieldset>
                <legend>{t('handle.effects')}</legend>
                {feedbackEffects.map((e) => (
                  <label class="check">
                    <input type="checkbox" name="effects" value={e} checked={checkedEffects.includes(e)} /> {t(`effect.${e}`)}
                  </label>
                ))}
              </fieldset>
              <label for="h-description">{t('handle.description')}</label>
              <textarea id="h-description" name="description" rows={4} maxLength={4000}>
                {value('handle', 'description')}
              </textarea>
              <p>
                <button type="submit">{t('handle.submit')}</button>
              </p>
            </form>

            <h2 id="move">{t('move.title')}</h2>
            <form method="post" action={`/admin/feedback/${f.id}/move#move`}>
              <CsrfField request={request} />
              {errorsFor('move')}
              {form?.section === 'move' && form.moveChoices?.length ? (
                <fieldset>
                  <legend>{t('move.label')}</legend>
                  {form.moveChoices.map((h) => (
                    <label class="check">
                      <input type="radio" name="target" value={h.code} /> {h.name[lang] ?? h.name.fi}{' '}
                      <span class="hint">
                        (
                        {h.path
                          .slice(1)
                          .map((p) => p[lang] ?? p.fi)
                          .join(' › ')}
                        )
                      </span>
                    </label>
                  ))}
                </fieldset>
              ) : (
                <>
                  <label for="m-target">{t('move.label')}</label>
                  <p class="hint" id="m-hint">
                    {t('move.hint')}
                  </p>
                  <input id="m-target" name="target" autocomplete="off" value={value('move', 'target')} aria-describedby="m-hint" />
                </>
              )}
              <p>
                <button type="submit">{t('move.submit')}</button>
              </p>
            </form>
          </>
        )}

        {!f.formal_process && (
          <>
            <h2 id="formal">{t('formal.title')}</h2>
            <form method="post" action={`/admin/feedback/${f.id}/formal#formal`}>
              <CsrfField request={request} />
              <p class="hint">{t('formal.hint')}</p>
              <fieldset>
                <legend>{t('formal.process')}</legend>
                {formalProcesses.map((p, i) => (
                  <label class="check">
                    <input type="radio" name="process" value={p} checked={i === 0} /> {t(`formal.${p}`)}
                  </label>
                ))}
              </fieldset>
              <label for="fp-note">{t('formal.note')}</label>
              <input id="fp-note" name="note" maxLength={2000} />
              <p>
                <button type="submit">{t('formal.submit')}</button>
              </p>
            </form>
          </>
        )}

        <h2 id="comment">{t('comment.title')}</h2>
        <form method="post" action={`/admin/feedback/${f.id}/comment#comment`}>
          <CsrfField request={request} />
          {errorsFor('comment')}
          <label for="c-body">{t('comment.label')}</label>
          <textarea id="c-body" name="body" rows={3} maxLength={4000}>
            {value('comment', 'body')}
          </textarea>
          <p>
            <button type="submit">{t('comment.submit')}</button>
          </p>
        </form>

        <h2>{t('detail.history')}</h2>
        <ul>
          {f.events.map((e) => (
            <li>
              {when(e.at)} · {e.actor} · {eventText(t, e)}
            </li>
          ))}
        </ul>
      </Page>,
      form?.status ?? (form?.errors.length ? 400 : 200),
    );
  };

  const idParam = z.object({ id: z.coerce.number().int().positive() });
  type Body = Record<string, string | string[] | undefined>;
  const str = (v: string | string[] | undefined) => (Array.isArray(v) ? (v[0] ?? '') : (v ?? ''));

  /** Runs one handling action; on bad input shows the page again with the form as it was typed. */
  const action =
    (
      section: Section,
      done: MessageKey,
      // biome-ignore lint/suspicious/noConfusingVoidType: a refused action gives back the form, the others give nothing
      run: (user: ReturnType<typeof requireUser>, id: number, body: Body, request: FastifyRequest) => Promise<FormState | void>,
    ) =>
    async (request: FastifyRequest, reply: FastifyReply) => {
      const user = requireUser(request);
      const { id } = idParam.parse(request.params);
      const body = (request.body ?? {}) as Body;
      const values = Object.fromEntries(
        Object.entries(body)
          .filter(([k]) => k !== '_csrf')
          .map(([k, v]) => [k, v ?? '']),
      ) as Record<string, string | string[]>;
      try {
        const again = await run(user, id, body, request);
        if (again) return detail(request, reply, id, again);
      } catch (err) {
        if (err instanceof AppError && err.code === 'conflict' && section === 'handle')
          return detail(request, reply, id, { section, errors: ['handle.errClosed'], values, status: 409 });
        if (!(err instanceof AppError) || err.code !== 'invalid') throw err;
        const issues = (err.details as { issues: string[] }).issues;
        const errors = [...new Set(issues.map((i) => issueKeys[i] ?? (section === 'handle' ? 'handle.errEffects' : 'error.invalid')))] as MessageKey[];
        return detail(request, reply, id, { section, errors, values });
      }
      return redirectWithNotice(reply, `/admin/feedback/${id}`, done);
    };

  app.get('/admin/feedback/:id', async (request, reply) => detail(request, reply, idParam.parse(request.params).id));

  app.post(
    '/admin/feedback/:id/handled',
    action('handle', 'handle.done', async (user, id, body) => {
      await markHandled(db, user, id, { effects: [body.effects ?? []].flat(), description: str(body.description) });
    }),
  );

  app.post(
    '/admin/feedback/:id/comment',
    action('comment', 'comment.done', async (user, id, body) => {
      await addComment(db, user, id, { body: str(body.body) });
    }),
  );

  app.post(
    '/admin/feedback/:id/reply',
    action('reply', 'reply.done', async (user, id, body) => {
      await replyToCustomer(db, user, id, { channel: str(body.channel) || 'email', body: str(body.body) });
    }),
  );

  app.post(
    '/admin/feedback/:id/formal',
    action('formal', 'formal.done', async (user, id, body) => {
      await markFormal(db, user, id, { process: str(body.process), note: str(body.note) || undefined });
    }),
  );

  // The target is a code, or a name to search for: one match moves it there, several are offered.
  app.post(
    '/admin/feedback/:id/move',
    action('move', 'move.done', async (user, id, body) => {
      const typed = str(body.target).trim();
      let code = typed;
      if (typed && !(await findNodeByCode(db, typed))) {
        const hits = await searchUnits(db, { q: typed, limit: 10, kinds: ['unit', 'service', 'result_area', 'division', 'county'] });
        if (hits.length > 1) return { section: 'move', errors: [], values: { target: typed }, moveChoices: hits };
        code = hits[0]?.code ?? typed;
      }
      await moveFeedback(db, user, id, { target: code }, config.publicUrl);
    }),
  );
}
