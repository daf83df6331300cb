import { nodeName, type OrgNode } from '../organisation/node.ts';
import { ancestry, children } from '../organisation/tree-queries.ts';
import type { Db } from '../shared/db.ts';
import { memoPerDatabase } from '../shared/db-memo.ts';
import { helsinkiToday } from '../shared/i18n/format.ts';
import type { Lang } from '../shared/i18n/index.ts';
import { localise } from '../surveys/definition.ts';
import { latestVersion } from '../surveys/survey-queries.ts';
import type { LikertResult } from './nps.ts';
import { monthDays, presetPeriod, trendMonths } from './period-presets.ts';
import { figureOf, type Figure } from './portal.ts';
import { surveyResults } from './results-query.ts';
import { type Benchmark, benchmarks } from './benchmark.ts';

const system = { kind: 'system', name: 'public results' } as const;

export interface PublicResults {
  node: OrgNode;
  trail: OrgNode[];
  months: { month: string; figure: Figure }[];
  year: Figure;
  statements: { key: string; label: string; top2: number | null }[];
  below: { node: OrgNode; figure: Figure }[];
  /** The whole country and the other counties over the same months, from imported aggregates. */
  benchmarks: Benchmark[];
}

// Published once a day: the figures are the same for every visitor until tomorrow.
const daily = memoPerDatabase<PublicResults>({ ttlMs: 24 * 3600_000, maxEntries: 2000 });

async function publicResults(db: Db, node: OrgNode, lang: Lang): Promise<PublicResults> {
  const rolling = presetPeriod('rolling-12');
  const last = presetPeriod('last-month');
  const months = trendMonths(last.to);
  const [trend, year, below, def, trail, compare] = await Promise.all([
    surveyResults(db, system, { node: node.code, from: monthDays(months[0]!).from, to: last.to, groupBy: 'month' }),
    surveyResults(db, system, { node: node.code, from: rolling.from, to: last.to }),
    surveyResults(db, system, { node: node.code, from: rolling.from, to: last.to, groupBy: 'child' }),
    latestVersion(db, 'thl-national'),
    ancestry(db, node.id),
    benchmarks(db, 'thl-national', rolling.from, last.to, lang),
  ]);
  const kids = new Map((await children(db, node.id)).map((c) => [c.code, c]));
  const all = year.groups[0];
  return {
    node,
    trail,
    months: months.map((m) => ({ month: m, figure: figureOf(trend.groups.find((g) => g.key === m)) })),
    year: figureOf(all),
    statements: def.definition.questions
      .filter((q) => q.type === 'likert')
      .map((q) => {
        const r = all?.suppressed ? undefined : (all?.questions?.[q.key] as LikertResult | undefined);
        return { key: q.key, label: localise(q.text, lang), top2: r?.shareTop2 === null || r?.shareTop2 === undefined ? null : Math.round(r.shareTop2 * 100) };
      }),
    below: below.groups
      .filter((g) => kids.has(g.key))
      .map((g) => ({ node: kids.get(g.key)!, figure: figureOf(g) }))
      .sort((a, b) => nodeName(a.node, lang).localeCompare(nodeName(b.node, lang))),
    benchmarks: compare,
  };
}

export const cachedResults = (db: Db, node: OrgNode, lang: Lang) => daily(db, `${helsinkiToday()}:${node.id}:${lang}`, () => publicResults(db, node, lang));
