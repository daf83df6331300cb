import crypto from 'node:crypto';
import type { Db } from '../shared/db.ts';
import { maybeOne } from '../shared/db.ts';
import { AppError } from '../shared/errors.ts';
import { type Lang, translator } from '../shared/i18n/index.ts';
import { queueEmail } from '../messages/email-outbox.ts';
import { queueSms } from '../messages/sms-outbox.ts';
import { type CollectionPoint, findCollectionPoint, newCode } from '../surveys/collection-points.ts';
import { latestVersion } from '../surveys/survey-queries.ts';
import { ancestry, findNodeByCode, roots, subtreeCte } from '../organisation/tree-queries.ts';
import { canInviteStaff } from '../access/permissions.ts';
import type { Principal } from '../access/roles.ts';
import { countyPopulation, drawPanel, type PanelFit } from './panel.ts';
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

/** Who a round goes to: every confirmed member, a panel drawn to match the population, or the staff of a part of the organisation. */
export type RoundAudience = { kind: 'pool' } | { kind: 'panel'; size: number } | { kind: 'staff'; nodeId: number };

interface Recipient {
  email: string | null;
  phone: string | null;
  language: Lang;
  /** pool members' own leaving link; staff have none */
  leaveToken: string | null;
}

async function recipients(tx: Db, audience: RoundAudience): Promise<{ people: Recipient[]; profile?: PanelFit }> {
  if (audience.kind === 'staff') {
    const people = await tx.query<{ email: string; language: Lang }>(
      `${subtreeCte}
       select distinct on (lower(u.email)) u.email, u.locale as language
       from staff_user u join role_assignment r on r.user_id = u.id join sub on sub.id = r.node_id
       where u.active and u.email is not null order by lower(u.email)`,
      [audience.nodeId],
    );
    return { people: people.map((p) => ({ email: p.email, phone: null, language: p.language, leaveToken: null })) };
  }
  const members = await tx.query<{
    id: number;
    email: string | null;
    phone: string | null;
    language: Lang;
    leave_token: string;
    age_group: string | null;
    municipality: string | null;
  }>('select id, email, phone, language, leave_token, age_group, municipality from pool_member where confirmed_at is not null');
  const asRecipient = (m: (typeof members)[number]): Recipient => ({ email: m.email, phone: m.phone, language: m.language, leaveToken: m.leave_token });
  if (audience.kind === 'pool') return { people: members.map(asRecipient) };
  const population = await countyPopulation(tx);
  if (!Object.keys(population.ageGroups).length || !Object.keys(population.municipalities).length) throw new AppError('invalid', 'panel.err.noPopulation');
  if (!Number.isInteger(audience.size) || audience.size < 1 || audience.size > members.length)
    throw new AppError('invalid', 'panel.err.size', { max: members.length });
  const byId = new Map(members.map((m) => [m.id, m]));
  const { chosen, fit } = drawPanel(
    members.map((m) => ({ id: m.id, ageGroup: m.age_group, municipality: m.municipality })),
    population,
    audience.size,
  );
  return { people: chosen.map((c) => asRecipient(byId.get(c.id)!)), profile: fit };
}

/** The audience a round form asks for; inviting staff needs the coordinator's power over that part of the organisation. */
export async function roundAudience(db: Db, user: Principal, body: Record<string, string>): Promise<RoundAudience> {
  if (body.audience === 'panel') return { kind: 'panel', size: Number(body.panelSize) };
  if (body.audience !== 'staff') return { kind: 'pool' };
  const node = await findNodeByCode(db, String(body.node ?? ''));
  if (!node) throw new AppError('invalid', 'panel.err.noStaff');
  if (
    !canInviteStaff(
      user,
      (await ancestry(db, node.id)).map((n) => n.id),
    )
  )
    throw new AppError('forbidden', 'forbidden');
  return { kind: 'staff', nodeId: node.id };
}

