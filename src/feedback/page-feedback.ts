import { clock } from '../shared/clock.ts';
import { z } from 'zod';
import type { OrgNode } from '../organisation/node.ts';
import { findNodeByCode, subtreeCte } from '../organisation/tree-queries.ts';
import type { Db } from '../shared/db.ts';
import { AppError } from '../shared/errors.ts';
import type { Period } from './figures.ts';
import { mask } from '../analysis/mask.ts';

export const pageRatings = ['yes', 'partly', 'no'] as const;

/**
 * The page's address without its query and fragment: those can carry search words, session ids
 * or personal data, and the same page should count as one. Anything not http(s) is refused.
 */
export function normalisePageUrl(raw: string | undefined): string | null {
  if (!raw) return null;
  try {
    const u = new URL(raw);
    if (u.protocol !== 'https:' && u.protocol !== 'http:') return null;
    const s = `${u.protocol}//${u.host}${u.pathname}`;
    return s.length <= 500 ? s : null;
  } catch {
    return null;
  }
}

export const pageFeedbackInput = z.object({
  node: z.string().min(1).max(200),
  page: z.string().max(4000).optional(),
  rating: z.enum(pageRatings, { message: 'rating_required' }),
  comment: z.string().trim().max(1000, 'too_long').optional(),
  language: z.enum(['fi', 'sv', 'en']).default('fi'),
});

/** Stores one "Was this page helpful?" answer; no identity, no cookie, no address of the person. */
export async function recordPageFeedback(db: Db, input: unknown, fallbackPage?: string): Promise<void> {
  const parsed = pageFeedbackInput.safeParse(input);
  if (!parsed.success) throw new AppError('invalid', 'invalid_page_feedback', { issues: parsed.error.issues.map((i) => i.message) });
  const f = parsed.data;
  const node = await findNodeByCode(db, f.node);
  if (!node?.active) throw new AppError('invalid', 'invalid_page_feedback', { issues: ['unknown_node'] });
  const page = normalisePageUrl(f.page) ?? normalisePageUrl(fallbackPage) ?? '';
  await db.query('insert into page_feedback (node_id, page_url, rating, comment, language, received_at) values ($1, $2, $3, $4, $5, $6)', [
    node.id,
    page,
    f.rating,
    f.comment || null,
    f.language,
    clock.now(),
  ]);
}

export interface PageSummary {
  page: string;
  node: string;
  yes: number;
  partly: number;
  no: number;
  total: number;
  comments: { at: Date; rating: string; comment: string }[];
}

/**
 * Answers per page within a node's subtree in the period, most answered first, with the latest
 * comments: masked (identity codes, phone numbers, names …) for those who may not read feedback.
 */
export async function pageFeedbackSummary(db: Db, node: OrgNode, period: Period, opts: { maskComments: boolean }): Promise<PageSummary[]> {
  const window = `p.received_at >= (to_date($2, 'YYYY-MM')::timestamp at time zone 'Europe/Helsinki')
    and p.received_at < ((to_date($3, 'YYYY-MM') + interval '1 month')::timestamp at time zone 'Europe/Helsinki')`;
  const params = [node.id, period.from, period.to];
  const pages = await db.query<Omit<PageSummary, 'comments'>>(
    `${subtreeCte}
     select p.page_url as page, n.name_fi as node,
       count(*) filter (where rating = 'yes')::int as yes, count(*) filter (where rating = 'partly')::int as partly,
       count(*) filter (where rating = 'no')::int as no, count(*)::int as total
     from page_feedback p join sub on sub.id = p.node_id join org_node n on n.id = p.node_id
     where ${window}
     group by p.page_url, n.name_fi order by count(*) desc, p.page_url limit 200`,
    params,
  );
  const comments = await db.query<{ page: string; at: Date; rating: string; comment: string }>(
    `${subtreeCte}
     select page, at, rating, comment from (
       select p.page_url as page, p.received_at as at, p.rating, p.comment,
              row_number() over (partition by p.page_url order by p.received_at desc) as k
       from page_feedback p join sub on sub.id = p.node_id
       where p.comment is not null and ${window}) c
     where k <= 10 order by at desc`,
    params,
  );
  const shown = opts.maskComments ? comments.map((c) => ({ ...c, comment: mask(c.comment).text })) : comments;
  return pages.map((p) => ({ ...p, comments: shown.filter((c) => c.page === p.page) }));
}
