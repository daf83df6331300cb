import type { FastifyRequest } from 'fastify';
import type { VNode } from 'preact';
import { CsrfField, ErrorSummary, Page } from '../http/layout.tsx';
import { nodeName, type OrgNode } from '../organisation/node.ts';
import { formatDate, formatTime } from '../shared/i18n/format.ts';
import type { MessageKey, Translate } from '../shared/i18n/index.ts';
import { actionOutcomes, actionStatuses } from './action-input.ts';
import type { ReadableAction } from './action-node.ts';
import type { ActionRow, Person } from './action-queries.ts';

export const statusKey = (s: string) => `actions.status.${s}` as MessageKey;
export const outcomeKey = (o: string) => `actions.outcome.${o}` as MessageKey;

/** The fields of the action form, in order, with the label each error names. */
const fields = {
  node: 'actions.field.node',
  title: 'actions.field.title',
  finding: 'actions.field.finding',
  plan: 'actions.field.plan',
  owner: 'actions.field.owner',
  dueOn: 'actions.field.dueOn',
  followUpOn: 'actions.field.followUpOn',
  publicSummary: 'actions.field.publicSummary',
  feedback: 'actions.field.feedback',
  reference: 'actions.field.reference',
  status: 'actions.status',
  outcome: 'actions.followUp.title',
  note: 'actions.progress.note',
} as const satisfies Record<string, MessageKey>;

/** "field:problem" issues as sentences that name the field, each linked to it. */
export function issueMessages(t: Translate, issues: string[]): { field: string; text: string }[] {
  return issues.map((i) => {
    const [field = 'form', problem = 'invalid'] = i.split(':');
    const label = field in fields ? t(fields[field as keyof typeof fields]) : '';
    const key = `actions.err.${problem}` as MessageKey;
    return {
      field,
      text: t(['required', 'too_long', 'date', 'follow_up_before_due', 'not_here', 'unknown', 'not_finished'].includes(problem) ? key : 'actions.err.invalid', {
        field: label,
      }),
    };
  });
}

function ActionCard({ t, lang, a }: { t: Translate; lang: 'fi' | 'sv' | 'en'; a: ActionRow }) {
  return (
    <li class={a.late ? 'inbox-item overdue' : 'inbox-item'}>
      <h2>
        <a href={`/admin/actions/${a.id}`}>{a.title}</a>
      </h2>
      <p class="meta">
        <span>{a.node_name}</span>
        <span class="tag">{t(statusKey(a.status))}</span>
        {a.outcome && <span class="tag">{t(outcomeKey(a.outcome))}</span>}
        {a.late && <span class="tag overdue-tag">{t('actions.late')}</span>}
        {a.follow_up_due && <span class="tag soon-tag">{t('actions.followUpDue')}</span>}
        <span>
          {a.status === 'done' || a.status === 'did_not_help'
            ? t('actions.followUpOn', { date: formatDate(a.follow_up_on, lang) })
            : t('actions.due', { date: formatDate(a.due_on, lang) })}
        </span>
        <span>
          {t('actions.owner')}: {a.owner_name ?? t('actions.noOwner')}
        </span>
        {a.feedback_count > 0 && <span>{t('actions.feedbackCount', { n: a.feedback_count })}</span>}
      </p>
    </li>
  );
}

/** A node's development actions, open or done, with the way to open a new one. */
export function ActionsPage({
  request,
  node,
  rows,
  counts,
  show,
  canOpen,
  notice,
}: {
  request: FastifyRequest;
  node: OrgNode;
  rows: ActionRow[];
  counts: { open: number; finished: number };
  show: 'open' | 'finished';
  canOpen: boolean;
  notice?: string | undefined;
}) {
  const { t, lang } = request;
  const href = (s: 'open' | 'finished') => `/admin/actions?node=${encodeURIComponent(node.code)}${s === 'finished' ? '&show=finished' : ''}`;
  return (
    <Page request={request} title={t('actions.forNode', { node: nodeName(node, lang) })} notice={notice}>
      <p>{t('actions.intro')}</p>
      {canOpen && (
        <p>
          <a class="button" href={`/admin/actions/new?node=${encodeURIComponent(node.code)}`}>
            {t('actions.new')}
          </a>
        </p>
      )}
      <nav class="tabs" aria-label={t('actions.title')}>
        <a href={href('open')} aria-current={show === 'open' ? 'page' : undefined}>
          {t('actions.tabOpen', { n: counts.open })}
        </a>
        <a href={href('finished')} aria-current={show === 'finished' ? 'page' : undefined}>
          {t('actions.tabFinished', { n: counts.finished })}
        </a>
      </nav>
      {rows.length === 0 ? (
        <p>{show === 'open' ? t('actions.noneOpen') : t('actions.noneFinished')}</p>
      ) : (
        <ul class="inbox-list">
          {rows.map((a) => (
            <ActionCard t={t} lang={lang} a={a} />
          ))}
        </ul>
      )}
    </Page>
  );
}

