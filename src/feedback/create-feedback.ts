import { clock } from '../shared/clock.ts';
import crypto from 'node:crypto';
import { z } from 'zod';
import { actorLabel, type Principal } from '../access/roles.ts';
import { type Db, maybeOne } from '../shared/db.ts';
import { AppError } from '../shared/errors.ts';
import { ancestry, findNodeByCode } from '../organisation/tree-queries.ts';
import { nodeName } from '../organisation/node.ts';
import { notifyHandlers } from './handlers.ts';
import { queueReceiptEmail } from './receipt-email.ts';
import { normalisePhone } from '../shared/phone.ts';

export const feedbackChannels = ['web', 'widget', 'chat', 'api', 'email', 'phone', 'on_behalf'] as const;

export const feedbackInput = z
  .object({
    idempotencyKey: z.string().min(1).max(200).optional(),
    target: z.string().min(1).max(200),
    text: z.string().trim().min(3, 'too_short').max(5000, 'too_long'),
    channel: z.enum(feedbackChannels).default('api'),
    language: z.enum(['fi', 'sv', 'en']).default('fi'),
    contact: z
      .object({
        name: z.string().trim().max(200).optional(),
        email: z
          .string()
          .trim()
          .max(320)
          .email('bad_email')
          .optional()
          .or(z.literal('').transform(() => undefined)),
        phone: z
          .string()
          .trim()
          .max(40)
          .optional()
          .or(z.literal('').transform(() => undefined)),
      })
      .default({}),
    wantsReply: z.boolean().default(false),
    /** About the accessibility of a digital service: its own deadline (feedback_accessibility_days, 14 by law). */
    accessibility: z.boolean().default(false),
    onBehalf: z.object({ mode: z.enum(['oral', 'written']) }).optional(),
    /** The web form's hidden field: people leave it empty, form-filling robots do not. */
    honeypot: z.string().max(1000).optional(),
  })
  .superRefine((f, ctx) => {
    if (f.contact.phone !== undefined && normalisePhone(f.contact.phone) === null)
      ctx.addIssue({ code: 'custom', path: ['contact', 'phone'], message: 'bad_phone' });
    if (f.wantsReply && !f.contact.email && !f.contact.phone) ctx.addIssue({ code: 'custom', path: ['contact'], message: 'reply_needs_contact' });
  });
export type FeedbackInput = z.input<typeof feedbackInput>;

/** Reasons to put feedback in the administrators' spam queue instead of the handlers' inbox. */
export function spamReasons(f: { text: string; honeypot?: string | undefined }): string[] {
  const reasons: string[] = [];
  if (f.honeypot) reasons.push('honeypot');
  if ((f.text.match(/https?:\/\/|www\./gi) ?? []).length > 3) reasons.push('many_links');
  if (/(.)\1{15,}/.test(f.text)) reasons.push('repeated_characters');
  return reasons;
}

export interface CreatedFeedback {
  id: number;
  reference: string;
  receiptToken: string;
  status: string;
  dueAt: Date;
  duplicate: boolean;
}

/**
 * Takes in free-form feedback from the web form, a widget, the API or a professional logging it
 * on a customer's behalf. Suspected spam is kept in its own queue, never dropped. The deadline is
 * the promise (7 days unless the county sets otherwise) in calendar days, Helsinki wall-clock time.
 */
