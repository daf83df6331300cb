import { clock } from '../shared/clock.ts';
import crypto from 'node:crypto';
import { z } from 'zod';
import type { Db } from '../shared/db.ts';
import { sha256 } from '../shared/sha256.ts';
import { maybeOne } from '../shared/db.ts';
import { type Lang, translator } from '../shared/i18n/index.ts';
import { queueEmail } from '../messages/email-outbox.ts';
import { normalisePhone } from '../shared/phone.ts';
import { queueSms } from '../messages/sms-outbox.ts';
import { backgroundVariables } from '../surveys/background.ts';

/** The services a member may say they use; shown to staff only as counts. */
export const poolServices = [
  'health_centre',
  'oral_health',
  'mental_health',
  'substance_abuse',
  'social_work',
  'family',
  'elderly',
  'disability',
  'emergency',
  'rehabilitation',
] as const;
export const poolAgeGroups = backgroundVariables.ageGroup!.filter((a) => a !== '0-12');

export const secret = () => crypto.randomBytes(24).toString('base64url');

export interface JoinInput {
  contact: string;
  language: Lang;
  consentText: string;
  consent: boolean;
  ageGroup?: string | undefined;
  municipality?: string | undefined;
  services: string[];
  projectName?: string | undefined;
}

export type JoinError = 'contact' | 'consent' | 'projectName';

/** An e-mail address or a Finnish/international phone number, told apart by the "@". */
export function parseContact(raw: string): { email: string } | { phone: string } | null {
  const s = raw.trim();
  if (s.includes('@')) return z.email().max(254).safeParse(s).success ? { email: s.toLowerCase() } : null;
  const phone = normalisePhone(s);
  return phone ? { phone } : null;
}

export function validateJoin(input: JoinInput): JoinError[] {
  const errors: JoinError[] = [];
  if (!parseContact(input.contact)) errors.push('contact');
  if (!input.consent) errors.push('consent');
  if ((input.projectName ?? '').length > 200) errors.push('projectName');
  return errors;
}

/**
 * Adds a person to the pool, pending until they confirm from the link sent to them, so that no
 * one can put another's address in the pool. Joining again with the same address answers the same
 * way (the page never tells whether an address is in the pool) and sends a fresh link.
 */
