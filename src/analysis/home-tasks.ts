import { canAdministerCounty } from '../access/permissions.ts';
import type { HomeTask } from '../capability.ts';
import type { SignedInUser } from '../http/context.ts';
import { type Db, one } from '../shared/db.ts';

/** The county's administrators: texts still waiting for topics and tone, e.g. after a new analysis version. */
export async function analysisHomeTasks(db: Db, user: SignedInUser): Promise<HomeTask[]> {
  if (!canAdministerCounty(user)) return [];
  const { n } = await one<{ n: number }>(db, 'select count(*)::int as n from analysis_queue');
  return n > 0 ? [{ label: 'home.analysisWaiting', count: n, href: '/admin/analysis', tone: 'todo' }] : [];
}
