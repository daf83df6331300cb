import { z } from 'zod';
import { actorLabel, type Principal } from '../access/roles.ts';
import { ancestry } from '../organisation/tree-queries.ts';
import { type Db, maybeOne } from '../shared/db.ts';
import { AppError } from '../shared/errors.ts';
import { canReadFeedback } from './inbox.ts';

/** "Miten palaute vaikutti?": the nine effects of seed 001, in its order. */
export const feedbackEffects = [
  'confirmed_practice', 'supported_development', 'revised_instruction', 'changed_practice', 'corrected_error',
  'training', 'further_handling', 'noted', 'other',
] as const;
export type FeedbackEffect = (typeof feedbackEffects)[number];

export const handleInput = z.object({
  effects: z.array(z.enum(feedbackEffects)).min(1, 'effects_required'),
  description: z.string().trim().min(3, 'description_required').max(4000),
});

/**
 * Closes a feedback. What it led to is required: at least one effect and a description of what
 * will be done. These feed the unit's reports and its self-monitoring list.
 */
export async function markHandled(db: Db, actor: Principal, id: number, input: unknown): Promise<void> {
  const f = await maybeOne<{ id: number; status: string; target_node_id: number }>(db, 'select id, status, target_node_id from feedback where id = $1', [id]);
  if (!f) throw new AppError('not_found', 'No such feedback');
  if (!canReadFeedback(actor, (await ancestry(db, f.target_node_id)).map((n) => n.id))) throw new AppError('forbidden', 'Not allowed to handle this feedback');
  if (f.status !== 'new' && f.status !== 'in_progress') throw new AppError('conflict', 'Only open feedback can be marked as handled');
  const parsed = handleInput.safeParse(input);
  if (!parsed.success) throw new AppError('invalid', 'invalid_handling', { issues: parsed.error.issues.map((i) => i.message) });
  const { effects, description } = parsed.data;
  await db.transaction(async (tx) => {
    await tx.query(
      "update feedback set status = 'handled', handled_at = now(), effects = $2, effect_description = $3 where id = $1",
      [id, [...new Set(effects)], description],
    );
    await tx.query('insert into feedback_event (feedback_id, actor, kind, details) values ($1, $2, $3, $4)', [
      id, actorLabel(actor), 'handled', JSON.stringify({ effects: [...new Set(effects)] }),
    ]);
  });
}
