import { correctHref } from '../analysis/correction-views.tsx';
import type { Tone } from '../analysis/tone.ts';
import type { FastifyRequest } from 'fastify';
import { clock } from '../shared/clock.ts';
import { CsrfField, ErrorList, Page } from '../http/layout.tsx';
import { isMessageKey, type MessageKey, type Translate } from '../shared/i18n/index.ts';
import type { UnitHit } from '../organisation/search-units.ts';
import { feedbackEffects, formalProcesses } from './handle-feedback.ts';
import type { FeedbackDetail, Inbox, InboxFilter } from './inbox.ts';
import { formatDate, formatNumber, formatTime, helsinkiToday } from '../shared/i18n/format.ts';

export type Section = 'reply' | 'comment' | 'move' | 'formal' | 'handle' | 'manager';

/** What the person typed into one of the page's forms, and what was wrong with it. */
export interface FormState {
  section: Section;
  errors: MessageKey[];
  values: Record<string, string | string[]>;
  moveChoices?: UnitHit[];
  status?: number;
}

/** Domain reasons (zod messages) to the words shown beside the form. */
export const issueKeys: Record<string, MessageKey> = {
  effects_required: 'handle.errEffects',
  description_required: 'handle.errDescription',
  comment_required: 'comment.errRequired',
  reply_required: 'reply.errRequired',
  sms_too_long: 'reply.errSmsLong',
  no_contact: 'reply.errNoContact',
  unknown_target: 'move.errTarget',
  target_required: 'move.errTarget',
  same_target: 'move.errSame',
  no_manager: 'toManager.errNone',
};

const statusKey = (s: string): MessageKey => (isMessageKey(`status.${s}`) ? (`status.${s}` as MessageKey) : 'common.none');

function eventText(t: Translate, e: FeedbackDetail['events'][number]): string {
  const base = isMessageKey(`event.${e.kind}`) ? t(`event.${e.kind}` as MessageKey) : e.kind;
  const d = e.details ?? {};
  if (e.kind === 'moved') return `${base}: ${String(d.from ?? '')} → ${String(d.to ?? '')}`;
  if (e.kind === 'formal_process' && isMessageKey(`formal.${String(d.process)}`)) return `${base}: ${t(`formal.${String(d.process)}` as MessageKey)}`;
  if (e.kind === 'manager_told' && Array.isArray(d.managers)) return `${base}: ${d.managers.join(', ')}`;
  if (e.kind === 'replied') return `${base} (${t(d.channel === 'sms' ? 'reply.smsShort' : 'reply.email')})`;
  return base;
}

/** Calendar days from one moment's Helsinki date to another's: a deadline tomorrow is one day away at any hour today. */
const calendarDays = (from: Date, to: Date) => (Date.parse(helsinkiToday(to)) - Date.parse(helsinkiToday(from))) / 86_400_000;

/** The days left to handle an open feedback, or how many days late it is. */
function deadlineTag(t: Translate, due: Date, now: Date) {
  const days = calendarDays(now, new Date(due));
  if (new Date(due) < now) return <strong class="tag overdue-tag">{days < 0 ? t('inbox.daysOver', { n: -days }) : t('inbox.overdue')}</strong>;
  return <span class={days < 2 ? 'tag soon-tag' : 'tag'}>{days === 0 ? t('inbox.dueToday') : t('inbox.daysLeft', { n: days })}</span>;
}

