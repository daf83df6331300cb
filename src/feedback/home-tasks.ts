import { administeredNodes, canReviewSpam, canUseFeedbackInbox } from '../access/permissions.ts';
import type { HomeTask } from '../capability.ts';
import type { SignedInUser } from '../http/context.ts';
import { clock } from '../shared/clock.ts';
import { type Db, one } from '../shared/db.ts';
import { formatShort } from '../shared/i18n/format.ts';
import { inboxScope } from './inbox.ts';
import { unitsWithoutHandler } from './units-without-handler.ts';

/**
 * A handler's, manager's or administrator's front page: the open feedback in their reach, how many
 * are late and the nearest deadline; for administrators also the suspected spam waiting for a look
 * and the units whose feedback no one is named to handle.
 * Counts only: no text of any feedback, so nothing here is a read of one.
 */
export async function feedbackHomeTasks(db: Db, user: SignedInUser, lang: string): Promise<HomeTask[]> {
  const tasks: HomeTask[] = [];
  if (canUseFeedbackInbox(user)) {
    const open = await one<{ open: number; overdue: number; nearest: Date | null }>(
      db,
      `${inboxScope}
       select count(*)::int as open, count(*) filter (where f.due_at < $2)::int as overdue, min(f.due_at) filter (where f.due_at >= $2) as nearest
         from feedback f where f.target_node_id in (select id from scope) and f.status in ('new', 'in_progress')`,
      [user.userId, clock.now()],
    );
    tasks.push({
      label: 'home.feedbackOpen',
      count: open.open,
      detail:
        open.overdue > 0
          ? { key: 'home.feedbackOverdue', params: { n: open.overdue } }
          : open.nearest
            ? { key: 'home.feedbackNearest', params: { date: formatShort(open.nearest, lang, true) } }
            : { key: 'home.feedbackAllDone' },
      href: '/admin/feedback',
      tone: open.overdue > 0 ? 'alert' : open.open > 0 ? 'todo' : 'ok',
    });
  }
  if (canReviewSpam(user)) {
    const { n } = await one<{ n: number }>(
      db,
      `with recursive scope as (select id from org_node where id = any($1::int[])
         union select c.id from org_node c join scope s on c.parent_id = s.id)
       select count(*)::int as n from feedback where status = 'suspected_spam' and target_node_id in (select id from scope)`,
      [administeredNodes(user) ?? []],
    );
    tasks.push({ label: 'home.spam', count: n, href: '/admin/feedback/spam', tone: n > 0 ? 'todo' : 'ok' });
    const { total } = await unitsWithoutHandler(db, user, 1);
    if (total > 0) tasks.push({ label: 'home.noHandler', count: total, href: '/admin/feedback/no-handler', tone: 'alert' });
  }
  return tasks;
}
