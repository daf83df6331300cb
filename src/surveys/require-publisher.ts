import type { FastifyRequest } from 'fastify';
import { canPublishSurveys } from '../access/permissions.ts';
import { requireUser, type SignedInUser } from '../http/context.ts';
import { roots } from '../organisation/tree-queries.ts';
import type { Db } from '../shared/db.ts';
import { AppError } from '../shared/errors.ts';

/** The signed-in staff member, if they may publish the county's surveys (its administrators); else 403. */
export async function requirePublisher(db: Db, request: FastifyRequest): Promise<SignedInUser> {
  const user = requireUser(request);
  if (
    !canPublishSurveys(
      user,
      (await roots(db)).map((r) => r.id),
    )
  )
    throw new AppError('forbidden', 'Only county administrators publish surveys');
  return user;
}
