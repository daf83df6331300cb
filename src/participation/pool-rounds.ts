import crypto from 'node:crypto';
import type { Db } from '../shared/db.ts';
import { maybeOne } from '../shared/db.ts';
import { AppError } from '../shared/errors.ts';
import { type Lang, translator } from '../shared/i18n/index.ts';
import { queueEmail } from '../messages/email-outbox.ts';
import { queueSms } from '../messages/sms-outbox.ts';
import { type CollectionPoint, findCollectionPoint, newCode } from '../surveys/collection-points.ts';
import { latestVersion } from '../surveys/survey-queries.ts';
import { roots } from '../organisation/tree-queries.ts';
import { sha256 } from '../shared/sha256.ts';
import { secret } from './pool.ts';

/** Fisher–Yates with a cryptographic source: the stored order of invitations says nothing of the members'. */
function shuffled<T>(items: T[]): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = crypto.randomInt(i + 1);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

/**
 * Invites every confirmed member to a survey. Each member gets a one-time link; the database keeps
 * only the links' hashes, in random order, with no member beside them. The messages are blanked
 * once sent, so after delivery nothing ties a member to a link, and nothing ties a link to an answer.
 */
export async function sendPoolRound(
  db: Db,
  actor: string,
  input: { surveyId: string; title: string },
  publicUrl: string,
): Promise<{ roundId: number; invited: number }> {
  const title = input.title.trim();
  if (!title || title.length > 200) throw new AppError('invalid', 'pool.err.title');
  const version = await latestVersion(db, input.surveyId).catch(() => undefined);
  if (!version) throw new AppError('invalid', 'pool.err.survey');
  const [county] = await roots(db);
  if (!county) throw new AppError('invalid', 'No county');
  return db.transaction(async (tx) => {
    const [cp] = await tx.query<{ id: number }>(
      `insert into collection_point (code, survey_id, node_id, channel, name, background, invitation_only) values ($1, $2, $3, 'link', $4, '{}', true) returning id`,
      [newCode(), input.surveyId, county.id, `Asukaspooli: ${title}`.slice(0, 200)],
    );
    const members = await tx.query<{ email: string | null; phone: string | null; language: Lang; leave_token: string }>(
      'select email, phone, language, leave_token from pool_member where confirmed_at is not null',
    );
    const [round] = await tx.query<{ id: number }>(
      'insert into pool_round (collection_point_id, title, invited, created_by) values ($1, $2, $3, $4) returning id',
      [cp!.id, title, members.length, actor],
    );
    const tokens = members.map(() => secret());
    const hashes = shuffled(tokens.map(sha256));
    if (hashes.length) await tx.query('insert into pool_invitation (token_hash, round_id) select h, $2 from unnest($1::text[]) h', [hashes, round!.id]);
    for (const [i, m] of members.entries()) {
      const t = translator(m.language);
      const links = { title, link: `${publicUrl}/p/${tokens[i]}`, leave: `${publicUrl}/asukaspooli/poistu/${m.leave_token}` };
      if (m.email)
        await queueEmail(tx, {
          kind: 'pool_invitation',
          to: m.email,
          subject: t('pool.mail.inviteSubject', links),
          body: t('pool.mail.inviteBody', links),
          secretBody: true,
        });
      else if (m.phone) await queueSms(tx, { kind: 'pool_invitation', to: m.phone, body: t('pool.sms.invite', links), secretBody: true });
    }
    return { roundId: round!.id, invited: members.length };
  });
}

export type InvitedPoint = { state: 'open'; cp: CollectionPoint } | { state: 'used' } | { state: 'unknown' };

/** The collection point behind a one-time link, if the link is still unused. */
export async function findInvitedPoint(db: Db, token: string, opts: { evenIfUsed?: boolean } = {}): Promise<InvitedPoint> {
  if (!/^[A-Za-z0-9_-]{32}$/.test(token)) return { state: 'unknown' };
  const inv = await maybeOne<{ spent: boolean; code: string }>(
    db,
    `select i.spent, cp.code from pool_invitation i join pool_round r on r.id = i.round_id join collection_point cp on cp.id = r.collection_point_id where i.token_hash = $1`,
    [sha256(token)],
  );
  if (!inv) return { state: 'unknown' };
  if (inv.spent && !opts.evenIfUsed) return { state: 'used' };
  const cp = await findCollectionPoint(db, inv.code);
  return cp ? { state: 'open', cp } : { state: 'unknown' };
}

/**
 * Spends a link before its answer is stored, in a transaction of its own: spending and storing in
 * one transaction would give both rows the same transaction id, a join between link and answer.
 */
export async function spendInvitation(db: Db, token: string): Promise<boolean> {
  const rows = await db.query('update pool_invitation set spent = true where token_hash = $1 and not spent returning round_id', [sha256(token)]);
  return rows.length > 0;
}

/** Gives a link back when its answer could not be stored, so the member can try again. */
export async function restoreInvitation(db: Db, token: string): Promise<void> {
  await db.query('update pool_invitation set spent = false where token_hash = $1', [sha256(token)]);
}