/** The inbox: what waits (overdue first, with the days left and a masked preview) or what was handled, searchable. */
export function InboxPage({ request, inbox, filter }: { request: FastifyRequest; inbox: Inbox; filter: InboxFilter }) {
  const { t, lang } = request;
  const day = (d: Date) => formatDate(d, lang);
  const now = clock.now();
  const handled = filter.show === 'handled';
  const filtered = !!filter.q || filter.overdueOnly || filter.wantsReplyOnly;
  const tab = (show: InboxFilter['show'], label: string) => (
    <a href={show === 'open' ? '/admin/feedback' : '/admin/feedback?show=handled'} aria-current={filter.show === show ? 'page' : undefined}>
      {label}
    </a>
  );
  return (
    <Page request={request} title={t('inbox.title')}>
      <p class="link-row">
        <a href="/admin/feedback/figures">{t('figures.title')}</a>
        <a href="/admin/feedback/led-to">{t('ledTo.title')}</a>
        <a href="/admin/feedback/pages">{t('pages.title')}</a>
      </p>
      <nav class="tabs" aria-label={t('inbox.tabs')}>
        {tab('open', `${t('inbox.openTab')} (${formatNumber(inbox.counts.open, lang)})`)}
        {tab('handled', `${t('inbox.handledTab')} (${formatNumber(inbox.counts.handled, lang)})`)}
      </nav>
      <form method="get" action="/admin/feedback" class="inbox-filter">
        {handled && <input type="hidden" name="show" value="handled" />}
        <label for="inbox-q">{t('inbox.search')}</label>
        <input id="inbox-q" name="q" type="search" value={filter.q ?? ''} maxlength={200} />
        {!handled && (
          <label class="check">
            <input type="checkbox" name="overdue" value="1" checked={filter.overdueOnly} /> {t('inbox.onlyOverdue', { n: inbox.counts.overdue })}
          </label>
        )}
        <label class="check">
          <input type="checkbox" name="reply" value="1" checked={filter.wantsReplyOnly} /> {t('inbox.onlyWantsReply')}
        </label>
        <button type="submit">{t('common.search')}</button>
        {filtered && <a href={handled ? '/admin/feedback?show=handled' : '/admin/feedback'}>{t('inbox.clear')}</a>}
      </form>
      {inbox.rows.length === 0 ? (
        <p>{filtered ? t('inbox.noMatch') : handled ? t('inbox.noneHandled') : t('inbox.none')}</p>
      ) : (
        <>
          <p class="hint" aria-live="polite">
            {t('inbox.shown', { n: formatNumber(inbox.rows.length, lang) })}
          </p>
          <ul class="inbox-list">
            {inbox.rows.map((r) => (
              <li class={r.overdue ? 'inbox-item overdue' : 'inbox-item'}>
                <h2>
                  <a href={`/admin/feedback/${r.id}`}>
                    {r.reference} · {r.target_name}
                  </a>
                </h2>
                <p class="preview">{r.preview}</p>
                <p class="meta">
                  {handled ? (
                    <span>
                      {t('handle.handledAt')} {r.handled_at ? day(r.handled_at) : ''}
                    </span>
                  ) : (
                    <>
                      {deadlineTag(t, r.due_at, now)} <span class="tag">{t(statusKey(r.status))}</span>
                    </>
                  )}{' '}
                  {r.wants_reply && <span class="tag">{t('inbox.wantsReply')}</span>} {r.accessibility && <span class="tag">{t('inbox.accessibility')}</span>}{' '}
                  <span>
                    {t('inbox.received')} {day(r.received_at)}
                  </span>
                </p>
              </li>
            ))}
          </ul>
        </>
      )}
    </Page>
  );
}

