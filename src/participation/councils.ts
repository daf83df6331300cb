import { clock } from '../shared/clock.ts';
import { z } from 'zod';
import type { Db } from '../shared/db.ts';
import { maybeOne, one } from '../shared/db.ts';
import { AppError } from '../shared/errors.ts';
import { type Lang, translator } from '../shared/i18n/index.ts';
import { queueEmail } from '../messages/email-outbox.ts';
import { getNodeByCode } from '../organisation/tree-queries.ts';
import { type LocalText, localise } from '../surveys/definition.ts';
import { parseContact } from './pool.ts';

export interface Council {
  id: number;
  node_id: number;
  node_code: string;
  name: string;
  description: string;
  active: boolean;
  members: number;
}
export interface CouncilCall {
  id: number;
  council_id: number;
  council_name: string;
  title: LocalText;
  description: LocalText;
  opens_on: string;
  closes_on: string;
}
export interface Application {
  id: number;
  call_id: number;
  name: string;
  email: string | null;
  phone: string | null;
  language: Lang;
  municipality: string | null;
  age_group: string | null;
  motivation: string;
  status: 'received' | 'interview' | 'accepted' | 'declined';
  interview_notes: string;
  decision_message: string | null;
  decided_by: string | null;
  received_at: Date;
}
export interface CouncilMember {
  id: number;
  name: string;
  email: string | null;
  phone: string | null;
  term_start: string;
  term_end: string;
  left_at: string | null;
}
export interface Meeting {
  id: number;
  meets_at: Date;
  place: string;
  agenda: string;
  minutes: string;
}
export interface Evaluation {
  id: number;
  kind: 'evaluated' | 'tested';
  subject: string;
  summary: string;
  node_code: string;
  node_name: string;
  meets_at: Date | null;
}

const dateText = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);

export async function listCouncils(db: Db): Promise<Council[]> {
  return db.query<Council>(
    `select c.id, c.node_id, n.code as node_code, c.name, c.description, c.active,
            (select count(*)::int from council_member m where m.council_id = c.id and m.left_at is null and m.term_end >= ($1::timestamptz at time zone 'Europe/Helsinki')::date) as members
     from council c join org_node n on n.id = c.node_id order by c.active desc, c.name`,
    [clock.now()],
  );
}

export async function getCouncil(db: Db, id: number): Promise<Council> {
  const c = (await listCouncils(db)).find((x) => x.id === id);
  if (!c) throw new AppError('not_found', 'No such council');
  return c;
}

export const councilInput = z.object({
  name: z.string().trim().min(1).max(200),
  node: z.string().trim().min(1).max(200),
  description: z.string().max(4000).default(''),
});

export async function createCouncil(db: Db, input: unknown): Promise<number> {
  const i = councilInput.parse(input);
  const node = await getNodeByCode(db, i.node);
  return (await one<{ id: number }>(db, 'insert into council (node_id, name, description) values ($1, $2, $3) returning id', [node.id, i.name, i.description]))
    .id;
}

export const callInput = z
  .object({
    title_fi: z.string().trim().min(1).max(200),
    title_sv: z.string().trim().max(200).default(''),
    title_en: z.string().trim().max(200).default(''),
    description_fi: z.string().max(4000).default(''),
    description_sv: z.string().max(4000).default(''),
    description_en: z.string().max(4000).default(''),
    opens_on: dateText,
    closes_on: dateText,
  })
  .refine((c) => c.closes_on >= c.opens_on, { path: ['closes_on'], message: 'closes before it opens' });

export async function createCall(db: Db, councilId: number, input: unknown): Promise<number> {
  const i = callInput.parse(input);
  const pick = (fi: string, sv: string, en: string) => JSON.stringify({ fi, ...(sv ? { sv } : {}), ...(en ? { en } : {}) });
  return (
    await one<{ id: number }>(db, 'insert into council_call (council_id, title, description, opens_on, closes_on) values ($1, $2, $3, $4, $5) returning id', [
      councilId,
      pick(i.title_fi, i.title_sv, i.title_en),
      pick(i.description_fi, i.description_sv, i.description_en),
      i.opens_on,
      i.closes_on,
    ])
  ).id;
}

const callColumns = `k.id, k.council_id, c.name as council_name, k.title, k.description, to_char(k.opens_on, 'YYYY-MM-DD') as opens_on, to_char(k.closes_on, 'YYYY-MM-DD') as closes_on`;

