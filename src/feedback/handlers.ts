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
  return db.query<Handler>(
    `${ancestorsCte},
     assigned as (
       select u.id, u.username, u.display_name, u.email, u.locale, up.depth
       from up join role_assignment r on r.node_id = up.id and r.role = 'handler' join staff_user u on u.id = r.user_id and u.active)
     select distinct id, username, display_name, email, locale from assigned
     where depth = (select min(depth) from assigned) order by username`,
    [nodeId],
  );
}

/** Tells the handlers new feedback has come: a link, the reference and the deadline, no contact details, no text. */
export async function notifyHandlers(
  db: Db,
  f: { id: number; reference: string; targetNodeId: number; targetName: (lang: Lang) => string; receivedAt: Date; dueAt: Date },
  publicUrl: string,
): Promise<number> {
  let sent = 0;
  for (const h of await handlersFor(db, f.targetNodeId)) {
    if (!h.email) continue;
    const t = translator(h.locale);
    const when = (d: Date, time: boolean) => formatShort(d, h.locale, time);
    const target = f.targetName(h.locale);
    await queueEmail(db, {
      kind: 'feedback_new',
      to: h.email,
      subject: t('mail.new.subject', { reference: f.reference, target }),
      body: t('mail.new.body', {
        target,
        reference: f.reference,
        received: when(f.receivedAt, true),
        due: when(f.dueAt, false),
        link: `${publicUrl}/admin/feedback/${f.id}`,
      }),
    });
    sent++;
  }
  return sent;
}