/** One feedback: its text and contact, its history, and the forms to reply, comment, move, hand over and close it, as typed when refused. */
export function FeedbackPage({
  request,
  notice,
  f,
  form,
  actions = [],
  mayOpenAction = false,
  analysis,
}: {
  request: FastifyRequest;
  notice: string | undefined;
  f: FeedbackDetail;
  form: FormState | undefined;
  /** The development actions this feedback is part of (the actions capability's). */
  actions?: { id: number; title: string; status: string }[];
  mayOpenAction?: boolean;
  /** The analysis capability's reading of the text, once analysed. */
  analysis?: { tone: Tone; topics: string[]; corrected: boolean } | undefined;
}) {
  const { t, lang } = request;
  const when = (d: Date) => formatTime(d, lang);
  const open = f.status === 'new' || f.status === 'in_progress';
  const overdue = new Date(f.due_at) < clock.now() && open;
  const errorsFor = (s: Section) =>
    form?.section === s && form.errors.length > 0 ? <ErrorList title={t('error.invalid')} items={form.errors.map((k) => t(k))} /> : null;
  const value = (s: Section, name: string) => (form?.section === s ? String(form.values[name] ?? '') : '');
  const canReplyBy = { email: !!f.contact_email, sms: !!f.contact_phone };
  const checkedEffects = form?.section === 'handle' ? [form.values.effects ?? []].flat() : [];
  return (
    <Page request={request} title={`${form?.errors.length ? `${t('error.invalid')} ` : ''}${f.reference}: ${f.target_name}`} notice={notice}>
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
          {isMessageKey(`fbChannel.${f.channel}`) ? t(`fbChannel.${f.channel}` as MessageKey) : f.channel}
          {f.on_behalf_mode && isMessageKey(`fb.onBehalf.${f.on_behalf_mode}`) ? ` (${t(`fb.onBehalf.${f.on_behalf_mode}` as MessageKey).toLowerCase()})` : ''}
          {f.accessibility && (
            <>
              {' '}
              <span class="tag">{t('inbox.accessibility')}</span>
            </>
          )}
        </dd>
        {analysis && (
          <>
            <dt>{t('detail.analysis')}</dt>
            <dd>
              <span class={`tone tone-text-${analysis.tone}`}>{t(`tone.${analysis.tone}`)}</span>
              {analysis.topics.length > 0 && ` · ${analysis.topics.join(', ')}`}
              {analysis.corrected && ` · ${t('analysis.correct.corrected')}`} ·{' '}
              <a href={correctHref({ source: 'feedback', sourceId: f.id, question: '' }, `/admin/feedback/${f.id}`)}>{t('analysis.correct.link')}</a>
            </dd>
          </>
        )}
        <dt>{t('detail.handlers')}</dt>
        <dd>
          {f.handlers.join(', ') || t('common.none')}
          {f.handlers.length > 0 && f.handlersAs !== 'handler' && ` (${t(`detail.handlersFallback.${f.handlersAs}`)})`}
        </dd>
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
      <details class="tips">
        <summary>{t('tips.title')}</summary>
        <ul>
          <li>{t('tips.read')}</li>
          <li>{t('tips.understand')}</li>
          <li>{t('tips.contact')}</li>
          <li>{t('tips.answer')}</li>
        </ul>
      </details>
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
              <p class="hint">{t('handle.effectsHint')}</p>
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
                <p class="hint" role="status">
                  {t('move.choose', { n: form.moveChoices.length, q: value('move', 'target') })}
                </p>
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

      <h2 id="manager">{t('toManager.title')}</h2>
      <form method="post" action={`/admin/feedback/${f.id}/tell-manager#manager`}>
        <CsrfField request={request} />
        {errorsFor('manager')}
        <p class="hint" id="m-hint">
          {t('toManager.hint')}
        </p>
        <label for="m-note">{t('toManager.note')}</label>
        <textarea id="m-note" name="note" rows={3} maxLength={2000} aria-describedby="m-hint">
          {value('manager', 'note')}
        </textarea>
        <p>
          <button type="submit" class="secondary">
            {t('toManager.submit')}
          </button>
        </p>
      </form>

      {(actions.length > 0 || mayOpenAction) && (
        <section aria-labelledby="actions-h">
          <h2 id="actions-h">{t('actions.fromFeedbackPage')}</h2>
          {actions.length > 0 && (
            <ul>
              {actions.map((a) => (
                <li>
                  <a href={`/admin/actions/${a.id}`}>{a.title}</a> <span class="tag">{t(`actions.status.${a.status}` as MessageKey)}</span>
                </li>
              ))}
            </ul>
          )}
          {mayOpenAction && (
            <p>
              <a href={`/admin/actions/new?feedback=${f.id}`}>{t('actions.openFromFeedback')}</a>
            </p>
          )}
        </section>
      )}

      <h2>{t('detail.history')}</h2>
      <ul>
        {f.events.map((e) => (
          <li>
            {when(e.at)} · {isMessageKey(`event.actor.${e.actor}`) ? t(`event.actor.${e.actor}` as MessageKey) : e.actor} · {eventText(t, e)}
          </li>
        ))}
      </ul>
    </Page>
  );
}