export async function createFeedback(
  db: Db,
  actor: Principal | null,
  input: unknown,
  opts: { receivedAt?: Date /** for links in e-mail */; publicUrl?: string } = {},
): Promise<CreatedFeedback> {
  const parsed = feedbackInput.safeParse(input);
  if (!parsed.success) {
    throw new AppError('invalid', 'invalid_feedback', { issues: parsed.error.issues.map((i) => ({ field: i.path.join('.'), reason: i.message })) });
  }
  const f = parsed.data;
  const target = await findNodeByCode(db, f.target);
  if (!target?.active) throw new AppError('invalid', 'invalid_feedback', { issues: [{ field: 'target', reason: target ? 'closed' : 'unknown' }] });
  const path = await ancestry(db, target.id);
  // A key made for part of the organisation brings feedback for that part only.
  if (actor?.kind === 'api_key' && actor.nodeId !== null && !actor.countyWide && !path.some((n) => n.id === actor.nodeId)) {
    throw new AppError('invalid', 'invalid_feedback', { issues: [{ field: 'target', reason: 'outside_key' }] });
  }
  // The main category is the division (or a top-level area such as support services); feedback
  // to the county itself is "general/other".
  const category = path[1] ?? path[0]!;

  const scope = actor?.kind === 'api_key' ? `api:${actor.keyId ?? 'admin'}:` : actor?.kind === 'user' ? `user:${actor.userId}:` : 'public:';
  const idempotencyKey = f.idempotencyKey ? scope + f.idempotencyKey : null;
  if (idempotencyKey) {
    const existing = await maybeOne<{ id: number; reference: string; receipt_token: string; status: string; due_at: Date }>(
      db,
      'select id, reference, receipt_token, status, due_at from feedback where idempotency_key = $1',
      [idempotencyKey],
    );
    if (existing)
      return {
        id: existing.id,
        reference: existing.reference,
        receiptToken: existing.receipt_token,
        status: existing.status,
        dueAt: existing.due_at,
        duplicate: true,
      };
  }

  const reasons = spamReasons(f);
  const channel = f.onBehalf ? 'on_behalf' : f.channel;
  const receiptToken = crypto.randomBytes(18).toString('base64url');
  const receivedAt = new Date(opts.receivedAt ?? clock.millis());
  return db.transaction(async (tx) => {
    const [row] = await tx.query<{ id: number; reference: string; status: string; due_at: Date }>(
      `with t as (select $16::timestamptz as received)
       insert into feedback (reference, receipt_token, category_node_id, target_node_id, text, language, channel, on_behalf_mode, logged_by,
         wants_reply, contact_name, contact_email, contact_phone, status, spam_reasons, received_at, due_at, idempotency_key, accessibility)
       select 'K-' || to_char(t.received at time zone 'Europe/Helsinki', 'YYYY') || '-' || lpad(nextval('feedback_reference_seq')::text, 6, '0'),
         $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, t.received,
         -- calendar days on the Helsinki clock: across the change to summer time the hour stays
         ((t.received at time zone 'Europe/Helsinki') + make_interval(days => (select (value)::int from setting
             where key = case when $17::boolean then 'feedback_accessibility_days' else 'feedback_promise_days' end)))
           at time zone 'Europe/Helsinki',
         $15, $17::boolean
       from t
       on conflict (idempotency_key) do nothing
       returning id, reference, status, due_at`,
      [
        receiptToken,
        category.id,
        target.id,
        f.text,
        f.language,
        channel,
        f.onBehalf?.mode ?? null,
        actor?.kind === 'user' ? actor.userId : null,
        f.wantsReply,
        f.contact.name || null,
        f.contact.email ?? null,
        f.contact.phone ? normalisePhone(f.contact.phone) : null,
        reasons.length ? 'suspected_spam' : 'new',
        reasons.length ? reasons : null,
        idempotencyKey,
        receivedAt,
        f.accessibility,
      ],
    );
    if (!row) throw new AppError('conflict', 'The same feedback is being saved right now; send it again to get its reference');
    await tx.query('insert into feedback_event (feedback_id, actor, kind, details, at) values ($1, $2, $3, $4, $5)', [
      row.id,
      actor ? actorLabel(actor) : 'customer',
      'received',
      JSON.stringify({ channel, target: target.code, ...(reasons.length ? { spam: reasons } : {}) }),
      receivedAt,
    ]);
    if (row.status === 'new') {
      await notifyHandlers(
        tx,
        { id: row.id, reference: row.reference, targetNodeId: target.id, targetName: (l) => nodeName(target, l), receivedAt, dueAt: row.due_at },
        opts.publicUrl ?? '',
      );
    }
    if (f.contact.email && row.status === 'new') {
      await queueReceiptEmail(tx, {
        to: f.contact.email,
        lang: f.language,
        reference: row.reference,
        receivedAt,
        dueAt: row.due_at,
        target: nodeName(target, f.language),
        wantsReply: f.wantsReply,
      });
    }
    return { id: row.id, reference: row.reference, receiptToken, status: row.status, dueAt: row.due_at, duplicate: false };
  });
}

/** The days the county promises to answer in (the setting feedback_promise_days; 7 by the county's promise). */
export async function feedbackPromiseDays(db: Db): Promise<number> {
  return Number((await maybeOne<{ value: number }>(db, "select value from setting where key = 'feedback_promise_days'"))?.value ?? 7);
}

/** What the customer's receipt shows, found by its unguessable token; never the text or the contact. */
export async function receiptByToken(db: Db, token: string) {
  return maybeOne<{ reference: string; received_at: Date; due_at: Date; target_node_id: number; wants_reply: boolean }>(
    db,
    'select reference, received_at, due_at, target_node_id, wants_reply from feedback where receipt_token = $1',
    [token],
  );
}
