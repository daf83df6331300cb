import type { Principal } from '../access/roles.ts';
import { actionFigures, type ActionFigures, type ActionRow, actionsUnder } from '../actions/action-queries.ts';
import { helsinkiToday } from '../shared/i18n/format.ts';
import { topicFigures, type TopicFigure } from '../analysis/topic-figures.ts';
import { feedbackFigures } from '../feedback/figures.ts';
import { nodeName, type Lang, type OrgNode } from '../organisation/node.ts';
import { ancestry, getNodeByCode, roots } from '../organisation/tree-queries.ts';
import type { Db } from '../shared/db.ts';
import { memoPerDatabase } from '../shared/db-memo.ts';
import { AppError } from '../shared/errors.ts';
import { localise } from '../surveys/definition.ts';
import { translator } from '../shared/i18n/index.ts';
import { latestVersion, surveyVersion } from '../surveys/survey-queries.ts';
import type { LikertResult, Nps, YesNoResult } from './nps.ts';
import { canReadResults, resultGrants } from '../access/permissions.ts';
import { type DatePeriod, monthDays, trendMonths } from './period-presets.ts';
import { type ResultGroup, type Results, type ResultsQuery, surveyResults } from './results-query.ts';
import { effectiveTargets, type Target } from './targets.ts';
import { type Benchmark, benchmarks } from './benchmark.ts';

const system = { kind: 'system', name: 'portal comparison' } as const;

// The county and the siblings are the same for every manager who looks: kept for a minute, as
// the sums themselves are refreshed once a minute.
const comparisons = memoPerDatabase<Results>({ ttlMs: 60_000, maxEntries: 500 });
const compared = (db: Db, query: ResultsQuery) => comparisons(db, JSON.stringify(query), () => surveyResults(db, system, query));

import { type FunnelRow, surveyFunnel } from '../surveys/funnel.ts';

export interface PortalFilters {
  survey: string;
  version?: number | undefined;
  channel?: string[] | undefined;
  background: Record<string, string>;
  /** A background variable to show as groups side by side. */
  compareBy?: string | undefined;
}

export interface Figure {
  answers: number;
  suppressed: boolean;
  nps: number | null;
  /** 95 % confidence interval of the NPS, ± points. */
  margin: number | null;
}

export interface StatementRow {
  key: string;
  label: string;
  answered: number;
  /** Share of 4–5, percent, rounded. */
  top2: number | null;
  mean: number | null;
  target: Target | undefined;
  lastYearTop2: number | null;
}

/** A question with set answers (yes/no, one choice, several): how the answers spread. */
export interface ChoiceRow {
  key: string;
  label: string;
  /** multichoice: each option as a share of those who answered, so the shares add up to more than 100 %. */
  type: 'yesno' | 'choice' | 'multichoice';
  answered: number;
  options: { label: string; count: number; share: number | null }[];
}

export interface RankedNode extends Figure {
  code: string;
  name: string;
  /** The viewer may open it (a child of the node); siblings are shown, not opened. */
  open: boolean;
  current: boolean;
}

export interface PortalView {
  node: OrgNode;
  name: string;
  /**
   * Where one middle value of the 0–10 scale gathers an implausible share of the answers (seed 000:
   * elderly housing answering "5" as on a 1–5 scale): the node itself or a level below it.
   */
  quality: { name: string; value: number; share: number }[];
  trail: { code: string; name: string }[];
  period: DatePeriod;
  filters: PortalFilters;
  surveyName: string;
  version: number;
  threshold: number;
  headline: Figure;
  npsTarget: Target | undefined;
  trend: { month: string; figure: Figure; target: number | null }[];
  /** Whether the survey asks NPS at all: a county's own survey may not. */
  hasNps: boolean;
  statements: StatementRow[];
  choices: ChoiceRow[];
  /** Where respondents drop out, per channel: invited → opened → first page answered → sent. */
  funnel: FunnelRow[];
  children: RankedNode[];
  siblings: RankedNode[];
  county: Figure & { name: string };
  groups: (Figure & { key: string })[];
  firstContact: { callType: string; answers: number; suppressed: boolean; nps: number | null; shares: { key: string; label: string; yes: number | null }[] }[];
  feedback: { received: number; inTimeShare: number | null; overdueNow: number };
  topics: TopicFigure[];
  texts: number;
  /** Topics of the free-form feedback received in the period, shown apart from the survey answers'. */
  feedbackTopics: TopicFigure[];
  /** The same feedback by main class, as the county's reports group it. */
  feedbackMainClasses: TopicFigure[];
  /** Development actions in the subtree: counts, and the open ones nearest their date. */
  actions: { figures: ActionFigures; open: ActionRow[] };
  /** The whole country and the other counties, from imported aggregates, for the same survey and months. */
  benchmarks: Benchmark[];
}

/** NPS's 95 % margin from its multinomial variance: ± 1.96 · 100 · √((p + d − (p − d)²) / n). */
export function npsMargin(n: Nps | null): number | null {
  if (!n || n.answered === 0) return null;
  const p = n.promoters / n.answered;
  const d = n.detractors / n.answered;
  return Math.round(196 * Math.sqrt((p + d - (p - d) ** 2) / n.answered));
}

