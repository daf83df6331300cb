import { z } from 'zod';
import type { Principal } from '../access/roles.ts';
import type { Db } from '../shared/db.ts';
import { AppError } from '../shared/errors.ts';
import type { Lang } from '../shared/i18n/index.ts';
import type { OrgNode } from '../organisation/node.ts';
import { type LocalText, localise } from '../surveys/definition.ts';
import { latestVersion, surveyVersion } from '../surveys/survey-queries.ts';
import type { LikertResult } from './nps.ts';
import type { DatePeriod } from './period-presets.ts';
import { type Figure, figureOf, type PortalFilters, pct } from './portal.ts';
import { surveyResults } from './results-query.ts';

export interface JourneyStage {
  key: string;
  position: number;
  name: LocalText;
  critical_points: LocalText;
  statements: string[];
}

export async function journeyStages(db: Db): Promise<JourneyStage[]> {
  return db.query<JourneyStage>('select key, position, name, critical_points, statements from journey_stage order by position, key');
}

const text = z.string().trim().max(1000);
export const stageInput = z.object({
  position: z.coerce.number().int().min(1).max(99),
  name_fi: z.string().trim().min(1).max(120),
  name_sv: z.string().trim().max(120).default(''),
  name_en: z.string().trim().max(120).default(''),
  critical_fi: text.default(''),
  critical_sv: text.default(''),
  critical_en: text.default(''),
  statements: z
    .union([z.string(), z.array(z.string())])
    .transform((v) => ([] as string[]).concat(v))
    .default([]),
});

/** Renames, reorders or re-describes a stage; its key stays, so the answers tagged with it keep their stage. */
export async function saveStage(db: Db, actor: string, key: string, raw: unknown): Promise<void> {
  const i = stageInput.parse(raw);
  const known = new Set((await latestVersion(db, 'thl-national')).definition.questions.filter((q) => q.type === 'likert').map((q) => q.key));
  const statements = i.statements.filter((s) => known.has(s));
  const drop = (o: Record<string, string>) => Object.fromEntries(Object.entries(o).filter(([, v]) => v));
  const rows = await db.query(
    `update journey_stage set position = $2, name = $3, critical_points = $4, statements = $5, updated_by = $6, updated_at = now() where key = $1 returning key`,
    [
      key,
      i.position,
      JSON.stringify(drop({ fi: i.name_fi, sv: i.name_sv, en: i.name_en })),
      JSON.stringify(drop({ fi: i.critical_fi, sv: i.critical_sv, en: i.critical_en })),
      statements,
      actor,
    ],
  );
  if (!rows.length) throw new AppError('not_found', 'No such journey stage');
}

/** Ties a survey to a stage (or unties it): its answers without a stage of their own get this one. */
/** Which journey stage each survey belongs to, by survey id. */
export async function surveyStages(db: Db): Promise<Map<string, string | null>> {
  const rows = await db.query<{ id: string; journey_stage: string | null }>('select id, journey_stage from survey');
  return new Map(rows.map((r) => [r.id, r.journey_stage]));
}

export async function setSurveyStage(db: Db, surveyId: string, stage: string | null): Promise<void> {
  const rows = await db.query('update survey set journey_stage = $2 where id = $1 returning id', [surveyId, stage || null]);
  if (!rows.length) throw new AppError('not_found', 'No such survey');
}

export interface JourneyStatement {
  key: string;
  label: string;
  top2: number | null;
  answered: number /** the node's own share over all stages */;
  overall: number | null;
}

export interface JourneyStageFigure extends Figure {
  key: string;
  name: string;
  criticalPoints: string;
  statements: JourneyStatement[];
  /** Where the experience breaks: the lowest NPS of the stages shown, or a tied statement 10 points below the node's own. */
  weakest: boolean;
  weakStatements: string[];
}

export interface JourneyView {
  stages: JourneyStageFigure[];
  total: Figure;
  /** Answers in the period with no stage at all. */
  untagged: number;
  threshold: number;
  surveyName: string;
}

/** Each stage of the journey for a node and period: answers, NPS with margin, and the statements tied to it. */
export async function journeyView(db: Db, actor: Principal, node: OrgNode, period: DatePeriod, filters: PortalFilters, lang: Lang): Promise<JourneyView> {
  const def = filters.version ? await surveyVersion(db, filters.survey, filters.version) : await latestVersion(db, filters.survey);
  const labels = new Map(def.definition.questions.map((q) => [q.key, localise(q.text, lang)]));
  const [stages, results] = await Promise.all([
    journeyStages(db),
    surveyResults(
      db,
      actor,
      {
        survey: filters.survey,
        version: filters.version,
        channel: filters.channel,
        background: filters.background,
        node: node.code,
        from: period.from,
        to: period.to,
        groupBy: 'background.journeyStage',
      },
      { withTotal: true },
    ),
  ]);
  const total = results.total;
  const figures = stages.map((s) => {
    const g = results.groups.find((x) => x.key === s.key);
    const statements = s.statements
      .filter((k) => labels.has(k))
      .map((k) => {
        const r = g && !g.suppressed ? (g.questions?.[k] as LikertResult | undefined) : undefined;
        const all = total?.questions?.[k] as LikertResult | undefined;
        return { key: k, label: labels.get(k)!, top2: pct(r?.shareTop2), answered: r?.answered ?? 0, overall: pct(all?.shareTop2) };
      });
    const weakStatements = statements.filter((st) => st.top2 !== null && st.overall !== null && st.overall - st.top2 >= 10).map((st) => st.key);
    return {
      ...figureOf(g),
      key: s.key,
      name: localise(s.name, lang),
      criticalPoints: localise(s.critical_points, lang),
      statements,
      weakest: false,
      weakStatements,
    };
  });
  const shown = figures.filter((f) => !f.suppressed && f.nps !== null);
  if (shown.length >= 2) {
    const lowest = Math.min(...shown.map((f) => f.nps!));
    for (const f of shown) if (f.nps === lowest) f.weakest = true;
  }
  const tagged = results.groups.filter((g) => stages.some((s) => s.key === g.key)).reduce((sum, g) => sum + g.answers, 0);
  return {
    stages: figures,
    total: figureOf(total),
    untagged: Math.max(0, (total?.answers ?? 0) - tagged),
    threshold: results.threshold,
    surveyName: localise(def.definition.name, lang),
  };
}