const pointName = { pool: 'Asukaspooli', panel: 'Asukaspaneeli', staff: 'Henkilöstö' } as const;

/**
 * Invites a pool, a panel or staff to a survey. Each person gets a one-time link; the database keeps
 * only the links' hashes, in random order, with no person beside them. The messages are blanked
 * once sent, so after delivery nothing ties a person to a link, and nothing ties a link to an answer.
 */
export async function sendPoolRound(
  db: Db,
  actor: string,
  input: { surveyId: string; title: string; audience?: RoundAudience },
  publicUrl: string,
): Promise<{ roundId: number; invited: number; profile?: PanelFit }> {
  const audience = input.audience ?? { kind: 'pool' };
  const title = input.title.trim();
  if (!title || title.length > 200) throw new AppError('invalid', 'pool.err.title');
  const version = await latestVersion(db, input.surveyId).catch(() => undefined);
  if (!version) throw new AppError('invalid', 'pool.err.survey');
  const [county] = await roots(db);
  if (!county) throw new AppError('invalid', 'No county');
  const nodeId = audience.kind === 'staff' ? audience.nodeId : county.id;
  return db.transaction(async (tx) => {
    const { people, profile } = await recipients(tx, audience);
    if (!people.length) throw new AppError('invalid', audience.kind === 'staff' ? 'panel.err.noStaff' : 'panel.err.noMembers');
    const [cp] = await tx.query<{ id: number }>(
      `insert into collection_point (code, survey_id, node_id, channel, name, background, invitation_only) values ($1, $2, $3, 'link', $4, $5, true) returning id`,
      [newCode(), input.surveyId, nodeId, `${pointName[audience.kind]}: ${title}`.slice(0, 200), '{}'],
    );
    const [round] = await tx.query<{ id: number }>(
      'insert into pool_round (collection_point_id, title, invited, created_by, audience, node_id, profile) values ($1, $2, $3, $4, $5, $6, $7) returning id',
      [cp!.id, title, people.length, actor, audience.kind, audience.kind === 'staff' ? nodeId : null, profile ? JSON.stringify(profile) : null],
    );
    const tokens = people.map(() => secret());
    const hashes = shuffled(tokens.map(sha256));
    await tx.query('insert into pool_invitation (token_hash, round_id) select h, $2 from unnest($1::text[]) h', [hashes, round!.id]);
    for (const [i, m] of people.entries()) {
      const t = translator(m.language);
      const link = `${publicUrl}/p/${tokens[i]}`;
      if (!m.leaveToken) {
        await queueEmail(tx, {
          kind: 'staff_invitation',
          to: m.email!,
          subject: t('round.mail.staffSubject', { title }),
          body: t('round.mail.staffBody', { title, link }),
          secretBody: true,
        });
        continue;
      }
      const links = { title, link, leave: `${publicUrl}/asukaspooli/poistu/${m.leaveToken}` };
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
    return { roundId: round!.id, invited: people.length, profile };
  });
}

/**
 * One more one-time link to an invitation-only collection point, for a visit's e-mail invitation.
 * The links of one point share a round; like the pool's, a link is kept only as its hash, with no
 * visit, address or time beside it.
 */
export async function addInvitationLink(tx: Db, collectionPointId: number, title: string): Promise<string> {
  let round = await maybeOne<{ id: number }>(tx, "select id from pool_round where collection_point_id = $1 and audience = 'visit' for update", [
    collectionPointId,
  ]);
  if (!round)
    [round] = await tx.query<{ id: number }>(
      "insert into pool_round (collection_point_id, title, invited, created_by, audience) values ($1, $2, 0, 'visits', 'visit') returning id",
      [collectionPointId, title.slice(0, 200)],
    );
  const token = secret();
  await tx.query('insert into pool_invitation (token_hash, round_id) values ($1, $2)', [sha256(token), round!.id]);
  await tx.query('update pool_round set invited = invited + 1 where id = $1', [round!.id]);
  return token;
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