export const figureOf = (g: ResultGroup | undefined): Figure =>
  g
    ? { answers: g.answers, suppressed: g.suppressed, nps: g.nps?.value ?? null, margin: g.suppressed ? null : npsMargin(g.nps) }
    : { answers: 0, suppressed: true, nps: null, margin: null };

/** A share 0…1 as a rounded percentage. */
export const pct = (x: number | null | undefined) => (x === null || x === undefined ? null : Math.round(x * 100));
const lastYear = (d: string) => `${Number(d.slice(0, 4)) - 1}${d.slice(4)}`;

/** The node to show: the one asked for if the person may read its results, else their own highest one. */
export async function portalNode(db: Db, actor: Principal, code: string | undefined): Promise<OrgNode> {
  if (code) {
    const node = await getNodeByCode(db, code);
    if (
      !canReadResults(
        actor,
        (await ancestry(db, node.id)).map((n) => n.id),
      )
    )
      throw new AppError('forbidden', 'Not allowed to read results for this node');
    return node;
  }
  if (actor.kind === 'user') {
    const [grant] = resultGrants(actor);
    if (grant) return getNodeByCode(db, grant.nodeCode);
    throw new AppError('forbidden', 'The results are for managers, analysts and administrators');
  }
  const [root] = await roots(db);
  if (!root) throw new AppError('not_found', 'The organisation tree is empty');
  return root;
}

/**
 * Everything the landing view shows for a node, period and filters, from the results query
 * (the monthly and daily sums), the feedback figures and the text analysis. Siblings and the
 * county are compared as figures only: no drill-down into them.
 */
