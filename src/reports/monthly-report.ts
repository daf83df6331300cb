import type { Principal } from '../access/roles.ts';
import { analysedTexts } from '../analysis/texts-query.ts';
import { feedbackFigures } from '../feedback/figures.ts';
import { type ActionRow, actionsUnder } from '../actions/action-queries.ts';
import type { Lang, OrgNode } from '../organisation/node.ts';
import type { Db } from '../shared/db.ts';
import { AppError } from '../shared/errors.ts';
import type { LikertResult } from './nps.ts';
import { ymd } from './period-presets.ts';
import { portalView, type PortalView } from './portal.ts';
import { surveyResults } from './results-query.ts';

export type ReportKind = 'month' | 'quarter' | 'year';

export interface MonthlyReport {
  /** "2026-10", "2026-Q3" or "2026". */
  month: string;
  kind: ReportKind;
  lang: Lang;
  view: PortalView;
  /** Share of 4–5 per statement a month earlier, percent. */
  lastMonthTop2: Map<string, number | null>;
  lastMonthNps: number | null;
  smsRequests: { sent: number; answered: number; rate: number | null } | undefined;
  quotes: { masked: string; tone: string }[];
  effects: { effect: string; count: number }[];
  handled: number;
  /** Development actions finished in the period (the view has the open ones and the counts). */
  finishedActions: ActionRow[];
}

/** A report's period: a month ("2026-10"), a quarter ("2026-Q3") or a year ("2026"), its dates and the period before. */
export function reportPeriod(period: string): { kind: ReportKind; from: string; to: string; previous: { from: string; to: string } } {
  const month = /^(\d{4})-(0[1-9]|1[0-2])$/.exec(period);
  const quarter = /^(\d{4})-Q([1-4])$/.exec(period);
  const year = /^(\d{4})$/.exec(period);
  if (month) {
    const [y, m] = [Number(month[1]), Number(month[2])];
    return { kind: 'month', from: ymd(y, m, 1), to: ymd(y, m + 1, 0), previous: { from: ymd(y, m - 1, 1), to: ymd(y, m, 0) } };
  }
  if (quarter) {
    const [y, q] = [Number(quarter[1]), Number(quarter[2])];
    return { kind: 'quarter', from: ymd(y, q * 3 - 2, 1), to: ymd(y, q * 3 + 1, 0), previous: { from: ymd(y, q * 3 - 5, 1), to: ymd(y, q * 3 - 2, 0) } };
  }
  if (year) {
    const y = Number(year[1]);
    return { kind: 'year', from: ymd(y, 1, 1), to: ymd(y, 12, 31), previous: { from: ymd(y - 1, 1, 1), to: ymd(y - 1, 12, 31) } };
  }
  throw new AppError('invalid', 'The month is YYYY-MM (or a quarter YYYY-Qn, or a year YYYY)');
}

/**
 * One node's month (or quarter, or year), as its manager gets it on the first working day of the next: the portal's
 * view of that month, the month before, the SMS response rate, a few masked quotes (the most
 * recent negative and positive ones) and what the handled feedback led to.
 */
export async function monthlyReport(db: Db, actor: Principal, node: OrgNode, month: string, lang: Lang): Promise<MonthlyReport> {
  const { kind, previous: before, ...range } = reportPeriod(month);
  const filters = { survey: 'thl-national', background: {} };
  const [view, previous, whole] = await Promise.all([
    portalView(db, actor, node, { preset: 'custom', ...range }, filters, lang),
    surveyResults(db, actor, { node: node.code, ...before }),
    surveyResults(db, actor, { node: node.code, ...range }),
  ]);
  const prev = previous.groups[0];
  const lastMonthTop2 = new Map(
    view.statements.map((s) => {
      const r = prev?.suppressed ? undefined : (prev?.questions?.[s.key] as LikertResult | undefined);
      return [s.key, r?.shareTop2 === null || r?.shareTop2 === undefined ? null : Math.round(r.shareTop2 * 100)];
    }),
  );
  const quotes: { masked: string; tone: string }[] = [];
  if (!view.headline.suppressed) {
    for (const tone of ['negative', 'positive'] as const) {
      const { texts } = await analysedTexts(db, node, range.from, range.to, { tone, limit: tone === 'negative' ? 3 : 2, offset: 0 });
      quotes.push(...texts.map((x) => ({ masked: x.masked, tone })));
    }
  }
  const months = { from: range.from.slice(0, 7), to: range.to.slice(0, 7) };
  const [fb, finished] = await Promise.all([feedbackFigures(db, node, months, lang), actionsUnder(db, node.id, lang, range.to, 'finished', range)]);
  return {
    month,
    kind,
    lang,
    view,
    lastMonthTop2,
    lastMonthNps: prev && !prev.suppressed ? (prev.nps?.value ?? null) : null,
    smsRequests: whole.groups[0]?.smsRequests,
    quotes,
    effects: fb.effects.filter((e) => e.count > 0),
    handled: fb.totals.handled,
    finishedActions: finished.slice(0, 20),
  };
}
