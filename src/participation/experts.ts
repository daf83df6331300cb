import { z } from 'zod';
import type { SignedInUser } from '../http/context.ts';
import type { Db } from '../shared/db.ts';
import { maybeOne, one } from '../shared/db.ts';
import { AppError } from '../shared/errors.ts';
import { ancestry, getNodeByCode } from '../organisation/tree-queries.ts';
import { canRequestExpert } from '../access/permissions.ts';

/** Themes of lived experience, as the Kanta-Häme document lists them; a county may use others too. */
export const expertThemes = [
  'mental_health',
  'substance_abuse',
  'disability',
  'elderly_care',
  'chronic_illness',
  'cancer',
  'family',
  'child_welfare',
  'immigration',
  'carers',
] as const;
export const requestKinds = ['training', 'development', 'peer_support', 'recruitment', 'other'] as const;
export const requestStatuses = ['new', 'assigned', 'done', 'cancelled'] as const;

export interface Expert {
  id: number;
  kind: 'expert' | 'developer_customer';
  name: string;
  email: string | null;
  phone: string | null;
  themes: string[];
  trained: boolean;
  trained_on: string | null;
  availability: string;
  compensation: 'fee' | 'volunteer';
  active: boolean;
  assignments: number;
}

export interface ExpertRequest {
  id: number;
  node_code: string;
  node_name: string;
  requested_by: number | null;
  requester_name: string;
  kind: (typeof requestKinds)[number];
  theme: string;
  description: string;
  wanted_from: string | null;
  wanted_to: string | null;
  status: (typeof requestStatuses)[number];
  coordinator_message: string;
  created_at: Date;
  experts: { id: number; name: string }[];
}

const optionalDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/)
  .optional()
  .or(z.literal('').transform(() => undefined));

export const expertInput = z.object({
  kind: z.enum(['expert', 'developer_customer']),
  name: z.string().trim().min(1).max(200),
  email: z
    .email()
    .max(254)
    .optional()
    .or(z.literal('').transform(() => undefined)),
  phone: z.string().trim().max(40).optional(),
  themes: z
    .union([z.string(), z.array(z.string())])
    .transform((v) => ([] as string[]).concat(v).filter((t) => (expertThemes as readonly string[]).includes(t)))
    .default([]),
  trained: z
    .string()
    .optional()
    .transform((v) => v === 'yes'),
  trained_on: optionalDate,
  availability: z.string().max(1000).default(''),
  compensation: z.enum(['fee', 'volunteer']),
});

export async function listExperts(db: Db, opts: { theme?: string | undefined; activeOnly?: boolean } = {}): Promise<Expert[]> {
  return db.query<Expert>(
    `select e.id, e.kind, e.name, e.email, e.phone, e.themes, e.trained, to_char(e.trained_on, 'YYYY-MM-DD') as trained_on, e.availability, e.compensation, e.active,
            (select count(*)::int from expert_assignment a where a.expert_id = e.id) as assignments
     from expert e where ($1::text is null or $1 = any(e.themes)) and (not $2 or e.active) order by e.active desc, e.name`,
    [opts.theme ?? null, opts.activeOnly ?? false],
  );
}

export async function saveExpert(db: Db, id: number | null, input: unknown): Promise<number> {
  const i = expertInput.parse(input);
  const values = [i.kind, i.name, i.email ?? null, i.phone || null, i.themes, i.trained, i.trained_on ?? null, i.availability, i.compensation];
  if (id === null) {
    return (
      await one<{ id: number }>(
        db,
        'insert into expert (kind, name, email, phone, themes, trained, trained_on, availability, compensation) values ($1, $2, $3, $4, $5, $6, $7, $8, $9) returning id',
        values,
      )
    ).id;
  }
  const rows = await db.query(
    'update expert set kind = $2, name = $3, email = $4, phone = $5, themes = $6, trained = $7, trained_on = $8, availability = $9, compensation = $10 where id = $1 returning id',
    [id, ...values],
  );
  if (!rows.length) throw new AppError('not_found', 'No such expert');
  return id;
}

/** Leaving the register erases the person; fee records keep the payee's name for bookkeeping. */
export async function removeExpert(db: Db, id: number): Promise<void> {
  await db.query('delete from expert where id = $1', [id]);
}

export const requestInput = z.object({
  node: z.string().trim().min(1).max(200),
  kind: z.enum(requestKinds),
  theme: z.string().trim().min(1).max(100),
  description: z.string().trim().min(1).max(4000),
  wanted_from: optionalDate,
  wanted_to: optionalDate,
});

export type RequestError = 'node' | 'kind' | 'theme' | 'description' | 'dates';