export async function portalView(db: Db, actor: Principal, node: OrgNode, period: DatePeriod, filters: PortalFilters, lang: Lang): Promise<PortalView> {
  const chain = await ancestry(db, node.id);
  const base = { survey: filters.survey, version: filters.version, channel: filters.channel, background: filters.background };
  const def = filters.version ? await surveyVersion(db, filters.survey, filters.version) : await latestVersion(db, filters.survey);
  const months = trendMonths(period.to);
  const year = Number(period.to.slice(0, 4));
  const parent = chain.at(-2);
  const root = chain[0]!;

  const [before, trend, children, siblings, county, groups, targets] = await Promise.all([
    surveyResults(db, actor, { ...base, node: node.code, from: lastYear(period.from), to: lastYear(period.to) }),
    surveyResults(db, actor, { ...base, node: node.code, from: monthDays(months[0]!).from, to: monthDays(months.at(-1)!).to, groupBy: 'month' }),
    // the level below and, counted once with it, the node as a whole
    surveyResults(db, actor, { ...base, node: node.code, from: period.from, to: period.to, groupBy: 'child' }, { withTotal: true }),
    parent ? compared(db, { ...base, node: parent.code, from: period.from, to: period.to, groupBy: 'child' }) : undefined,
    compared(db, { ...base, node: root.code, from: period.from, to: period.to }),
    filters.compareBy
      ? surveyResults(db, actor, { ...base, node: node.code, from: period.from, to: period.to, groupBy: `background.${filters.compareBy}` })
      : undefined,
    effectiveTargets(db, node.id, filters.survey, year),
  ]);
  // Targets by year, for the trend line across a new year.
  const years = [...new Set(months.map((m) => Number(m.slice(0, 4))))];
  const targetsByYear = new Map(
    await Promise.all(years.map(async (y) => [y, y === year ? targets : await effectiveTargets(db, node.id, filters.survey, y)] as const)),
  );

  const names = new Map(
    (await db.query<OrgNode>('select * from org_node where code = any($1)', [[...children.groups, ...(siblings?.groups ?? [])].map((g) => g.key)])).map((n) => [
      n.code,
      nodeName(n, lang),
    ]),
  );
  const all = children.total?.answers ? children.total : undefined;
  const previous = before.groups[0];
  const statements: StatementRow[] = def.definition.questions
    .filter((q) => q.type === 'likert')
    .map((q) => {
      const r = all?.questions?.[q.key] as LikertResult | undefined;
      const p = previous?.questions?.[q.key] as LikertResult | undefined;
      return {
        key: q.key,
        label: localise(q.text, lang),
        answered: r?.answered ?? 0,
        top2: pct(r?.shareTop2),
        mean: r?.mean === null || r?.mean === undefined ? null : Math.round(r.mean * 100) / 100,
        target: targets.get(q.key),
        lastYearTop2: pct(p?.shareTop2),
      };
    });

  const choices: ChoiceRow[] = def.definition.questions.flatMap((q): ChoiceRow[] => {
    // the first-contact survey's yes/no questions have their own section, by kind of call
    if (!(q.type === 'choice' || q.type === 'multichoice' || (q.type === 'yesno' && filters.survey !== 'thl-first-contact'))) return [];
    const r = all?.questions?.[q.key] as { answered: number; distribution?: Record<string, number>; shares?: Record<string, number | null> } | undefined;
    const answered = r?.answered ?? 0;
    const share = (n: number) => (answered ? Math.round((100 * n) / answered) : null);
    const options =
      q.type === 'yesno'
        ? (() => {
            const y = r as YesNoResult | undefined;
            const yes = y?.shareYes === null || y?.shareYes === undefined ? 0 : Math.round(y.shareYes * answered);
            return [
              { label: translator(lang)('common.yes'), count: yes, share: share(yes) },
              { label: translator(lang)('common.no'), count: answered - yes, share: share(answered - yes) },
            ];
          })()
        : (q.options ?? []).map((o) => {
            const count = r?.distribution?.[o.key] ?? 0;
            return { label: localise(o.text, lang), count, share: share(count) };
          });
    return [{ key: q.key, label: localise(q.text, lang), type: q.type, answered, options }];
  });

  // A county's own survey is shown by itself: the first-contact calls belong with THL's surveys.
  const [{ builtin } = { builtin: true }] = await db.query<{ builtin: boolean }>('select builtin from survey where id = $1', [filters.survey]);
  const firstContactDef = builtin ? await latestVersion(db, 'thl-first-contact').catch(() => undefined) : undefined;
  const yesNoQuestions = firstContactDef?.definition.questions.filter((q) => q.type === 'yesno') ?? [];
  const calls = firstContactDef
    ? await surveyResults(db, actor, { survey: 'thl-first-contact', node: node.code, from: period.from, to: period.to, groupBy: 'background.callType' })
    : undefined;

  const feedbackMonths = { from: period.from.slice(0, 7), to: period.to.slice(0, 7) };
  const today = helsinkiToday();
  const [fb, topics, feedbackTopics, actionCounts, openActions, compare] = await Promise.all([
    feedbackFigures(db, node, feedbackMonths, lang),
    topicFigures(db, node, feedbackMonths, lang, { sources: ['answer'], limit: 10 }),
    topicFigures(db, node, feedbackMonths, lang, { sources: ['feedback'], limit: 10 }),
    actionFigures(db, node.id, today, period.from, period.to),
    actionsUnder(db, node.id, lang, today, 'open'),
    benchmarks(db, filters.survey, period.from, period.to, lang),
  ]);

  const ranked = (groups: ResultGroup[], open: boolean): RankedNode[] =>
    groups
      .map((g) => ({
        ...figureOf(g),
        code: g.key,
        name: names.get(g.key) ?? g.label ?? g.key,
        open: open && g.key !== node.code,
        current: g.key === node.code,
      }))
      .sort((a, b) => (b.nps ?? -1000) - (a.nps ?? -1000) || b.answers - a.answers);

  return {
    node,
    name: nodeName(node, lang),
    trail: chain
      .filter((_n, i) =>
        canReadResults(
          actor,
          chain.slice(0, i + 1).map((a) => a.id),
        ),
      )
      .map((n) => ({ code: n.code, name: nodeName(n, lang) })),
    period,
    filters,
    surveyName: localise(def.definition.name, lang),
    version: def.version,
    threshold: children.threshold,
    headline: figureOf(all),
    quality: [
      ...(all?.quality?.flags ?? []).map((f) => ({ name: nodeName(node, lang), value: f.value, share: f.share })),
      ...children.groups
        .filter((g) => g.key !== node.code)
        .flatMap((g) => (g.quality?.flags ?? []).map((f) => ({ name: names.get(g.key) ?? g.label ?? g.key, value: f.value, share: f.share }))),
    ],
    npsTarget: targets.get('nps'),
    trend: months.map((m) => ({
      month: m,
      figure: figureOf(trend.groups.find((g) => g.key === m)),
      target: targetsByYear.get(Number(m.slice(0, 4)))?.get('nps')?.value ?? null,
    })),
    hasNps: def.definition.questions.some((q) => q.key === 'nps' && q.type === 'nps'),
    statements,
    choices,
    funnel: await surveyFunnel(db, { survey: filters.survey, nodeId: node.id, from: period.from, to: period.to }),
    children: ranked(
      children.groups.filter((g) => g.key !== node.code),
      true,
    ),
    siblings: siblings ? ranked(siblings.groups, false) : [],
    county: { ...figureOf(county.groups[0]), name: nodeName(root, lang) },
    groups: (groups?.groups ?? []).map((g) => ({ key: g.key, ...figureOf(g) })),
    firstContact: (calls?.groups ?? []).map((g) => ({
      callType: g.key,
      answers: g.answers,
      suppressed: g.suppressed,
      // asked only where the county ticked the NPS question for first-contact calls
      nps: g.suppressed ? null : (g.nps?.value ?? null),
      shares: yesNoQuestions.map((q) => ({ key: q.key, label: localise(q.text, lang), yes: pct((g.questions?.[q.key] as YesNoResult | undefined)?.shareYes) })),
    })),
    feedback: { received: fb.totals.received, inTimeShare: fb.totals.inTimeShare, overdueNow: fb.totals.overdueNow },
    topics: topics.topics,
    texts: topics.texts,
    feedbackTopics: feedbackTopics.topics,
    feedbackMainClasses: feedbackTopics.mainClasses,
    actions: { figures: actionCounts, open: openActions.slice(0, 5) },
    benchmarks: compare,
  };
}
