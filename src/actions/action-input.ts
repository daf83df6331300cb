import { z } from 'zod';

export const actionStatuses = ['planned', 'in_progress', 'done', 'did_not_help'] as const;
export type ActionStatus = (typeof actionStatuses)[number];
export const actionOutcomes = ['resolved', 'came_back'] as const;
export type ActionOutcome = (typeof actionOutcomes)[number];

const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'date');
const text = (min: number, max: number) => z.string().trim().min(min, 'required').max(max, 'too_long');

/**
 * An action as a manager writes it (seed 001, steps 5–8): what was found, what will be done, who
 * owns it, by when, and when to see whether it helped. Each issue names its field, so the form
 * can say it there.
 */
export const actionInput = z
  .object({
    node: z.string().trim().min(1, 'required').max(200),
    title: text(3, 200),
    finding: text(3, 4000),
    plan: text(3, 4000),
    owner: z.coerce.number({ message: 'required' }).int().positive('required'),
    dueOn: day,
    followUpOn: day,
    publicSummary: z.string().trim().max(1000, 'too_long').optional(),
    feedback: z.array(z.coerce.number().int().positive()).max(50).default([]),
    resultSurvey: z.string().trim().max(100).optional(),
    resultSubject: z.string().trim().max(100).optional(),
  })
  .refine((a) => a.followUpOn >= a.dueOn, { message: 'follow_up_before_due', path: ['followUpOn'] });
export type ActionInput = z.output<typeof actionInput>;

export const progressInput = z.object({ status: z.enum(actionStatuses), note: z.string().trim().max(2000, 'too_long').optional() });

export const followUpInput = z.object({
  outcome: z.enum(actionOutcomes, { message: 'required' }),
  note: z.string().trim().max(2000, 'too_long').optional(),
});

/** The fields of a refused form with what was wrong with each: "field:problem". */
export function fieldIssues(error: z.ZodError): string[] {
  return [...new Set(error.issues.map((i) => `${String(i.path[0] ?? 'form')}:${/^[a-z_]+$/.test(i.message) ? i.message : 'invalid'}`))];
}
