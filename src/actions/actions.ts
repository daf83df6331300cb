import { actorLabel, type Principal } from '../access/roles.ts';
import { canLeadActions, canReadActions, canReadFeedback, canWorkOnAction } from '../access/permissions.ts';
import { ancestry, findNodeByCode } from '../organisation/tree-queries.ts';
import { nodeName } from '../organisation/node.ts';
import { queueEmail } from '../messages/email-outbox.ts';
import { clock } from '../shared/clock.ts';
import { type Db, maybeOne } from '../shared/db.ts';
import { AppError } from '../shared/errors.ts';
import { translator } from '../shared/i18n/index.ts';
import { formatDate } from '../shared/i18n/format.ts';
import { type ActionInput, actionInput, fieldIssues, followUpInput, progressInput } from './action-input.ts';
import { eligibleOwners } from './action-queries.ts';

const refused = (issues: string[]) => new AppError('invalid', 'invalid_action', { issues });

async function event(db: Db, actionId: number, actor: Principal, kind: string, detail: Record<string, unknown> = {}) {
  await db.query('insert into improvement_action_event (action_id, at, actor, kind, detail) values ($1, $2, $3, $4, $5)', [
    actionId,
    clock.now(),
    actorLabel(actor),
    kind,
    JSON.stringify(detail),
  ]);
}

/**
 * Checks a written action against the organisation: the node exists and the actor leads actions
 * there, the owner works at or around it, and each linked feedback is one the actor may read.
 * Every problem is returned at once, by field.
 */
async function checked(db: Db, actor: Principal, input: unknown): Promise<{ a: ActionInput; nodeId: number }> {
  const parsed = actionInput.safeParse(input);
  const issues = parsed.success ? [] : fieldIssues(parsed.error);
  const code = typeof (input as { node?: unknown })?.node === 'string' ? (input as { node: string }).node.trim() : '';
  const node = code ? await findNodeByCode(db, code) : undefined;
  if (!node?.active) throw refused([...issues.filter((i) => !i.startsWith('node:')), 'node:unknown']);
  if (
    !canLeadActions(
      actor,
      (await ancestry(db, node.id)).map((n) => n.id),
    )
  )
    throw new AppError('forbidden', 'Development actions are opened by the node’s managers and administrators');
  if (!parsed.success) throw refused(issues);
  const a = parsed.data;
  if (!(await eligibleOwners(db, node.id)).some((o) => o.id === a.owner)) issues.push('owner:not_here');
  if ((await readableFeedback(db, actor, a.feedback)).length < new Set(a.feedback).size) issues.push('feedback:unknown');
  if (issues.length) throw refused([...new Set(issues)]);
  return { a, nodeId: node.id };
}

/** Tells the owner, when it is someone else, that an action is now theirs. */
async function tellOwner(db: Db, actor: Principal, actionId: number, a: ActionInput, nodeId: number, publicUrl: string) {
  if (actor.kind === 'user' && actor.userId === a.owner) return;
  const owner = await maybeOne<{ email: string | null; locale: 'fi' | 'sv' | 'en' }>(db, 'select email, locale from staff_user where id = $1 and active', [
    a.owner,
  ]);
  if (!owner?.email) return;
  const t = translator(owner.locale);
  const node = (await ancestry(db, nodeId)).at(-1)!;
  await queueEmail(db, {
    kind: 'action_owner',
    to: owner.email,
    subject: t('actions.mail.owner.subject', { title: a.title }),
    body: t('actions.mail.owner.body', {
      who: actorLabel(actor),
      title: a.title,
      node: nodeName(node, owner.locale),
      due: formatDate(a.dueOn, owner.locale),
      followUp: formatDate(a.followUpOn, owner.locale),
      link: `${publicUrl}/admin/actions/${actionId}`,
    }),
  });
}

/**
 * Opens a development action (seed 001, steps 5–8) from feedback, a result or what the manager
 * saw, in one transaction with its history and, when the owner is someone else, their e-mail.
 */
export async function openAction(db: Db, actor: Principal, input: unknown, publicUrl = ''): Promise<number> {
  const { a, nodeId } = await checked(db, actor, input);
  const now = clock.now();
  return db.transaction(async (tx) => {
    const [row] = await tx.query<{ id: number }>(
      `insert into improvement_action (node_id, title, finding, plan, owner_id, due_on, follow_up_on, public_summary, result_survey, result_subject,
                                       created_by, created_at, updated_at)
       values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $12) returning id`,
      [
        nodeId,
        a.title,
        a.finding,
        a.plan,
        a.owner,
        a.dueOn,
        a.followUpOn,
        a.publicSummary || null,
        a.resultSubject ? (a.resultSurvey ?? 'thl-national') : null,
        a.resultSubject ?? null,
        actor.kind === 'user' ? actor.userId : null,
        now,
      ],
    );
    const id = row!.id;
    for (const f of new Set(a.feedback))
      await tx.query('insert into improvement_action_feedback (action_id, feedback_id) values ($1, $2) on conflict do nothing', [id, f]);
    await event(tx, id, actor, 'opened', { feedback: a.feedback.length });
    await tellOwner(tx, actor, id, a, nodeId, publicUrl);
    return id;
  });
}

interface Stored {
  id: number;
  node_id: number;
  owner_id: number | null;
  status: string;
  outcome: string | null;
  due_on: string;
  follow_up_on: string;
}