/** Calls open today in Helsinki: the public page lists these. */
export async function openCalls(db: Db): Promise<CouncilCall[]> {
  return db.query<CouncilCall>(
    `select ${callColumns} from council_call k join council c on c.id = k.council_id
     where c.active and ($1::timestamptz at time zone 'Europe/Helsinki')::date between k.opens_on and k.closes_on order by k.closes_on, k.id`,
    [clock.now()],
  );
}

export async function councilCalls(db: Db, councilId: number): Promise<(CouncilCall & { applications: number })[]> {
  return db.query(
    `select ${callColumns}, (select count(*)::int from council_application a where a.call_id = k.id) as applications
     from council_call k join council c on c.id = k.council_id where k.council_id = $1 order by k.opens_on desc`,
    [councilId],
  );
}

export const applicationInput = z.object({
  call: z.coerce.number().int().positive(),
  name: z.string().trim().max(200),
  contact: z.string().trim().max(300),
  municipality: z.string().trim().max(80).default(''),
  ageGroup: z.string().max(20).default(''),
  motivation: z.string().trim().max(4000),
  consent: z.string().optional(),
});

export type ApplicationError = 'call' | 'name' | 'contact' | 'motivation' | 'consent';

/** Validates an application; the errors are the fields to fix. */
export async function checkApplication(db: Db, input: z.infer<typeof applicationInput>): Promise<ApplicationError[]> {
  const errors: ApplicationError[] = [];
  if (!(await openCalls(db)).some((c) => c.id === input.call)) errors.push('call');
  if (!input.name) errors.push('name');
  if (!parseContact(input.contact)) errors.push('contact');
  if (!input.motivation) errors.push('motivation');
  if (input.consent !== 'yes') errors.push('consent');
  return errors;
}

