import { isHandlerOf } from '../access/permissions.ts';
import { clock } from '../shared/clock.ts';
import { z } from 'zod';
import { actorLabel, actorUserId, type Principal } from '../access/roles.ts';
import { ancestry, findNodeByCode } from '../organisation/tree-queries.ts';
import { nodeName } from '../organisation/node.ts';
import { type Db, maybeOne } from '../shared/db.ts';
import { AppError } from '../shared/errors.ts';
import { translator, type Lang } from '../shared/i18n/index.ts';
import { queueEmail } from '../messages/email-outbox.ts';
import { queueSms } from '../messages/sms-outbox.ts';
import { canReadFeedback } from '../access/permissions.ts';
import { managersFor, notifyHandlers } from './handlers.ts';

/** "Miten palaute vaikutti?": the nine effects of seed 001, in its order. */
export const feedbackEffects = [
  'confirmed_practice',
  'supported_development',
  'revised_instruction',
  'changed_practice',
  'corrected_error',
  'training',
  'further_handling',
  'noted',
  'other',
] as const;
export type FeedbackEffect = (typeof feedbackEffects)[number];

export const formalProcesses = ['muistutus', 'kantelu'] as const;

interface Handled {
  id: number;
  reference: string;
  status: string;
  target_node_id: number;
  language: Lang;
  contact_email: string | null;
  contact_phone: string | null;
  received_at: Date;
  due_at: Date;
}

/** The feedback, if this person may handle it; with `open`, only while it is still open. */
async function forHandling(db: Db, actor: Principal, id: number, open = true): Promise<Handled> {
  const f = await maybeOne<Handled>(
    db,
    'select id, reference, status, target_node_id, language, contact_email, contact_phone, received_at, due_at from feedback where id = $1',
    [id],
  );
  if (!f) throw new AppError('not_found', 'No such feedback');
  if (
    !canReadFeedback(
      actor,
      (await ancestry(db, f.target_node_id)).map((n) => n.id),
    )
  )
    throw new AppError('forbidden', 'Not allowed to handle this feedback');
  if (open && f.status !== 'new' && f.status !== 'in_progress') throw new AppError('conflict', 'This feedback is no longer open');
  return f;
}

async function event(db: Db, id: number, actor: Principal, kind: string, details?: Record<string, unknown>) {
  await db.query('insert into feedback_event (feedback_id, actor, kind, details, at) values ($1, $2, $3, $4, $5)', [
    id,
    actorLabel(actor),
    kind,
    details ? JSON.stringify(details) : null,
    clock.now(),
  ]);
}

function invalid(error: z.ZodError): AppError {
  return new AppError('invalid', 'invalid_handling', { issues: error.issues.map((i) => i.message) });
}

/** The first time one of its handlers opens new feedback, it is in progress. */
export async function markOpened(db: Db, actor: Principal, id: number): Promise<void> {
  if (actor.kind !== 'user') return;
  const target = await maybeOne<{ target_node_id: number }>(db, 'select target_node_id from feedback where id = $1', [id]);
  if (!target) return;
  const ids = (await ancestry(db, target.target_node_id)).map((n) => n.id);
  if (!isHandlerOf(actor, ids)) return;
  await db.transaction(async (tx) => {
    const [changed] = await tx.query<{ id: number }>("update feedback set status = 'in_progress' where id = $1 and status = 'new' returning id", [id]);
    if (changed) await event(tx, id, actor, 'opened');
  });
}

export const commentInput = z.object({ body: z.string().trim().min(1, 'comment_required').max(4000, 'too_long') });

/** A note for colleagues; never shown or sent to the customer. */
export async function addComment(db: Db, actor: Principal, id: number, input: unknown): Promise<void> {
  await forHandling(db, actor, id, false);
  const parsed = commentInput.safeParse(input);
  if (!parsed.success) throw invalid(parsed.error);
  await db.transaction(async (tx) => {
    await tx.query("insert into feedback_message (feedback_id, author_id, author, kind, body) values ($1, $2, $3, 'comment', $4)", [
      id,
      actorUserId(actor),
      actorLabel(actor),
      parsed.data.body,
    ]);
    await event(tx, id, actor, 'commented');
  });
}

export const replyInput = z
  .object({ channel: z.enum(['email', 'sms']), body: z.string().trim().min(3, 'reply_required').max(4000, 'too_long') })
  .refine((r) => r.channel !== 'sms' || r.body.length <= 600, { message: 'sms_too_long', path: ['body'] });

/**
 * Answers the customer at the address or number they left. The answer's text is stored with the
 * feedback; the message is queued in the same transaction, so it is sent exactly when this commits.
 */
export async function replyToCustomer(db: Db, actor: Principal, id: number, input: unknown): Promise<void> {
  const f = await forHandling(db, actor, id, false);
  const parsed = replyInput.safeParse(input);
  if (!parsed.success) throw invalid(parsed.error);
  const { channel, body } = parsed.data;
  const to = channel === 'email' ? f.contact_email : f.contact_phone;
  if (!to) throw new AppError('invalid', 'invalid_handling', { issues: ['no_contact'] });
  const t = translator(f.language);
  await db.transaction(async (tx) => {
    await tx.query("insert into feedback_message (feedback_id, author_id, author, kind, reply_channel, body) values ($1, $2, $3, 'reply', $4, $5)", [
      id,
      actorUserId(actor),
      actorLabel(actor),
      channel,
      body,
    ]);
    if (channel === 'email') {
      await queueEmail(tx, {
        kind: 'feedback_reply',
        to,
        subject: t('mail.reply.subject', { reference: f.reference }),
        body: t('mail.reply.body', { reference: f.reference, answer: body }),
      });
    } else {
      await queueSms(tx, { kind: 'feedback_reply', to, body: `${body}\n${t('reply.smsSignature', { reference: f.reference })}` });
    }
    if (f.status === 'new') await tx.query("update feedback set status = 'in_progress' where id = $1", [id]);
    await event(tx, id, actor, 'replied', { channel });
  });
}

