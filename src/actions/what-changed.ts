import { mask } from '../analysis/mask.ts';
import { defaultPeriod, feedbackFigures } from '../feedback/figures.ts';
import type { FeedbackEffect } from '../feedback/handle-feedback.ts';
import type { Lang, OrgNode } from '../organisation/node.ts';
import { nodeName } from '../organisation/node.ts';
import { findNodeByCode, roots, subtreeCte } from '../organisation/tree-queries.ts';
import { clock } from '../shared/clock.ts';
import type { Db } from '../shared/db.ts';
import { AppError } from '../shared/errors.ts';

export interface WhatChanged {
  /** The unit or area the page is about; none for the whole county. */
  node: OrgNode | undefined;
  /** Development actions done in the last 12 months. */
  done: number;
  /** Those with a change written for residents, newest first. */
  changes: { unit: string; doneAt: Date; summary: string }[];
  /** Feedback received in the last 12 months and handled, and what it led to. */
  handled: number;
  effects: { effect: FeedbackEffect; count: number }[];
}

/**
 * What feedback led to, for residents (seed 001 step 12, seed 003): the changes made, as written
 * for them, and the effects chosen when feedback was handled. No feedback text, no names: what
 * staff wrote for residents is masked again, as a name may slip in.
 */
export async function whatChanged(db: Db, nodeCode: string | undefined, lang: Lang): Promise<WhatChanged> {
  const node = nodeCode ? await findNodeByCode(db, nodeCode) : undefined;
  if (nodeCode && !node?.active) throw new AppError('not_found', 'No such unit');
  const scope = node ?? (await roots(db))[0];
  if (!scope) throw new AppError('not_found', 'The organisation tree is empty');
  const since = new Date(clock.now().getTime() - 365 * 86_400_000);
  const rows = await db.query<{ done_at: Date; public_summary: string | null; name_fi: string; name_sv: string | null; name_en: string | null }>(
    `${subtreeCte}
     select a.done_at, a.public_summary, n.name_fi, n.name_sv, n.name_en
     from improvement_action a join sub on sub.id = a.node_id join org_node n on n.id = a.node_id
     where a.status = 'done' and a.done_at >= $2 and a.outcome is distinct from 'came_back'
     order by a.done_at desc`,
    [scope.id, since],
  );
  const figures = await feedbackFigures(db, scope, defaultPeriod(), lang);
  return {
    node,
    done: rows.length,
    changes: rows
      .filter((r) => r.public_summary)
      .slice(0, 100)
      .map((r) => ({ unit: nodeName(r, lang), doneAt: r.done_at, summary: mask(r.public_summary!).text })),
    handled: figures.totals.handled,
    effects: figures.effects.filter((e) => e.count > 0).sort((a, b) => b.count - a.count),
  };
}
