import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ZodError } from 'zod';
import { audit, type AuditEntry } from '../access/audit.ts';
import { redirectWithNotice, requireUser, type SignedInUser } from '../http/context.ts';
import type { Db } from '../shared/db.ts';
import { AppError } from '../shared/errors.ts';
import { isMessageKey, type MessageKey, type Translate } from '../shared/i18n/index.ts';
import { backgroundValueLabel } from '../surveys/background.ts';
import { poolAgeGroups } from './pool.ts';
import { canCoordinateParticipation } from '../access/permissions.ts';

export function requireCoordinator(request: FastifyRequest): SignedInUser {
  const user = requireUser(request);
  if (!canCoordinateParticipation(user)) throw new AppError('forbidden', 'Participation coordinators only');
  return user;
}

/** A refused form's reason in the user's language; anything but bad input is thrown on. */
export function refusal(request: FastifyRequest, err: unknown): string {
  if (err instanceof ZodError) {
    const fields = [...new Set(err.issues.map((i) => String(i.path[0] ?? '')))].filter(Boolean);
    return `${request.t('error.invalid')} (${fields.join(', ')})`;
  }
  if (err instanceof AppError && (err.code === 'invalid' || err.code === 'not_found')) {
    if (isMessageKey(err.message)) return request.t(err.message, (err.details ?? {}) as Record<string, string | number>);
    return err.code === 'not_found' ? request.t('error.not_found') : request.t('error.invalid');
  }
  throw err;
}

/** What was typed into a refused form, to put back into it. */
export type Typed = Record<string, string | string[] | undefined>;

export function typedValue(typed: Typed | undefined, key: string, fallback = ''): string {
  const v = typed?.[key];
  return typeof v === 'string' ? v : fallback;
}

export const idParam = (params: unknown, key = 'id'): number => {
  const n = Number((params as Record<string, string>)[key]);
  if (!Number.isInteger(n) || n <= 0 || n > 2_147_483_647) throw new AppError('not_found', 'No such record');
  return n;
};

export const euros = (cents: number, lang: string) =>
  new Intl.NumberFormat(lang === 'en' ? 'en-GB' : `${lang}-FI`, { style: 'currency', currency: 'EUR' }).format(cents / 100);

export interface Refusal {
  error: string;
  typed: Typed;
}

/**
 * A coordinator's form: checked for the role, saved, audit-logged and redirected with a notice;
 * refused for bad input, the same page again with the reason and what was typed.
 */
export function coordinatorForm(
  app: FastifyInstance,
  db: Db,
  path: string,
  handle: {
    save: (request: FastifyRequest, body: Record<string, string>, user: SignedInUser) => Promise<{ to: string; audit: AuditEntry; notice?: MessageKey }>;
    refused: (request: FastifyRequest, reply: FastifyReply, state: Refusal) => Promise<FastifyReply>;
  },
): void {
  app.post(path, async (request, reply) => {
    const user = requireCoordinator(request);
    const body = (request.body ?? {}) as Record<string, string>;
    let done: Awaited<ReturnType<typeof handle.save>>;
    try {
      done = await handle.save(request, body, user);
    } catch (err) {
      if (err instanceof AppError && err.code === 'forbidden') throw err;
      return handle.refused(request, reply, { error: refusal(request, err), typed: body });
    }
    await audit(db, user, done.audit);
    return redirectWithNotice(reply, done.to, done.notice ?? 'common.saved');
  });
}

/** The optional age group of a pool member or an applicant; "prefer not to say" first. */
export function AgeGroupSelect({ t, id, value }: { t: Translate; id: string; value: string | undefined }) {
  return (
    <>
      <label for={id}>{t('background.ageGroup')}</label>
      <select id={id} name="ageGroup">
        <option value="">{t('pool.notSaying')}</option>
        {poolAgeGroups.map((a) => (
          <option value={a} selected={value === a}>
            {backgroundValueLabel(t, 'ageGroup', a)}
          </option>
        ))}
      </select>
    </>
  );
}