export interface ActionForm {
  /** The levels the action may be placed at: the starting node and those above it the person leads. */
  levels: OrgNode[];
  owners: Person[];
  values: Record<string, string | string[]>;
  /** The linked feedback, by reference. */
  feedback: { id: number; reference: string }[];
  /** What the result the action came from is called. */
  resultLabel?: string | undefined;
  issues: string[];
  /** Editing this action; otherwise a new one. */
  editing?: { id: number; title: string } | undefined;
}

const val = (v: string | string[] | undefined) => (Array.isArray(v) ? (v[0] ?? '') : (v ?? ''));

/** Opening or editing an action: every problem named at its field, nothing typed lost. */
export function ActionFormPage({ request, form }: { request: FastifyRequest; form: ActionForm }) {
  const { t, lang } = request;
  const messages = issueMessages(t, form.issues);
  const errorOf = (f: string) => messages.filter((m) => m.field === f).map((m) => m.text);
  const v = (f: string) => val(form.values[f]);
  /** A labelled control with its hint and its error, tied together for screen readers. */
  const field = (f: string, label: MessageKey, control: (a: Record<string, string | undefined>) => VNode, hint?: MessageKey) => (
    <>
      <label for={`f-${f}`}>{t(label)}</label>
      {hint && (
        <p class="hint" id={`f-${f}-hint`}>
          {t(hint)}
        </p>
      )}
      {control({
        id: `f-${f}`,
        name: f,
        'aria-describedby': [hint ? `f-${f}-hint` : '', errorOf(f).length ? `f-${f}-error` : ''].filter(Boolean).join(' ') || undefined,
        'aria-invalid': errorOf(f).length ? 'true' : undefined,
      })}
      {errorOf(f).length > 0 && (
        <p class="field-error" id={`f-${f}-error`}>
          {errorOf(f).join(' ')}
        </p>
      )}
    </>
  );
  const start = form.levels.at(-1);
  const title = form.editing ? t('actions.editTitle', { title: form.editing.title }) : t('actions.newFor', { node: start ? nodeName(start, lang) : '' });
  return (
    <Page request={request} title={title}>
      <ErrorSummary title={t('actions.errTitle')} items={messages.map((m) => ({ href: `#f-${m.field}`, text: m.text }))} />
      <form method="post" action={form.editing ? `/admin/actions/${form.editing.id}/edit` : '/admin/actions'}>
        <CsrfField request={request} />
        {field('node', 'actions.field.node', (a) => (
          <select {...a}>
            {form.levels
              .slice()
              .reverse()
              .map((n) => (
                <option value={n.code} selected={v('node') === n.code}>
                  {nodeName(n, lang)}
                </option>
              ))}
          </select>
        ))}
        {form.feedback.length > 0 && (
          <div id="f-feedback">
            <p>{t('actions.field.feedback')}</p>
            <ul>
              {form.feedback.map((f) => (
                <li>
                  <input type="hidden" name="feedback" value={String(f.id)} />
                  <a href={`/admin/feedback/${f.id}`}>{f.reference}</a>
                </li>
              ))}
            </ul>
          </div>
        )}
        {form.resultLabel && (
          <p>
            {t('actions.field.result')}: {form.resultLabel}
            <input type="hidden" name="resultSurvey" value={v('resultSurvey')} />
            <input type="hidden" name="resultSubject" value={v('resultSubject')} />
          </p>
        )}
        {field('title', 'actions.field.title', (a) => (
          <input {...a} maxlength={200} value={v('title')} />
        ))}
        {field(
          'finding',
          'actions.field.finding',
          (a) => (
            <textarea {...a} rows={4} maxlength={4000}>
              {v('finding')}
            </textarea>
          ),
          'actions.field.findingHint',
        )}
        {field('plan', 'actions.field.plan', (a) => (
          <textarea {...a} rows={4} maxlength={4000}>
            {v('plan')}
          </textarea>
        ))}
        {field('owner', 'actions.field.owner', (a) => (
          <select {...a}>
            {form.owners.map((o) => (
              <option value={String(o.id)} selected={v('owner') === String(o.id)}>
                {o.display_name}
              </option>
            ))}
          </select>
        ))}
        {field('dueOn', 'actions.field.dueOn', (a) => (
          <input {...a} type="date" value={v('dueOn')} />
        ))}
        {field(
          'followUpOn',
          'actions.field.followUpOn',
          (a) => (
            <input {...a} type="date" value={v('followUpOn')} />
          ),
          'actions.field.followUpOnHint',
        )}
        {field(
          'publicSummary',
          'actions.field.publicSummary',
          (a) => (
            <textarea {...a} rows={3} maxlength={1000}>
              {v('publicSummary')}
            </textarea>
          ),
          'actions.field.publicSummaryHint',
        )}
        <p>
          <button type="submit">{form.editing ? t('actions.saveEdit') : t('actions.save')}</button>
        </p>
      </form>
    </Page>
  );
}

