import { canAdministerCounty } from '../access/permissions.ts';
import type { HomeTask } from '../capability.ts';
import type { SignedInUser } from '../http/context.ts';
import { type Db, one } from '../shared/db.ts';

/** The county's administrators: monthly reports that failed for good, so that someone runs them again. */
export async function reportHomeTasks(db: Db, user: SignedInUser): Promise<HomeTask[]> {
  if (!canAdministerCounty(user)) return [];
  const { n } = await one<{ n: number }>(db, "select count(*)::int as n from report_job where status = 'failed'");
  return n > 0 ? [{ label: 'home.reportsFailed', count: n, href: '/admin/reports', tone: 'alert' }] : [];
}