export async function joinPool(db: Db, input: JoinInput, publicUrl: string): Promise<void> {
  const contact = parseContact(input.contact);
  if (!contact || !input.consent) throw new Error('validate first');
  const confirm = secret();
  await db.transaction(async (tx) => {
    const existing = await maybeOne<{ id: number; confirmed_at: Date | null; leave_token: string }>(
      tx,
      'email' in contact
        ? 'select id, confirmed_at, leave_token from pool_member where lower(email) = $1'
        : 'select id, confirmed_at, leave_token from pool_member where phone = $1',
      ['email' in contact ? contact.email : contact.phone],
    );
    const services = input.services.filter((s) => (poolServices as readonly string[]).includes(s));
    const ageGroup = input.ageGroup && poolAgeGroups.includes(input.ageGroup) ? input.ageGroup : null;
    const municipality = input.municipality?.trim().slice(0, 80) || null;
    let leave: string;
    if (existing) {
      leave = existing.leave_token;
      await tx.query(
        `update pool_member set confirm_hash = $2, language = $3, consent_text = $4, consented_at = $9, age_group = $5, municipality = $6, services = $7, project_name = $8 where id = $1`,
        [existing.id, sha256(confirm), input.language, input.consentText, ageGroup, municipality, services, input.projectName?.trim() || null, clock.now()],
      );
    } else {
      leave = secret();
      await tx.query(
        `insert into pool_member (email, phone, language, consent_text, confirm_hash, leave_token, age_group, municipality, services, project_name, consented_at)
         values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
        [
          'email' in contact ? contact.email : null,
          'phone' in contact ? contact.phone : null,
          input.language,
          input.consentText,
          sha256(confirm),
          leave,
          ageGroup,
          municipality,
          services,
          input.projectName?.trim() || null,
          clock.now(),
        ],
      );
    }
    const t = translator(input.language);
    const links = { confirm: `${publicUrl}/asukaspooli/vahvista/${confirm}`, leave: `${publicUrl}/asukaspooli/poistu/${leave}` };
    const alreadyIn = !!existing?.confirmed_at;
    if ('email' in contact) {
      await queueEmail(tx, {
        kind: 'pool_confirm',
        to: contact.email,
        subject: t('pool.mail.confirmSubject'),
        body: alreadyIn ? t('pool.mail.alreadyBody', links) : t('pool.mail.confirmBody', links),
      });
    } else {
      await queueSms(tx, { kind: 'pool_confirm', to: contact.phone, body: alreadyIn ? t('pool.sms.already', links) : t('pool.sms.confirm', links) });
    }
  });
}

/** Confirms a membership from its link; false when the link is unknown (used, replaced or left). */
export async function confirmMember(db: Db, confirmSecret: string): Promise<boolean> {
  const rows = await db.query(`update pool_member set confirmed_at = coalesce(confirmed_at, $2) where confirm_hash = $1 returning id`, [
    sha256(confirmSecret),
    clock.now(),
  ]);
  return rows.length > 0;
}

export async function memberByLeaveToken(db: Db, token: string): Promise<{ id: number } | undefined> {
  return maybeOne(db, 'select id from pool_member where leave_token = $1', [token]);
}

/** Leaving erases the member: contact, consent and background facts go; project rows keep only that someone took part. */
export async function leavePool(db: Db, token: string): Promise<boolean> {
  const rows = await db.query('delete from pool_member where leave_token = $1 returning id', [token]);
  return rows.length > 0;
}

export interface PoolFigures {
  members: number;
  pending: number;
  threshold: number;
  ageGroups: { key: string; count: number | null }[];
  municipalities: { key: string; count: number | null }[];
  services: { key: string; count: number | null }[];
  rounds: {
    id: number;
    title: string;
    invited: number;
    answered: number;
    created_at: Date;
    code: string;
    survey_id: string;
    audience: 'pool' | 'panel' | 'staff' | 'visit';
    node_code: string | null;
    node_name_fi: string | null;
    node_name_sv: string | null;
    node_name_en: string | null;
    largest_gap: number | null;
  }[];
}

/** The pool in counts only: groups smaller than the anonymity threshold show no number. */
export async function poolFigures(db: Db): Promise<PoolFigures> {
  const threshold = Number((await maybeOne<{ value: number }>(db, "select value from setting where key = 'anonymity_threshold'"))?.value ?? 5);
  const counts = await maybeOne<{ members: number; pending: number }>(
    db,
    'select count(*) filter (where confirmed_at is not null)::int as members, count(*) filter (where confirmed_at is null)::int as pending from pool_member',
  );
  const grouped = async (sql: string) =>
    (await db.query<{ key: string; count: number }>(sql)).map((r) => ({ key: r.key, count: r.count >= threshold ? r.count : null }));
  const confirmed = 'from pool_member where confirmed_at is not null';
  return {
    members: counts?.members ?? 0,
    pending: counts?.pending ?? 0,
    threshold,
    ageGroups: await grouped(`select coalesce(age_group, '(none)') as key, count(*)::int as count ${confirmed} group by 1 order by 1`),
    municipalities: await grouped(
      `select coalesce(initcap(municipality), '(none)') as key, count(*)::int as count ${confirmed} group by 1 order by 2 desc, 1 limit 30`,
    ),
    services: await grouped(
      'select s as key, count(*)::int as count from pool_member, unnest(services) s where confirmed_at is not null group by 1 order by 2 desc',
    ),
    rounds: await db.query(
      `select r.id, r.title, r.invited, r.created_at, cp.code, cp.survey_id, r.audience,
              n.code as node_code, n.name_fi as node_name_fi, n.name_sv as node_name_sv, n.name_en as node_name_en,
              (r.profile->>'largestGap')::float8 as largest_gap,
              (select count(*)::int from pool_invitation i where i.round_id = r.id and i.spent) as answered
       from pool_round r join collection_point cp on cp.id = r.collection_point_id left join org_node n on n.id = r.node_id
       where r.audience <> 'visit'
       order by r.id desc`,
    ),
  };
}