/** Staff ask for an expert for a unit they work in; the coordinator is told by the request list. */
export async function submitRequest(db: Db, user: SignedInUser, raw: Record<string, unknown>): Promise<{ id: number } | { errors: RequestError[] }> {
  const parsed = requestInput.safeParse(raw);
  if (!parsed.success)
    return {
      errors: [
        ...new Set(parsed.error.issues.map((i) => (['wanted_from', 'wanted_to'].includes(String(i.path[0])) ? 'dates' : String(i.path[0])) as RequestError)),
      ],
    };
  const i = parsed.data;
  if (i.wanted_from && i.wanted_to && i.wanted_to < i.wanted_from) return { errors: ['dates'] };
  const node = await getNodeByCode(db, i.node).catch(() => undefined);
  if (!node) return { errors: ['node'] };
  if (
    !canRequestExpert(
      user,
      (await ancestry(db, node.id)).map((n) => n.id),
    )
  )
    throw new AppError('forbidden', 'You may ask for experts only for units you work in');
  const { id } = await one<{ id: number }>(
    db,
    `insert into expert_request (node_id, requested_by, requester_name, kind, theme, description, wanted_from, wanted_to) values ($1, $2, $3, $4, $5, $6, $7, $8) returning id`,
    [node.id, user.userId, user.displayName, i.kind, i.theme, i.description, i.wanted_from ?? null, i.wanted_to ?? null],
  );
  return { id };
}

const requestColumns = `r.id, n.code as node_code, n.name_fi as node_name, r.requested_by, r.requester_name, r.kind, r.theme, r.description,
  to_char(r.wanted_from, 'YYYY-MM-DD') as wanted_from, to_char(r.wanted_to, 'YYYY-MM-DD') as wanted_to, r.status, r.coordinator_message, r.created_at,
  coalesce((select json_agg(json_build_object('id', e.id, 'name', e.name) order by e.name) from expert_assignment a join expert e on e.id = a.expert_id where a.request_id = r.id), '[]') as experts`;

/** The coordinator's list (all) or a member of staff's own requests. */
export async function listRequests(db: Db, opts: { requestedBy?: number }): Promise<ExpertRequest[]> {
  return db.query<ExpertRequest>(
    `select ${requestColumns} from expert_request r join org_node n on n.id = r.node_id
     where ($1::int is null or r.requested_by = $1)
     order by case r.status when 'new' then 0 when 'assigned' then 1 else 2 end, r.created_at desc limit 500`,
    [opts.requestedBy ?? null],
  );
}

export async function getRequest(db: Db, id: number): Promise<ExpertRequest> {
  const r = await maybeOne<ExpertRequest>(db, `select ${requestColumns} from expert_request r join org_node n on n.id = r.node_id where r.id = $1`, [id]);
  if (!r) throw new AppError('not_found', 'No such request');
  return r;
}

export const followUpInput = z.object({
  status: z.enum(requestStatuses),
  message: z.string().max(4000).default(''),
  experts: z
    .union([z.string(), z.array(z.string())])
    .transform((v) =>
      ([] as string[])
        .concat(v)
        .map(Number)
        .filter((n) => Number.isInteger(n) && n > 0),
    )
    .default([]),
});

/** The coordinator assigns experts and moves the request on; "assigned" needs at least one expert. */
export async function followUpRequest(db: Db, actor: string, id: number, input: unknown): Promise<void> {
  const i = followUpInput.parse(input);
  if (i.status === 'assigned' && i.experts.length === 0) throw new AppError('invalid', 'expert.err.assignNobody');
  await getRequest(db, id);
  await db.transaction(async (tx) => {
    await tx.query('delete from expert_assignment where request_id = $1 and not (expert_id = any($2::int[]))', [id, i.experts]);
    await tx.query(
      'insert into expert_assignment (request_id, expert_id, assigned_by) select $1, e.id, $3 from expert e where e.id = any($2::int[]) on conflict do nothing',
      [id, i.experts, actor],
    );
    await tx.query('update expert_request set status = $2, coordinator_message = $3, updated_at = now() where id = $1', [id, i.status, i.message]);
  });
}

export const feeInput = z.object({
  expert: z.coerce.number().int().positive(),
  amount: z
    .string()
    .trim()
    .regex(/^\d{1,6}([.,]\d{1,2})?$/)
    .transform((v) => Math.round(Number(v.replace(',', '.')) * 100)),
  paid_on: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
});

/** A fee paid to an expert for a request; refused for volunteers. */
export async function recordFee(db: Db, actor: string, requestId: number, input: unknown): Promise<void> {
  const i = feeInput.parse(input);
  const e = await maybeOne<{ name: string; compensation: string }>(
    db,
    'select e.name, e.compensation from expert e join expert_assignment a on a.expert_id = e.id where e.id = $1 and a.request_id = $2',
    [i.expert, requestId],
  );
  if (!e) throw new AppError('invalid', 'expert.err.feeNotAssigned');
  if (e.compensation !== 'fee') throw new AppError('invalid', 'expert.err.volunteer');
  if (i.amount <= 0) throw new AppError('invalid', 'expert.err.amount');
  await db.query('insert into participant_fee (expert_id, request_id, payee_name, amount_cents, paid_on, recorded_by) values ($1, $2, $3, $4, $5, $6)', [
    i.expert,
    requestId,
    e.name,
    i.amount,
    i.paid_on,
    actor,
  ]);
}

export async function requestFees(
  db: Db,
  requestId: number,
): Promise<{ payee_name: string; amount_cents: number; paid_on: string; expert_id: number | null }[]> {
  return db.query(
    "select payee_name, amount_cents, to_char(paid_on, 'YYYY-MM-DD') as paid_on, expert_id from participant_fee where request_id = $1 order by paid_on",
    [requestId],
  );
}
