import type { Db } from '../shared/db.ts';
import { maybeOne } from '../shared/db.ts';
import { formatDate } from '../shared/i18n/format.ts';
import { translator } from '../shared/i18n/index.ts';
import { queueEmail } from '../messages/email-outbox.ts';
import { addInvitationLink } from '../participation/pool-rounds.ts';
import { newCode } from '../surveys/collection-points.ts';
import { countFunnelStep } from '../surveys/funnel.ts';
import { stopToken } from './email-stop.ts';

/**
 * The invitation-only e-mail collection point of a unit's survey for one set of background values
 * (age group, kind of call, …). The background rides on the point, not on the link: a link carries
 * nothing of the visit, and a point is shared by everyone of the same group at the unit.
 */
async function emailPoint(tx: Db, surveyId: string, nodeId: number, background: Record<string, string>): Promise<number> {
  const sorted = Object.fromEntries(Object.entries(background).sort(([a], [b]) => (a < b ? -1 : 1)));
  const found = await maybeOne<{ id: number }>(
    tx,
    "select id from collection_point where survey_id = $1 and node_id = $2 and channel = 'email' and invitation_only and background = $3::jsonb order by id limit 1",
    [surveyId, nodeId, JSON.stringify(sorted)],
  );
  if (found) return found.id;
  const [created] = await tx.query<{ id: number }>(
    `insert into collection_point (code, survey_id, node_id, channel, name, background, invitation_only) values ($1, $2, $3, 'email', $4, $5, true) returning id`,
    [newCode(), surveyId, nodeId, 'Sähköpostikutsut käynneistä', JSON.stringify(sorted)],
  );
  return created!.id;
}

/**
 * Invites a visit's customer by e-mail: a one-time link to the web survey, under the same rules as
 * an SMS request. The message body is blanked once sent, so after delivery nothing ties the address
 * to the link, and nothing ties the link to the answer.
 */
export async function inviteByEmail(
  tx: Db,
  v: {
    email: string;
    recipientHash: string;
    surveyId: string;
    nodeId: number;
    unitName: string;
    visitAt: Date;
    lang: 'fi' | 'sv' | 'en';
    background: Record<string, string>;
    call: boolean;
    days: number;
  },
  publicUrl: string,
  now: Date,
): Promise<void> {
  const point = await emailPoint(tx, v.surveyId, v.nodeId, v.background);
  const token = await addInvitationLink(tx, point, `Sähköpostikutsut: ${v.surveyId}`);
  const t = translator(v.lang);
  const facts = {
    stop: `${publicUrl}/kyselyt/ei-kiitos/${await stopToken(tx, v.recipientHash)}`,
    unit: v.unitName,
    date: formatDate(v.visitAt, v.lang),
    link: `${publicUrl}/p/${token}${v.lang === 'fi' ? '' : `?in=${v.lang}`}`,
    days: v.days,
  };
  await queueEmail(tx, {
    kind: 'visit_invitation',
    to: v.email,
    subject: t('sms.mail.subject', facts),
    body: t(v.call ? 'sms.mail.bodyCall' : 'sms.mail.body', facts),
    secretBody: true,
  });
  await countFunnelStep(tx, { survey: v.surveyId, nodeId: v.nodeId, channel: 'email', when: now }, 'invited');
}
