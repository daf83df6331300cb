import { clock } from '../shared/clock.ts';
import { z } from 'zod';
import type { Config } from '../shared/config.ts';
import type { Db } from '../shared/db.ts';
import { AppError } from '../shared/errors.ts';
import { emailHash, phoneHash } from './phone.ts';
import { keyedDigest } from '../shared/keyed-hash.ts';
import { normalisePhone } from '../shared/phone.ts';
import { planSend } from './schedule.ts';
import { sendRule, smsSettings, type SmsSettings, visitTypes, type VisitType } from './sms-settings.ts';

export const maxVisitBatch = 5000;

const visitSchema = z.object({
  eventId: z.string().min(1).max(200),
  source: z.string().min(1).max(100).optional(),
  unit: z.string().min(1).max(200),
  visitAt: z.string().datetime({ offset: true }),
  type: z.enum(visitTypes),
  callType: z.enum(['line', 'callback']).optional(),
  phone: z.string().max(40).optional(),
  /** Instead of a phone number: the invitation goes by e-mail as a one-time link. */
  email: z.string().max(254).optional(),
  language: z.string().max(20).optional(),
  age: z.number().int().min(0).max(130).optional(),
  consent: z.boolean(),
  nonDisclosure: z.boolean(),
  background: z.record(z.string().regex(/^[a-zA-Z][a-zA-Z0-9]{0,39}$/), z.string().max(60)).optional(),
});
export type VisitInput = z.input<typeof visitSchema>;

export interface VisitResult {
  eventId: string | null;
  /** created: waits for its time; held: the unit is not known yet (kept, tried again after imports); skipped: a rule says no */
  status: 'created' | 'duplicate' | 'held' | 'skipped' | 'invalid';
  reason?: string;
  errors?: { field: string; message: string }[];
}

/** fi and sv from any usual way of naming them; any other language gets English. */
export function surveyLanguage(language: string | undefined): 'fi' | 'sv' | 'en' {
  if (!language) return 'fi';
  const l = language.trim().toLowerCase();
  if (['fi', 'fin', 'fi-fi', 'suomi', 'finnish', 'finska'].includes(l)) return 'fi';
  if (['sv', 'swe', 'sv-fi', 'sv-se', 'ruotsi', 'svenska', 'swedish'].includes(l)) return 'sv';
  return 'en';
}

/**
 * The rules that can be decided when the visit arrives. The phone number is dropped at once for
 * any visit that will never be asked.
 */
function decide(
  v: z.infer<typeof visitSchema>,
  contact: string | null,
  rule: ReturnType<typeof sendRule>,
  now: Date,
): { reason?: string; plan?: { sendAfter: Date; sendBefore: Date } } {
  if (!v.consent) return { reason: 'no_consent' };
  if (v.nonDisclosure) return { reason: 'non_disclosure' };
  if (v.age === undefined) return { reason: 'age_unknown' };
  if (v.age < 18) return { reason: 'under_18' };
  if (!contact) return { reason: 'no_phone' };
  const plan = planSend(new Date(v.visitAt), rule);
  if (!plan || plan.sendBefore < now) return { reason: 'too_late' };
  return { plan };
}

/**
 * Takes visit events from patient and client systems. Each item stands alone: a valid one is
 * stored once (the same source and event id again is a duplicate), one for a unit Kaiku does not
 * know is held, not lost, and an invalid one comes back with what is wrong. Rows go in with one
 * statement per batch.
 */
