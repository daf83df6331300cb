import crypto from 'node:crypto';
import { z } from 'zod';
import { audit } from '../access/audit.ts';
import type { Principal } from '../access/roles.ts';
import { actorLabel } from '../access/roles.ts';
import { clock } from '../shared/clock.ts';
import { type Db, maybeOne } from '../shared/db.ts';
import { AppError } from '../shared/errors.ts';

/** How long the link in a named recipient's e-mail opens the report. */
export const sharedLinkDays = 60;

export interface NamedRecipient {
  id: number;
  name: string;
  email: string;
  locale: 'fi' | 'sv' | 'en';
  created_at: Date;
}

export const recipientInput = z.object({
  name: z.string().trim().min(2, 'name').max(200, 'name'),
  email: z.string().trim().toLowerCase().max(254, 'email').pipe(z.email('email')),
  locale: z.enum(['fi', 'sv', 'en'], { message: 'locale' }),
});

export async function namedRecipients(db: Db): Promise<NamedRecipient[]> {
  return db.query<NamedRecipient>('select id, name, email, locale, created_at from report_named_recipient order by name, id');
}

/** Adds someone to the county-level reports' list; every problem of the form at once. */
export async function addNamedRecipient(db: Db, actor: Principal, input: unknown): Promise<void> {
  const parsed = recipientInput.safeParse(input);
  if (!parsed.success) throw new AppError('invalid', 'invalid_recipient', { issues: [...new Set(parsed.error.issues.map((i) => String(i.path[0])))] });
  const r = parsed.data;
  const added = await db.query(
    'insert into report_named_recipient (name, email, locale, added_by) values ($1, $2, $3, $4) on conflict (email) do nothing returning id',
    [r.name, r.email, r.locale, actorLabel(actor)],
  );
  if (!added.length) throw new AppError('invalid', 'invalid_recipient', { issues: ['duplicate'] });
  await audit(db, actor, { action: 'report_recipient_added', targetType: 'report_named_recipient', targetId: r.email, details: { name: r.name } });
}

/** Takes someone off the list; their address and links go with them. */
export async function removeNamedRecipient(db: Db, actor: Principal, id: number): Promise<void> {
  const [gone] = await db.query<{ email: string }>('delete from report_named_recipient where id = $1 returning email', [id]);
  if (!gone) throw new AppError('not_found', 'No such recipient');
  await audit(db, actor, { action: 'report_recipient_removed', targetType: 'report_named_recipient', targetId: gone.email });
}

const digest = (token: string) => crypto.createHash('sha256').update(token).digest('hex');

/** A new secret link for one recipient's copy of a report, recorded in the caller's transaction; undefined when they have one already. */
export async function newSharedLink(db: Db, jobId: string, recipientId: number, lang: string): Promise<string | undefined> {
  const token = crypto.randomBytes(32).toString('base64url');
  const fresh = await db.query(
    `insert into report_named_delivery (job_id, recipient_id, token_hash, lang, expires_at) values ($1, $2, $3, $4, $5)
     on conflict (job_id, recipient_id) do nothing returning 1`,
    [jobId, recipientId, digest(token), lang, new Date(clock.now().getTime() + sharedLinkDays * 86_400_000)],
  );
  return fresh.length ? token : undefined;
}

/** The report a secret link opens, while it is valid. */
export async function sharedReport(db: Db, token: string): Promise<{ jobId: string; lang: string; pdf: Buffer } | undefined> {
  if (!/^[A-Za-z0-9_-]{43}$/.test(token)) return undefined;
  const row = await maybeOne<{ job_id: string; lang: string; pdf: Buffer }>(
    db,
    `select d.job_id, d.lang, f.pdf from report_named_delivery d join report_file f on f.job_id = d.job_id and f.lang = d.lang
     where d.token_hash = $1 and d.expires_at > $2`,
    [digest(token), clock.now()],
  );
  return row ? { jobId: row.job_id, lang: row.lang, pdf: Buffer.from(row.pdf) } : undefined;
}
