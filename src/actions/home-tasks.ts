import type { HomeTask } from '../capability.ts';
import type { SignedInUser } from '../http/context.ts';
import { type Db, one } from '../shared/db.ts';
import { formatDate, helsinkiToday } from '../shared/i18n/format.ts';

/** The actions a person owns: open ones and their nearest date, and finished ones waiting for their follow-up. */
export async function actionHomeTasks(db: Db, user: SignedInUser, lang: string): Promise<HomeTask[]> {
  const r = await one<{ open: number; late: number; nearest: string | null; follow_up: number }>(
    db,
    `select count(*) filter (where status in ('planned', 'in_progress'))::int as open,
            count(*) filter (where status in ('planned', 'in_progress') and due_on < $2::date)::int as late,
            to_char(min(due_on) filter (where status in ('planned', 'in_progress')), 'YYYY-MM-DD') as nearest,
            count(*) filter (where status in ('done', 'did_not_help') and outcome is null and follow_up_on <= $2::date)::int as follow_up
     from improvement_action where owner_id = $1`,
    [user.userId, helsinkiToday()],
  );
  const tasks: HomeTask[] = [];
  if (r.open > 0)
    tasks.push({
      label: 'actions.home.mine',
      count: r.open,
      detail: r.nearest ? { key: 'actions.home.next', params: { date: formatDate(r.nearest, lang) } } : undefined,
      href: '/admin/actions',
      tone: r.late > 0 ? 'alert' : 'todo',
    });
  if (r.follow_up > 0) tasks.push({ label: 'actions.home.followUp', count: r.follow_up, href: '/admin/actions?show=finished', tone: 'todo' });
  return tasks;
}