/** The action, if the person may know of it: a reader of its node or its owner. */
async function stored(db: Db, actor: Principal, id: number): Promise<Stored & { path: number[] }> {
  const a = await maybeOne<Stored>(
    db,
    `select id, node_id, owner_id, status, outcome, to_char(due_on, 'YYYY-MM-DD') as due_on, to_char(follow_up_on, 'YYYY-MM-DD') as follow_up_on
     from improvement_action where id = $1`,
    [id],
  );
  const path = a ? (await ancestry(db, a.node_id)).map((n) => n.id) : [];
  if (!a || !(canReadActions(actor, path) || (actor.kind === 'user' && actor.userId === a.owner_id)))
    throw new AppError('not_found', 'No such development action');
  return { ...a, path };
}

/** Rewrites an action (its node, owner and dates may change); a moved date is reminded of again. */
export async function editAction(db: Db, actor: Principal, id: number, input: unknown, publicUrl = ''): Promise<void> {
  const before = await stored(db, actor, id);
  if (!canLeadActions(actor, before.path)) throw new AppError('forbidden', 'Development actions are edited by the node’s managers and administrators');
  const { a, nodeId } = await checked(db, actor, input);
  await db.transaction(async (tx) => {
    await tx.query(
      `update improvement_action set node_id = $2, title = $3, finding = $4, plan = $5, owner_id = $6, due_on = $7, follow_up_on = $8,
              public_summary = $9, updated_at = $10,
              due_reminded_at = case when due_on = $7::date then due_reminded_at end,
              follow_up_reminded_at = case when follow_up_on = $8::date then follow_up_reminded_at end
       where id = $1`,
      [id, nodeId, a.title, a.finding, a.plan, a.owner, a.dueOn, a.followUpOn, a.publicSummary || null, clock.now()],
    );
    for (const f of new Set(a.feedback))
      await tx.query('insert into improvement_action_feedback (action_id, feedback_id) values ($1, $2) on conflict do nothing', [id, f]);
    await event(tx, id, actor, 'edited');
    if (a.owner !== before.owner_id) await tellOwner(tx, actor, id, a, nodeId, publicUrl);
  });
}

/** Moves an action along: planned → in progress → done, or did not help. */
export async function recordProgress(db: Db, actor: Principal, id: number, input: unknown): Promise<void> {
  const a = await stored(db, actor, id);
  if (!canWorkOnAction(actor, a.path, a.owner_id)) throw new AppError('forbidden', 'Progress is recorded by the owner and the node’s managers');
  const parsed = progressInput.safeParse(input);
  if (!parsed.success) throw refused(fieldIssues(parsed.error));
  const { status, note } = parsed.data;
  const finished = status === 'done' || status === 'did_not_help';
  await db.transaction(async (tx) => {
    await tx.query(
      `update improvement_action set status = $2, updated_at = $3,
              done_at = case when $4 then coalesce(done_at, $3) end,
              outcome = case when $4 then outcome end, followed_up_at = case when $4 then followed_up_at end
       where id = $1`,
      [id, status, clock.now(), finished],
    );
    await event(tx, id, actor, 'status', { status, ...(note ? { note } : {}) });
  });
}

/**
 * The follow-up (seed 001, step 9): did the change hold, or did the matter come back? Asked once
 * the action is finished; a matter that came back may be opened again as a new action.
 */
export async function recordFollowUp(db: Db, actor: Principal, id: number, input: unknown): Promise<void> {
  const a = await stored(db, actor, id);
  if (!canWorkOnAction(actor, a.path, a.owner_id)) throw new AppError('forbidden', 'The follow-up is recorded by the owner and the node’s managers');
  if (a.status !== 'done' && a.status !== 'did_not_help') throw refused(['outcome:not_finished']);
  const parsed = followUpInput.safeParse(input);
  if (!parsed.success) throw refused(fieldIssues(parsed.error));
  const { outcome, note } = parsed.data;
  await db.transaction(async (tx) => {
    await tx.query('update improvement_action set outcome = $2, outcome_note = $3, followed_up_at = $4, updated_at = $4 where id = $1', [
      id,
      outcome,
      note || null,
      clock.now(),
    ]);
    await event(tx, id, actor, 'followed_up', { outcome });
  });
}

/** Links one more feedback, by its reference, to an action (the same matter seen again). */
export async function linkFeedback(db: Db, actor: Principal, id: number, reference: string): Promise<void> {
  const a = await stored(db, actor, id);
  if (!canWorkOnAction(actor, a.path, a.owner_id)) throw new AppError('forbidden', 'Feedback is linked by the owner and the node’s managers');
  const f = await maybeOne<{ id: number; target_node_id: number }>(db, 'select id, target_node_id from feedback where upper(reference) = upper($1)', [
    reference.trim().slice(0, 40),
  ]);
  if (
    !f ||
    !canReadFeedback(
      actor,
      (await ancestry(db, f.target_node_id)).map((n) => n.id),
    )
  )
    throw refused(['reference:unknown']);
  await db.transaction(async (tx) => {
    const added = await tx.query(
      'insert into improvement_action_feedback (action_id, feedback_id) values ($1, $2) on conflict do nothing returning feedback_id',
      [id, f.id],
    );
    if (added.length) await event(tx, id, actor, 'feedback_linked', { reference: reference.trim().toUpperCase() });
  });
}

/** Of these feedback ids, those the person may read, with their references: the feedback an action is opened from. */
export async function readableFeedback(db: Db, actor: Principal, ids: number[]): Promise<{ id: number; reference: string; target_node_id: number }[]> {
  const out: { id: number; reference: string; target_node_id: number }[] = [];
  for (const id of [...new Set(ids)].slice(0, 50)) {
    const f = await maybeOne<{ id: number; reference: string; target_node_id: number }>(
      db,
      'select id, reference, target_node_id from feedback where id = $1',
      [id],
    );
    if (
      f &&
      canReadFeedback(
        actor,
        (await ancestry(db, f.target_node_id)).map((n) => n.id),
      )
    )
      out.push(f);
  }
  return out;
}
