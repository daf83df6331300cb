import type { Db } from '../shared/db.ts';
import { ancestorsCte } from '../organisation/tree-queries.ts';
import { type Lang, translator } from '../shared/i18n/index.ts';
import { queueEmail } from '../messages/email-outbox.ts';
import { formatShort } from '../shared/i18n/format.ts';

export interface Handler {
  id: number;
  username: string;
  display_name: string;
  email: string | null;
  locale: Lang;
}

/**
 * The designated handlers of a node: those granted the handler role on the nearest node at or
 * above it that has any, so a unit without its own handlers falls to its result area's, and so on.
 */
export async function handlersFor(db: Db, nodeId: number): Promise<Handler[]> {
  return nearestWithRole(db, nodeId, 'handler');
}

/** Those granted a role on the nearest node at or above a node that has anyone in it. */
async function nearestWithRole(db: Db, nodeId: number, role: 'handler' | 'manager' | 'admin'): Promise<Handler[]> {
  return db.query<Handler>(
    `${ancestorsCte},
     assigned as (
       select u.id, u.username, u.display_name, u.email, u.locale, up.depth
       from up join role_assignment r on r.node_id = up.id and r.role = $2 join staff_user u on u.id = r.user_id and u.active)
     select distinct id, username, display_name, email, locale from assigned
     where depth = (select min(depth) from assigned) order by username`,
    [nodeId, role],
  );
}

/** The managers of the nearest node at or above a node that has any: whom a handler tells of a feedback. */
export async function managersFor(db: Db, nodeId: number): Promise<Handler[]> {
  return nearestWithRole(db, nodeId, 'manager');
}

export interface Responsible {
  people: Handler[];
  /** Why these people: the designated handlers, or, with none at or above the target, its nearest managers, else administrators. */
  as: 'handler' | 'manager' | 'admin';
}

/**
 * Who answers for a feedback to a node, so that none waits unseen: its designated handlers; where
 * no node at or above it has any, the nearest managers above; where none, the nearest administrators.
 */
export async function responsibleFor(db: Db, nodeId: number): Promise<Responsible> {
  for (const as of ['handler', 'manager', 'admin'] as const) {
    const people = await nearestWithRole(db, nodeId, as);
    if (people.length > 0) return { people, as };
  }
  return { people: [], as: 'admin' };
}

/**
 * Tells those who answer for the target (responsibleFor) that new feedback has come: a link, the
 * reference and the deadline, no contact details, no text. Where no handler is named, the e-mail says
 * so, so that a manager or administrator knows to handle it or to name someone.
 */
export async function notifyHandlers(
  db: Db,
  f: { id: number; reference: string; targetNodeId: number; targetName: (lang: Lang) => string; receivedAt: Date; dueAt: Date },
  publicUrl: string,
): Promise<number> {
  let sent = 0;
  const { people, as } = await responsibleFor(db, f.targetNodeId);
  for (const h of people) {
    if (!h.email) continue;
    const t = translator(h.locale);
    const when = (d: Date, time: boolean) => formatShort(d, h.locale, time);
    const target = f.targetName(h.locale);
    await queueEmail(db, {
      kind: 'feedback_new',
      to: h.email,
      subject: t('mail.new.subject', { reference: f.reference, target }),
      body:
        t('mail.new.body', {
          target,
          reference: f.reference,
          received: when(f.receivedAt, true),
          due: when(f.dueAt, false),
          link: `${publicUrl}/admin/feedback/${f.id}`,
        }) + (as === 'handler' ? '' : `\n\n${t('mail.new.noHandler', { target })}`),
    });
    sent++;
  }
  return sent;
}