export async function acceptVisits(
  db: Db,
  config: Config,
  items: unknown[],
  now = clock.now(),
  opts: { within?: Set<number> | undefined } = {},
): Promise<VisitResult[]> {
  if (items.length > maxVisitBatch) throw new AppError('invalid', `At most ${maxVisitBatch} visits at a time`);
  const settings: SmsSettings = await smsSettings(db);
  const parsed = items.map((raw) => visitSchema.safeParse(raw));
  const codes = [...new Set(parsed.flatMap((p) => (p.success ? [p.data.unit] : [])))];
  const units = new Map(
    (await db.query<{ id: number; code: string; active: boolean }>('select id, code, active from org_node where code = any($1)', [codes])).map((u) => [
      u.code,
      u,
    ]),
  );
  const results: VisitResult[] = [];
  const rows: unknown[][] = [];
  for (const [i, p] of parsed.entries()) {
    if (!p.success) {
      const raw = items[i] as { eventId?: unknown } | null;
      results.push({
        eventId: raw && typeof raw.eventId === 'string' ? raw.eventId : null,
        status: 'invalid',
        errors: p.error.issues.map((x) => ({ field: x.path.join('.'), message: x.message })),
      });
      continue;
    }
    const v = p.data;
    const phone = normalisePhone(v.phone);
    if (v.phone && !phone) {
      results.push({ eventId: v.eventId, status: 'invalid', errors: [{ field: 'phone', message: 'not a phone number' }] });
      continue;
    }
    // A phone number wins: the SMS survey is the channel of choice; an address stands in for a missing number.
    const email = phone ? null : (v.email?.trim().toLowerCase() ?? null);
    if (email && !z.email().safeParse(email).success) {
      results.push({ eventId: v.eventId, status: 'invalid', errors: [{ field: 'email', message: 'not an e-mail address' }] });
      continue;
    }
    const unit = units.get(v.unit);
    // A key made for part of the organisation sends visits of its own units only (none held for later).
    if (opts.within && (!unit || !opts.within.has(unit.id))) {
      results.push({ eventId: v.eventId, status: 'invalid', errors: [{ field: 'unit', message: 'outside the part of the organisation this key is for' }] });
      continue;
    }
    const type = v.type as VisitType;
    const { reason, plan } = decide(v, phone ?? email, sendRule(config, settings, type), now);
    const held = !reason && !unit?.active;
    const status = reason ? 'skipped' : held ? 'held' : 'pending';
    // A visit never to be asked keeps nothing but its unit, type and reason; the others keep what
    // their rules need until they are decided. Not the event id: a keyed hash of it takes the
    // same event once, and nobody can look a visit up by it.
    const keep = status !== 'skipped';
    rows.push([
      await keyedDigest(db, v.source ?? 'default', v.eventId),
      held ? v.unit : null,
      unit?.id ?? null,
      keep ? v.visitAt : null,
      type,
      keep ? (v.callType ?? null) : null,
      keep ? phone : null,
      keep && phone ? await phoneHash(db, phone) : keep && email ? await emailHash(db, email) : null,
      keep ? (v.language ?? null) : null,
      keep ? (v.age ?? null) : null,
      v.consent,
      v.nonDisclosure,
      JSON.stringify(keep ? (v.background ?? {}) : {}),
      status,
      reason ?? null,
      plan?.sendAfter.toISOString() ?? null,
      plan?.sendBefore.toISOString() ?? null,
      keep ? email : null,
    ]);
    results.push({
      eventId: v.eventId,
      status: status === 'pending' ? 'created' : status,
      ...(reason ? { reason } : held ? { reason: unit ? 'unit_closed' : 'unknown_unit' } : {}),
    });
  }
  if (rows.length) {
    const col = (i: number) => rows.map((r) => r[i]);
    const inserted = await db.query<{ event_key: string }>(
      `insert into visit (event_key, unit_code, unit_node_id, visit_at, type, call_type, phone, phone_hash, language, age, consent,
         non_disclosure, background, status, skip_reason, send_after, send_before, email, received_at)
       select *, $19::timestamptz from unnest($1::text[], $2::text[], $3::int[], $4::timestamptz[], $5::text[], $6::text[], $7::text[], $8::text[],
         $9::text[], $10::int[], $11::boolean[], $12::boolean[], $13::jsonb[], $14::text[], $15::text[], $16::timestamptz[], $17::timestamptz[], $18::text[])
       on conflict (event_key) do nothing
       returning event_key`,
      [...Array.from({ length: 18 }, (_, i) => col(i)), now],
    );
    const fresh = new Set(inserted.map((r) => r.event_key));
    let k = 0;
    for (const r of results) {
      if (r.status === 'invalid') continue;
      const row = rows[k++]!;
      // consumed on first use: the same event twice in one batch is a duplicate too
      if (!fresh.delete(row[0] as string)) {
        r.status = 'duplicate';
        delete r.reason;
      }
    }
  }
  return results;
}

/** What a decided visit forgets: everything about the person and the visit but its unit, type and outcome. */
export const forgetVisit = `visit_at = null, age = null, language = null, call_type = null, background = '{}', phone = null, phone_hash = null, email = null,
  unit_code = null, send_after = null, send_before = null`;

/** Visits are kept 30 days: long after any rule needs them, long enough to take a resent event once. */
export async function deleteOldVisits(db: Db, now = clock.now()): Promise<number> {
  const rows = await db.query("delete from visit where received_at < $1::timestamptz - interval '30 days' returning 1", [now]);
  return rows.length;
}

/**
 * Held visits under a register's own code that the county has now mapped to a unit (FHIR's local
 * codes, `fhir_code_map`): they take the unit's code, and releaseHeldVisits plans them like any
 * other. A code mapped to more than one unit stays held: nothing says which one the visit was at.
 */
export async function recodeHeldVisits(db: Db, mapped: { code: string; unitCode: string }[]): Promise<number> {
  if (!mapped.length) return 0;
  const rows = await db.query(
    `update visit v set unit_code = m.unit
     from (select code, min(unit) as unit from unnest($1::text[], $2::text[]) as x(code, unit) group by code having count(distinct unit) = 1) m
     where v.status = 'held' and v.unit_code = m.code
     returning v.id`,
    [mapped.map((m) => m.code), mapped.map((m) => m.unitCode)],
  );
  return rows.length;
}

/**
 * Visits held for a unit Kaiku did not know: after the organisation is imported they get their
 * plan like any other; those that waited past their last moment are skipped and their numbers
 * dropped.
 */
export async function releaseHeldVisits(db: Db, config: Config, now = clock.now()): Promise<{ released: number; expired: number }> {
  const settings = await smsSettings(db);
  return db.transaction(async (tx) => {
    const held = await tx.query<{ id: number; visit_at: Date; type: VisitType; unit_id: number | null }>(
      `select v.id, v.visit_at, v.type, n.id as unit_id from visit v left join org_node n on n.code = v.unit_code and n.active
       where v.status = 'held' order by v.id limit 5000 for update of v skip locked`,
    );
    let released = 0;
    let expired = 0;
    for (const v of held) {
      const plan = planSend(new Date(v.visit_at), sendRule(config, settings, v.type));
      const late = !plan || plan.sendBefore < now;
      if (late) {
        await tx.query(`update visit set status = 'skipped', skip_reason = 'too_late', ${forgetVisit} where id = $1`, [v.id]);
        expired++;
      } else if (v.unit_id) {
        await tx.query("update visit set status = 'pending', unit_node_id = $2, unit_code = null, send_after = $3, send_before = $4 where id = $1", [
          v.id,
          v.unit_id,
          plan.sendAfter,
          plan.sendBefore,
        ]);
        released++;
      }
    }
    return { released, expired };
  });
}
