import { nodeName } from '../organisation/node.ts';
import { ancestry, findNodeByCode } from '../organisation/tree-queries.ts';
import type { Db } from '../shared/db.ts';
import type { Lang } from '../shared/i18n/index.ts';
import { emptyForm, type FeedbackFormState } from './public-views.tsx';

/**
 * The feedback form already pointed at a unit, for a link from a survey's thank-you page or a
 * unit's own website: its service area chosen and its name in the search field. An unknown or
 * closed unit gives the empty form.
 */
export async function formForUnit(db: Db, code: string | undefined, lang: Lang): Promise<FeedbackFormState> {
  const node = code && code.length <= 64 ? await findNodeByCode(db, code) : undefined;
  if (!node?.active) return { ...emptyForm };
  const line = await ancestry(db, node.id);
  const category = (line[1] ?? line[0])!.code;
  return { ...emptyForm, category, target: node.code, query: nodeName(node, lang) };
}
