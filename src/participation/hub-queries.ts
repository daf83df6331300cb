import { type Db, one } from '../shared/db.ts';

/** What waits for the coordinator: new expert requests and council applications still open. */
export interface OpenParticipationWork {
  requests: number;
  applications: number;
}

export async function openParticipationWork(db: Db): Promise<OpenParticipationWork> {
  return one<OpenParticipationWork>(
    db,
    `select (select count(*)::int from expert_request where status = 'new') as requests,
            (select count(*)::int from council_application where status in ('received', 'interview')) as applications`,
  );
}
