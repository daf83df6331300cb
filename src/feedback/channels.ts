import type { OrgNode } from '../organisation/node.ts';
import { findNodeByCode } from '../organisation/tree-queries.ts';
import { openChannels } from '../surveys/collection-points.ts';
import type { Db } from '../shared/db.ts';
import { AppError } from '../shared/errors.ts';
import { feedbackPromiseDays } from './create-feedback.ts';

export interface FeedbackChannels {
  /** The unit or area the page is about; none for the whole county. */
  node: OrgNode | undefined;
  promiseDays: number;
  /** How the county's surveys reach customers here: open collection points by channel. */
  surveyChannels: { channel: string; points: number }[];
}

/** What a resident needs to know of the ways to give feedback (seed 003: "Nämä keinot on kuvattava julkisesti"). */
export async function feedbackChannels(db: Db, nodeCode: string | undefined): Promise<FeedbackChannels> {
  const node = nodeCode ? await findNodeByCode(db, nodeCode) : undefined;
  if (nodeCode && !node?.active) throw new AppError('not_found', 'No such unit');
  const surveyChannels = await openChannels(db, node?.id);
  return { node, promiseDays: await feedbackPromiseDays(db), surveyChannels };
}
