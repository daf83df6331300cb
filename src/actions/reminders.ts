import { queueEmail } from '../messages/email-outbox.ts';
import { clock } from '../shared/clock.ts';
import type { Db } from '../shared/db.ts';
import { formatDate, helsinkiToday } from '../shared/i18n/format.ts';
import { type Lang, translator } from '../shared/i18n/index.ts';

/** How many days before its date an open action's owner is reminded. */
export const dueReminderDays = 3;

interface Claimed {
  id: number;
  title: string;
  due_on: string;
  follow_up_on: string;
  email: string | null;
  locale: Lang;
}

/**
 * Claims the actions whose reminder is due and marks them in one statement ("for update skip
 * locked": two instances never remind of the same action twice); the owner's e-mail is queued in
 * the same transaction, so a reminder is either marked and queued or neither.
 */
const claim = (column: 'due_reminded_at' | 'follow_up_reminded_at', condition: string) => `
  with due as (
    select id from improvement_action
    where ${column} is null and owner_id is not null and ${condition}
    order by id limit 200 for update skip locked)
  update improvement_action a set ${column} = $2 from due, staff_user u
  where a.id = due.id and u.id = a.owner_id
  returning a.id, a.title, to_char(a.due_on, 'YYYY-MM-DD') as due_on, to_char(a.follow_up_on, 'YYYY-MM-DD') as follow_up_on,
            case when u.active then u.email end as email, u.locale`;

/**
 * Reminds owners (seed 001: someone answers for each change): of an open action a few days before
 * its date, and of a finished one when it is time to see whether the change held.
 */
export async function remindActionOwners(db: Db, publicUrl: string): Promise<{ due: number; followUp: number }> {
  const today = helsinkiToday();
  const now = clock.now();
  return db.transaction(async (tx) => {
    const due = await tx.query<Claimed>(claim('due_reminded_at', `status in ('planned', 'in_progress') and due_on <= $1::date + ${dueReminderDays}`), [
      today,
      now,
    ]);
    const followUp = await tx.query<Claimed>(
      claim('follow_up_reminded_at', "status in ('done', 'did_not_help') and outcome is null and follow_up_on <= $1::date"),
      [today, now],
    );
    for (const [kind, rows] of [
      ['due', due],
      ['follow_up', followUp],
    ] as const) {
      for (const a of rows) {
        await tx.query("insert into improvement_action_event (action_id, at, actor, kind, detail) values ($1, $2, 'kaiku', $3, '{}')", [
          a.id,
          now,
          `reminded_${kind}`,
        ]);
        if (!a.email) continue;
        const t = translator(a.locale);
        const late = kind === 'due' && a.due_on < today;
        await queueEmail(tx, {
          kind: `action_${kind}`,
          to: a.email,
          subject: t(kind === 'due' ? (late ? 'actions.mail.late.subject' : 'actions.mail.due.subject') : 'actions.mail.followUp.subject', { title: a.title }),
          body: t(kind === 'due' ? 'actions.mail.due.body' : 'actions.mail.followUp.body', {
            title: a.title,
            due: formatDate(a.due_on, a.locale),
            followUp: formatDate(a.follow_up_on, a.locale),
            link: `${publicUrl}/admin/actions/${a.id}`,
          }),
        });
      }
    }
    return { due: due.length, followUp: followUp.length };
  });
}