/** One action: what and why, who and when, its progress and follow-up, the feedback it came from, its history. */
export function ActionPage({
  request,
  read,
  mayWork,
  resultLabel,
  notice,
  issues = [],
  typed = {},
}: {
  request: FastifyRequest;
  read: ReadableAction;
  mayWork: boolean;
  resultLabel?: string | undefined;
  notice?: string | undefined;
  issues?: string[];
  typed?: Record<string, string>;
}) {
  const { t, lang } = request;
  const a = read.action;
  const node = read.path.at(-1)!;
  const finished = a.status === 'done' || a.status === 'did_not_help';
  const messages = issueMessages(t, issues);
  const eventText = (e: (typeof a.events)[number]) => {
    const d = e.detail as Record<string, string>;
    if (e.kind === 'status') return t('actions.event.status', { status: t(statusKey(d.status ?? '')) }) + (d.note ? `: ${d.note}` : '');
    if (e.kind === 'followed_up') return t('actions.event.followed_up', { outcome: t(outcomeKey(d.outcome ?? '')) });
    if (e.kind === 'feedback_linked') return t('actions.event.feedback_linked', { reference: d.reference ?? '' });
    const key = `actions.event.${e.kind}` as MessageKey;
    return t(key);
  };
  return (
    <Page request={request} title={a.title} notice={notice}>
      <ErrorSummary title={t('actions.errTitle')} items={messages.map((m) => ({ href: `#f-${m.field}`, text: m.text }))} />
      <p class="meta">
        <span class="tag">{t(statusKey(a.status))}</span> {a.outcome && <span class="tag">{t(outcomeKey(a.outcome))}</span>} {nodeName(node, lang)}
      </p>
      <dl>
        <dt>{t('actions.owner')}</dt>
        <dd>{a.owner_name ?? t('actions.noOwner')}</dd>
        <dt>{t('actions.field.dueOn')}</dt>
        <dd>{formatDate(a.due_on, lang)}</dd>
        <dt>{t('actions.field.followUpOn')}</dt>
        <dd>{formatDate(a.follow_up_on, lang)}</dd>
        {resultLabel && (
          <>
            <dt>{t('actions.field.result')}</dt>
            <dd>{resultLabel}</dd>
          </>
        )}
      </dl>
      <h2>{t('actions.whatFound')}</h2>
      <p class="pre">{a.finding}</p>
      <h2>{t('actions.whatDone')}</h2>
      <p class="pre">{a.plan}</p>
      <h2>{t('actions.publicSummary')}</h2>
      <p class={a.public_summary ? 'pre' : 'hint'}>{a.public_summary ?? t('actions.notPublic')}</p>
      {read.leads && (
        <p>
          <a href={`/admin/actions/${a.id}/edit`}>{t('actions.edit')}</a>
        </p>
      )}
      {mayWork && (
        <section aria-labelledby="progress-h">
          <h2 id="progress-h">{t('actions.progress.title')}</h2>
          <form method="post" action={`/admin/actions/${a.id}/status`}>
            <CsrfField request={request} />
            <fieldset id="f-status">
              <legend>{t('actions.status')}</legend>
              {actionStatuses.map((s) => (
                <label class="check">
                  <input type="radio" name="status" value={s} checked={(typed.status ?? a.status) === s} /> {t(statusKey(s))}
                </label>
              ))}
            </fieldset>
            <label for="f-note">{t('actions.progress.note')}</label>
            <textarea id="f-note" name="note" rows={2} maxlength={2000}>
              {typed.note ?? ''}
            </textarea>
            <p>
              <button type="submit">{t('actions.progress.save')}</button>
            </p>
          </form>
        </section>
      )}
      <section aria-labelledby="follow-h">
        <h2 id="follow-h">{t('actions.followUp.title')}</h2>
        {a.outcome ? (
          <p>
            <strong>{t(outcomeKey(a.outcome))}</strong>
            {a.followed_up_at ? ` (${formatDate(a.followed_up_at, lang)})` : ''}
            {a.outcome_note ? `: ${a.outcome_note}` : ''}
          </p>
        ) : !finished ? (
          <p>{t('actions.followUp.waiting', { date: formatDate(a.follow_up_on, lang) })}</p>
        ) : null}
        {mayWork && finished && (
          <form method="post" action={`/admin/actions/${a.id}/follow-up`}>
            <CsrfField request={request} />
            <fieldset id="f-outcome" aria-describedby={messages.some((m) => m.field === 'outcome') ? 'f-outcome-error' : undefined}>
              <legend>{t('actions.followUp.title')}</legend>
              {actionOutcomes.map((o) => (
                <label class="check">
                  <input type="radio" name="outcome" value={o} checked={(typed.outcome ?? a.outcome) === o} /> {t(outcomeKey(o))}
                </label>
              ))}
            </fieldset>
            {messages
              .filter((m) => m.field === 'outcome')
              .map((m) => (
                <p class="field-error" id="f-outcome-error">
                  {m.text}
                </p>
              ))}
            <label for="f-outcome-note">{t('actions.followUp.note')}</label>
            <textarea id="f-outcome-note" name="note" rows={2} maxlength={2000}>
              {typed.outcomeNote ?? ''}
            </textarea>
            <p>
              <button type="submit">{t('actions.followUp.save')}</button>
            </p>
          </form>
        )}
        {a.outcome === 'came_back' && read.leads && (
          <p>
            <a href={`/admin/actions/new?node=${encodeURIComponent(node.code)}${a.feedback.map((f) => `&feedback=${f.id}`).join('')}`}>
              {t('actions.followUp.reopen')}
            </a>
          </p>
        )}
      </section>
      <section aria-labelledby="feedback-h">
        <h2 id="feedback-h">{t('actions.field.feedback')}</h2>
        {a.feedback.length === 0 ? (
          <p>{t('actions.noFeedback')}</p>
        ) : (
          <ul>
            {a.feedback.map((f) => (
              <li>
                <a href={`/admin/feedback/${f.id}`}>{f.reference}</a> · {f.target_name}
              </li>
            ))}
          </ul>
        )}
        {mayWork && (
          <form method="post" action={`/admin/actions/${a.id}/feedback`}>
            <CsrfField request={request} />
            <label for="f-reference">{t('actions.link.title')}</label>
            <p class="hint" id="f-reference-hint">
              {t('actions.link.hint')}
            </p>
            <input
              id="f-reference"
              name="reference"
              maxlength={40}
              value={typed.reference ?? ''}
              aria-describedby={['f-reference-hint', messages.some((m) => m.field === 'reference') ? 'f-reference-error' : ''].filter(Boolean).join(' ')}
            />
            {messages
              .filter((m) => m.field === 'reference')
              .map((m) => (
                <p class="field-error" id="f-reference-error">
                  {m.text}
                </p>
              ))}
            <p>
              <button type="submit">{t('actions.link.save')}</button>
            </p>
          </form>
        )}
      </section>
      <h2>{t('actions.history')}</h2>
      <ul>
        {a.events.map((e) => (
          <li>
            {formatTime(e.at, lang)} · {e.actor}: {eventText(e)}
          </li>
        ))}
      </ul>
      <p>
        <a href={`/admin/actions?node=${encodeURIComponent(node.code)}`}>{t('actions.back', { node: nodeName(node, lang) })}</a>
      </p>
    </Page>
  );
}