/** Stores an application and sends the applicant an acknowledgement (their text is not repeated). */
export async function submitApplication(db: Db, input: z.infer<typeof applicationInput>, lang: Lang, consentText: string): Promise<void> {
  const contact = parseContact(input.contact)!;
  await db.transaction(async (tx) => {
    await tx.query(
      `insert into council_application (call_id, name, email, phone, language, municipality, age_group, motivation, consent_text) values ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
      [
        input.call,
        input.name,
        'email' in contact ? contact.email : null,
        'phone' in contact ? contact.phone : null,
        lang,
        input.municipality || null,
        input.ageGroup || null,
        input.motivation,
        consentText,
      ],
    );
    if ('email' in contact) {
      const t = translator(lang);
      const call = await one<{ title: LocalText; council: string }>(
        tx,
        'select k.title, c.name as council from council_call k join council c on c.id = k.council_id where k.id = $1',
        [input.call],
      );
      await queueEmail(tx, {
        kind: 'council_application',
        to: contact.email,
        subject: t('council.mail.receivedSubject'),
        body: t('council.mail.receivedBody', { call: localise(call.title, lang), council: call.council }),
      });
    }
  });
}

export async function councilApplications(db: Db, councilId: number): Promise<(Application & { call_title: LocalText })[]> {
  return db.query(
    `select a.*, k.title as call_title from council_application a join council_call k on k.id = a.call_id where k.council_id = $1
     order by case a.status when 'received' then 0 when 'interview' then 1 else 2 end, a.received_at`,
    [councilId],
  );
}

export async function getApplication(db: Db, id: number): Promise<Application & { council_id: number }> {
  const a = await maybeOne<Application & { council_id: number }>(
    db,
    'select a.*, k.council_id from council_application a join council_call k on k.id = a.call_id where a.id = $1',
    [id],
  );
  if (!a) throw new AppError('not_found', 'No such application');
  return a;
}

export const decisionInput = z.object({
  status: z.enum(['received', 'interview', 'accepted', 'declined']),
  notes: z.string().max(8000).default(''),
  message: z.string().max(4000).default(''),
  term_start: z.string().default(''),
  term_end: z.string().default(''),
});

/**
 * Saves the review of an application. Accepting makes the applicant a member for the term given;
 * accepting or declining sends the applicant the coordinator's message.
 */
export async function decideApplication(db: Db, actor: string, id: number, input: z.infer<typeof decisionInput>): Promise<void> {
  const a = await getApplication(db, id);
  const deciding = (input.status === 'accepted' || input.status === 'declined') && a.status !== input.status;
  if (
    input.status === 'accepted' &&
    deciding &&
    !(dateText.safeParse(input.term_start).success && dateText.safeParse(input.term_end).success && input.term_end >= input.term_start)
  ) {
    throw new AppError('invalid', 'council.err.term');
  }
  if (deciding && !input.message.trim()) throw new AppError('invalid', 'council.err.message');
  await db.transaction(async (tx) => {
    await tx.query(
      `update council_application set status = $2, interview_notes = $3,
         decision_message = case when $4 then $5 else decision_message end,
         decided_by = case when $4 then $6 else decided_by end, decided_at = case when $4 then $7::timestamptz else decided_at end
       where id = $1`,
      [id, input.status, input.notes, deciding, input.message.trim(), actor, clock.now()],
    );
    if (!deciding) return;
    if (input.status === 'accepted') {
      await tx.query('insert into council_member (council_id, application_id, name, email, phone, term_start, term_end) values ($1, $2, $3, $4, $5, $6, $7)', [
        a.council_id,
        a.id,
        a.name,
        a.email,
        a.phone,
        input.term_start,
        input.term_end,
      ]);
    }
    if (a.email) {
      const t = translator(a.language);
      const council = await one<{ name: string }>(tx, 'select name from council where id = $1', [a.council_id]);
      await queueEmail(tx, {
        kind: 'council_decision',
        to: a.email,
        subject: t(input.status === 'accepted' ? 'council.mail.acceptedSubject' : 'council.mail.declinedSubject', { council: council.name }),
        body: input.message.trim(),
      });
    }
  });
}

export async function councilMembers(db: Db, councilId: number): Promise<CouncilMember[]> {
  return db.query<CouncilMember>(
    `select id, name, email, phone, to_char(term_start, 'YYYY-MM-DD') as term_start, to_char(term_end, 'YYYY-MM-DD') as term_end, to_char(left_at, 'YYYY-MM-DD') as left_at
     from council_member where council_id = $1 order by left_at nulls first, name`,
    [councilId],
  );
}

/** A member who leaves is erased; a project they took part in keeps only that a council member did. */
export async function removeCouncilMember(db: Db, councilId: number, memberId: number): Promise<void> {
  await db.transaction(async (tx) => {
    const [m] = await tx.query<{ application_id: number | null }>('delete from council_member where id = $1 and council_id = $2 returning application_id', [
      memberId,
      councilId,
    ]);
    if (m?.application_id) await tx.query('delete from council_application where id = $1', [m.application_id]);
  });
}

export const meetingInput = z.object({
  meets_at: z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/),
  place: z.string().max(300).default(''),
  agenda: z.string().max(8000).default(''),
});

export async function addMeeting(db: Db, councilId: number, input: unknown): Promise<void> {
  const i = meetingInput.parse(input);
  await db.query(`insert into council_meeting (council_id, meets_at, place, agenda) values ($1, ($2::timestamp at time zone 'Europe/Helsinki'), $3, $4)`, [
    councilId,
    i.meets_at,
    i.place,
    i.agenda,
  ]);
}

export async function saveMinutes(db: Db, councilId: number, meetingId: number, minutes: string): Promise<void> {
  await db.query('update council_meeting set minutes = $3 where id = $2 and council_id = $1', [councilId, meetingId, minutes.slice(0, 20_000)]);
}

export async function councilMeetings(db: Db, councilId: number): Promise<Meeting[]> {
  return db.query<Meeting>('select id, meets_at, place, agenda, minutes from council_meeting where council_id = $1 order by meets_at desc', [councilId]);
}

export const evaluationInput = z.object({
  node: z.string().trim().min(1).max(200),
  kind: z.enum(['evaluated', 'tested']),
  subject: z.string().trim().min(1).max(300),
  summary: z.string().max(8000).default(''),
  meeting: z.coerce
    .number()
    .int()
    .optional()
    .or(z.literal('').transform(() => undefined)),
});

export async function addEvaluation(db: Db, councilId: number, input: unknown): Promise<void> {
  const i = evaluationInput.parse(input);
  const node = await getNodeByCode(db, i.node);
  await db.query(
    `insert into council_evaluation (council_id, meeting_id, node_id, kind, subject, summary)
     values ($1, (select id from council_meeting where id = $2 and council_id = $1), $3, $4, $5, $6)`,
    [councilId, i.meeting ?? null, node.id, i.kind, i.subject, i.summary],
  );
}

export async function councilEvaluations(db: Db, councilId: number): Promise<Evaluation[]> {
  return db.query<Evaluation>(
    `select e.id, e.kind, e.subject, e.summary, n.code as node_code, n.name_fi as node_name, m.meets_at
     from council_evaluation e join org_node n on n.id = e.node_id left join council_meeting m on m.id = e.meeting_id
     where e.council_id = $1 order by e.id desc`,
    [councilId],
  );
}