export const moveInput = z.object({ target: z.string().trim().min(1, 'target_required').max(200) });

/**
 * Sends misdirected feedback to the right unit. The customer's deadline stays as promised; the new
 * unit's handlers are told as if it had just arrived, and the history keeps where it came from.
 */
export async function moveFeedback(db: Db, actor: Principal, id: number, input: unknown, publicUrl = ''): Promise<{ handlers: number }> {
  const f = await forHandling(db, actor, id);
  const parsed = moveInput.safeParse(input);
  if (!parsed.success) throw invalid(parsed.error);
  const target = await findNodeByCode(db, parsed.data.target);
  if (!target?.active) throw new AppError('invalid', 'invalid_handling', { issues: ['unknown_target'] });
  if (target.id === f.target_node_id) throw new AppError('invalid', 'invalid_handling', { issues: ['same_target'] });
  const path = await ancestry(db, target.id);
  const from = await ancestry(db, f.target_node_id);
  return db.transaction(async (tx) => {
    await tx.query("update feedback set target_node_id = $2, category_node_id = $3, status = 'new', reminded_at = null, escalated_at = null where id = $1", [
      id,
      target.id,
      (path[1] ?? path[0]!).id,
    ]);
    await event(tx, id, actor, 'moved', { from: from.at(-1)?.code, to: target.code });
    const handlers = await notifyHandlers(
      tx,
      { id, reference: f.reference, targetNodeId: target.id, targetName: (l) => nodeName(target, l), receivedAt: f.received_at, dueAt: f.due_at },
      publicUrl,
    );
    return { handlers };
  });
}

export const tellManagerInput = z.object({ note: z.string().trim().max(2000).optional() });

/**
 * Tells the unit's manager of a feedback (seed 001: the handler brings it to the manager, who
 * decides on development). The e-mail carries the reference, the target, the link and the
 * handler's note, never the customer's text or contact details; the history records who was told.
 */
export async function tellManager(db: Db, actor: Principal, id: number, input: unknown, publicUrl = ''): Promise<{ told: string[] }> {
  const f = await forHandling(db, actor, id, false);
  const parsed = tellManagerInput.safeParse(input);
  if (!parsed.success) throw invalid(parsed.error);
  const managers = (await managersFor(db, f.target_node_id)).filter((m) => m.email);
  if (managers.length === 0) throw new AppError('invalid', 'invalid_handling', { issues: ['no_manager'] });
  const target = (await ancestry(db, f.target_node_id)).at(-1)!;
  return db.transaction(async (tx) => {
    for (const m of managers) {
      const t = translator(m.locale);
      await queueEmail(tx, {
        kind: 'feedback_to_manager',
        to: m.email!,
        subject: t('mail.toManager.subject', { reference: f.reference, target: nodeName(target, m.locale) }),
        body: t('mail.toManager.body', {
          who: actorLabel(actor),
          reference: f.reference,
          target: nodeName(target, m.locale),
          note: parsed.data.note || '–',
          link: `${publicUrl}/admin/feedback/${id}`,
        }),
      });
    }
    const told = managers.map((m) => m.display_name);
    await event(tx, id, actor, 'manager_told', { managers: told });
    return { told };
  });
}

export const formalInput = z.object({ process: z.enum(formalProcesses), note: z.string().trim().max(2000).optional() });

/**
 * Records that the matter goes on as a formal objection (muistutus) or complaint (kantelu). Kaiku
 * does not run that legal process; it records the hand-off so the feedback is not lost in between.
 */
export async function markFormal(db: Db, actor: Principal, id: number, input: unknown): Promise<void> {
  await forHandling(db, actor, id, false);
  const parsed = formalInput.safeParse(input);
  if (!parsed.success) throw invalid(parsed.error);
  await db.transaction(async (tx) => {
    await tx.query('update feedback set formal_process = $2 where id = $1', [id, parsed.data.process]);
    await event(tx, id, actor, 'formal_process', { process: parsed.data.process, ...(parsed.data.note ? { note: parsed.data.note } : {}) });
  });
}

// Seed 001: choose one or more effects and describe the action "if you like" (tarkenna
// halutessasi); only "Muu hyödyntämistapa, mikä?" asks what, so it needs words.
export const handleInput = z
  .object({
    effects: z.array(z.enum(feedbackEffects)).min(1, 'effects_required'),
    description: z.string().trim().max(4000),
  })
  .refine((h) => !h.effects.includes('other') || h.description.length >= 3, { message: 'description_required', path: ['description'] });

/**
 * Closes a feedback. What it led to is required: at least one effect, and a description for
 * "other". These feed the unit's reports and its self-monitoring list.
 */
export async function markHandled(db: Db, actor: Principal, id: number, input: unknown): Promise<void> {
  await forHandling(db, actor, id);
  const parsed = handleInput.safeParse(input);
  if (!parsed.success) throw invalid(parsed.error);
  const effects = [...new Set(parsed.data.effects)];
  await db.transaction(async (tx) => {
    await tx.query("update feedback set status = 'handled', handled_at = $4, effects = $2, effect_description = $3 where id = $1", [
      id,
      effects,
      parsed.data.description || null,
      clock.now(),
    ]);
    await event(tx, id, actor, 'handled', { effects });
  });
}
