import type { Principal } from '../access/roles.ts';
import { analysedTexts } from '../analysis/texts-query.ts';
import { feedbackFigures } from '../feedback/figures.ts';
import type { Lang, OrgNode } from '../organisation/node.ts';
import type { Db } from '../shared/db.ts';
import { AppError } from '../shared/errors.ts';
import type { LikertResult } from './nps.ts';
import { portalView, type PortalView } from './portal-view.ts';
import { surveyResults } from './results-query.ts';

export interface MonthlyReport {
  month: string;
  lang: Lang;
  view: PortalView;
  /** Share of 4–5 per statement a month earlier, percent. */
  lastMonthTop2: Map<string, number | null>;
  lastMonthNps: number | null;
  smsRequests: { sent: number; answered: number; rate: number | null } | undefined;
  quotes: { masked: string; tone: string }[];
  effects: { effect: string; count: number }[];
  handled: number;
}

const monthRange = (m: string) => ({ from: `${m}-01`, to: new Date(Date.UTC(Number(m.slice(0, 4)), Number(m.slice(5, 7)), 0)).toISOString().slice(0, 10) });
const previousMonth = (m: string) => new Date(Date.UTC(Number(m.slice(0, 4)), Number(m.slice(5, 7)) - 2, 1)).toISOString().slice(0, 7);

/**
 * One node's month, as its manager gets it on the first working day of the next: the portal's
 * view of that month, the month before, the SMS response rate, a few masked quotes (the most
 * recent negative and positive ones) and what the handled feedback led to.
 */
export async function monthlyReport(db: Db, actor: Principal, node: OrgNode, month: string, lang: Lang): Promise<MonthlyReport> {
  if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(month)) throw new AppError('invalid', 'The month is YYYY-MM');
  const range = monthRange(month);
  const before = monthRange(previousMonth(month));
  const filters = { survey: 'thl-national', background: {} };
  const [view, previous, whole] = await Promise.all([
    portalView(db, actor, node, { preset: 'custom', ...range }, filters, lang),
    surveyResults(db, actor, { node: node.code, ...before }),
    surveyResults(db, actor, { node: node.code, ...range }),
  ]);
  const prev = previous.groups[0];
  const lastMonthTop2 = new Map(view.statements.map((s) => {
    const r = prev?.suppressed ? undefined : (prev?.questions?.[s.key] as LikertResult | undefined);
    return [s.key, r?.shareTop2 === null || r?.shareTop2 === undefined ? null : Math.round(r.shareTop2 * 100)];
  }));
  const quotes: { masked: string; tone: string }[] = [];
  if (!view.headline.suppressed) {
    for (const tone of ['negative', 'positive'] as const) {
      const { texts } = await analysedTexts(db, node, range.from, range.to, { tone, limit: tone === 'negative' ? 3 : 2, offset: 0 });
      quotes.push(...texts.map((x) => ({ masked: x.masked, tone })));
    }
  }
  const fb = await feedbackFigures(db, node, { from: month, to: month }, lang);
  return {
    month,
    lang,
    view,
    lastMonthTop2,
    lastMonthNps: prev && !prev.suppressed ? (prev.nps?.value ?? null) : null,
    smsRequests: whole.groups[0]?.smsRequests,
    quotes,
    effects: fb.effects.filter((e) => e.count > 0),
    handled: fb.totals.handled,
  };
}
