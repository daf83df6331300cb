import { clock } from '../shared/clock.ts';
import type { Db } from '../shared/db.ts';
import { ancestorsCte } from '../organisation/tree-queries.ts';
import { formatShort } from '../shared/i18n/format.ts';
import { type Lang, translator } from '../shared/i18n/index.ts';
import { queueEmail } from '../messages/email-outbox.ts';
import { handlersFor, type Handler, responsibleFor } from './handlers.ts';

interface Due {
  id: number;
  reference: string;
  target_node_id: number;
  due_at: Date;
  name_fi: string;
  name_sv: string | null;
  name_en: string | null;
}

const targetName = (f: Due, lang: Lang) => (lang === 'sv' ? f.name_sv : lang === 'en' ? f.name_en : null) ?? f.name_fi;

/**
 * The managers of the level above a node: those granted the manager role on the nearest ancestor
 * that has any. Feedback to the county itself has no level above; its administrators are told.
 */
export async function managersAbove(db: Db, nodeId: number): Promise<Handler[]> {
  return db.query<Handler>(
    `${ancestorsCte},
     candidates as (
       select u.id, u.username, u.display_name, u.email, u.locale, up.depth, r.role
       from up join role_assignment r on r.node_id = up.id join staff_user u on u.id = r.user_id and u.active
       where (r.role = 'manager' and up.depth > 0) or (r.role = 'admin' and up.parent_id is null)),
     chosen as (
       select * from candidates where role = 'manager' and depth = (select min(depth) from candidates where role = 'manager')
       union all select * from candidates where role = 'admin' and not exists (select 1 from candidates where role = 'manager'))
     select distinct id, username, display_name, email, locale from chosen order by username`,
    [nodeId],
  );
}

const claim = (condition: string, column: 'reminded_at' | 'escalated_at') =>
  // One transaction claims a batch ("skip locked": another instance takes the others) and queues
  // the e-mail with it, so each reminder is sent once even with several instances running.
  `update feedback f set ${column} = $1
   from org_node n
   where f.id in (select id from feedback where status in ('new', 'in_progress') and ${column} is null and ${condition}
                  order by due_at limit 200 for update skip locked)
     and n.id = f.target_node_id
   returning f.id, f.reference, f.target_node_id, f.due_at, n.name_fi, n.name_sv, n.name_en`;

/**
 * Before the deadline (48 hours unless the county sets otherwise) the handlers get a reminder;
 * once it has passed, the managers of the level above are told. Each happens once per feedback
 * and is recorded in its history. Moving feedback to another unit starts both again.
 */
export async function remindAndEscalate(db: Db, publicUrl: string, now = clock.now()): Promise<{ reminded: number; escalated: number }> {
  const link = (id: number) => `${publicUrl}/admin/feedback/${id}`;
  const reminded = await db.transaction(async (tx) => {
    const rows = await tx.query<Due>(
      claim("due_at > $1 and due_at - make_interval(hours => (select (value)::int from setting where key = 'feedback_reminder_hours')) <= $1", 'reminded_at'),
      [now],
    );
    for (const f of rows) {
      for (const h of (await responsibleFor(tx, f.target_node_id)).people) {
        if (!h.email) continue;
        const t = translator(h.locale);
        const due = formatShort(f.due_at, h.locale, true);
        await queueEmail(tx, {
          kind: 'feedback_reminder',
          to: h.email,
          subject: t('mail.reminder.subject', { reference: f.reference, due }),
          body: t('mail.reminder.body', { reference: f.reference, target: targetName(f, h.locale), due, link: link(f.id) }),
        });
      }
      await tx.query("insert into feedback_event (feedback_id, actor, kind, at) values ($1, 'system', 'reminded', $2)", [f.id, now]);
    }
    return rows.length;
  });
  const escalated = await db.transaction(async (tx) => {
    const rows = await tx.query<Due>(claim('due_at <= $1', 'escalated_at'), [now]);
    for (const f of rows) {
      const handlers = (await handlersFor(tx, f.target_node_id)).map((h) => h.display_name).join(', ') || '–';
      const managers = await managersAbove(tx, f.target_node_id);
      for (const m of managers) {
        if (!m.email) continue;
        const t = translator(m.locale);
        const target = targetName(f, m.locale);
        await queueEmail(tx, {
          kind: 'feedback_escalation',
          to: m.email,
          subject: t('mail.escalation.subject', { reference: f.reference, target }),
          body: t('mail.escalation.body', { reference: f.reference, target, due: formatShort(f.due_at, m.locale, true), handlers, link: link(f.id) }),
        });
      }
      await tx.query("insert into feedback_event (feedback_id, actor, kind, details, at) values ($1, 'system', 'escalated', $2, $3)", [
        f.id,
        JSON.stringify({ to: managers.map((m) => m.username) }),
        now,
      ]);
    }
    return rows.length;
  });
  return { reminded, escalated };
}

/**
 * Contact details are needed only to answer: a set time after handling (90 days unless the county
 * sets otherwise) they are erased and the text stays. Rejected spam goes the same way from its
 * arrival, and so do e-mail and text messages that were sent (or kept) that long ago.
 */
export async function eraseExpiredContacts(db: Db, retainDays?: number, now = clock.now()): Promise<{ feedback: number; messages: number }> {
  return db.transaction(async (tx) => {
    // KAIKU_RETAIN_CONTACT_DAYS when set, else the database's setting
    const days = retainDays
      ? `make_interval(days => ${Math.trunc(retainDays)})`
      : "make_interval(days => (select (value)::int from setting where key = 'feedback_contact_retention_days'))";
    const erased = await tx.query<{ id: number }>(
      `update feedback set contact_name = null, contact_email = null, contact_phone = null, contact_erased_at = $1
       where contact_erased_at is null
         and ((status = 'handled' and handled_at < $1::timestamptz - ${days}) or (status = 'spam' and received_at < $1::timestamptz - ${days}))
       returning id`,
      [now],
    );
    for (const { id } of erased)
      await tx.query("insert into feedback_event (feedback_id, actor, kind, at) values ($1, 'system', 'contact_erased', $2)", [id, now]);
    const mails = await tx.query<{ id: number }>(`delete from outbox_email where coalesce(sent_at, kept_at) < $1::timestamptz - ${days} returning id`, [now]);
    const sms = await tx.query<{ id: number }>(`delete from outbox_sms where coalesce(sent_at, kept_at) < $1::timestamptz - ${days} returning id`, [now]);
    return { feedback: erased.length, messages: mails.length + sms.length };
  });
}
