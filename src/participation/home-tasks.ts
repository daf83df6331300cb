import { canCoordinateParticipation } from '../access/permissions.ts';
import type { HomeTask } from '../capability.ts';
import type { SignedInUser } from '../http/context.ts';
import { type Db, one } from '../shared/db.ts';

/** A coordinator's front page: council applications waiting for a decision and expert requests no one has taken. */
export async function participationHomeTasks(db: Db, user: SignedInUser): Promise<HomeTask[]> {
  if (!canCoordinateParticipation(user)) return [];
  const { applications, requests } = await one<{ applications: number; requests: number }>(
    db,
    `select (select count(*)::int from council_application where status in ('received', 'interview')) as applications,
            (select count(*)::int from expert_request where status = 'new') as requests`,
  );
  return [
    { label: 'home.councilApplications', count: applications, href: '/admin/participation/councils', tone: applications > 0 ? 'todo' : 'ok' },
    { label: 'home.expertRequests', count: requests, href: '/admin/participation/requests', tone: requests > 0 ? 'todo' : 'ok' },
  ];
}
