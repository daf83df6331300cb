import { z } from 'zod';
import type { Principal } from '../access/roles.ts';
import { type Db, maybeOne } from '../shared/db.ts';
import { AppError } from '../shared/errors.ts';
import { ancestry, getNodeByCode, roots, subtreeByChildCte, subtreeCte } from '../organisation/tree-queries.ts';
import { backgroundVariables } from '../surveys/background.ts';
import type { SurveyDefinition } from '../surveys/definition.ts';
import { latestVersion, surveyVersion } from '../surveys/survey-queries.ts';
import { canReadResults } from '../access/permissions.ts';
import { likert, type LikertResult, nps, type Nps, npsSameValueFlag, yesNo, type YesNoResult } from './nps.ts';
import { allChannels, grains, rollupWatermark } from './refresh-rollup.ts';
import { rollupLayout, valueCondition } from './rollup-layout.ts';
import { type SmsRequests, smsRequestCounts } from '../sms/response-rate.ts';

const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'YYYY-MM-DD')
  .refine((d) => !Number.isNaN(Date.parse(d)), 'not a date');

export const resultsQuery = z.object({
  survey: z.string().min(1).max(64).default('thl-national'),
  version: z.coerce.number().int().positive().optional(),
  node: z.string().min(1).max(200).optional(),
  from: isoDate.optional(),
  to: isoDate.optional(),
  groupBy: z.union([z.enum(['unit', 'child', 'month', 'channel', 'none']), z.string().regex(/^background\.[a-zA-Z][a-zA-Z0-9]{0,39}$/)]).default('none'),
  channel: z
    .union([z.string(), z.array(z.string())])
    .optional()
    .transform((c) => (c === undefined ? undefined : (Array.isArray(c) ? c : c.split(',')).filter(Boolean))),
  background: z.record(z.string(), z.string()).default({}),
});
export type ResultsQuery = z.input<typeof resultsQuery>;

export type QuestionResult = LikertResult | YesNoResult | { answered: number; distribution?: Record<string, number> };

export interface ResultGroup {
  key: string;
  label?: string;
  answers: number;
  suppressed: boolean;
  nps: Nps | null;
  questions: Record<string, QuestionResult> | null;
  quality?: { flags: { code: 'nps_same_value'; value: number; share: number }[] };
  /** Survey requests sent by SMS in this group and the share answered (by unit, month, or all). */
  smsRequests?: SmsRequests;
}

export interface Results {
  survey: string;
  version: number | null;
  node: string;
  from: string | null;
  to: string | null;
  groupBy: string;
  threshold: number;
  /** How many whole months and days came from the sums (the rest was counted from the answers). */
  summedMonths: number;
  summedDays: number;
  groups: ResultGroup[];
  /** With `withTotal`: all the groups together, counted once (the portal's headline and its level below in one query). */
  total?: ResultGroup;
}

export async function anonymityThreshold(db: Db): Promise<number> {
  const row = await maybeOne<{ value: number }>(db, "select value from setting where key = 'anonymity_threshold'");
  return typeof row?.value === 'number' ? row.value : 5;
}

type GroupCounts = { answers: number; values: Map<string, Map<string, number>> };

const addCount = (g: GroupCounts, key: string, value: string, n: number) => {
  if (!n) return;
  let m = g.values.get(key);
  if (!m) g.values.set(key, (m = new Map()));
  m.set(value, (m.get(value) ?? 0) + n);
};

const nextMonth = (m: string) => {
  const d = new Date(`${m}T00:00:00Z`);
  return new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1)).toISOString().slice(0, 10);
};
const nextDay = (d: string) => new Date(Date.parse(`${d}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);

/** The parts of [start, end) (dates; null = unbounded) not covered by the sorted periods. */
function gaps(start: string | null, end: string | null, covered: string[], next: (p: string) => string): [string | null, string | null][] {
  const out: [string | null, string | null][] = [];
  let at = start;
  for (const p of covered) {
    if (at === null || at < p) out.push([at, p]);
    at = next(p);
  }
  if (end === null || at === null || at < end) out.push([at, end]);
  return out;
}

interface SumPlan {
  months: string[];
  days: string[];
  /** Half-open date ranges counted from the answers themselves. */
  raw: [string | null, string | null][];
}

/**
 * Which parts of the period come from the monthly sums, which from the daily sums, and which are
 * counted from the answers: a period ended and summed, with no answer received since the last
 * refresh, comes from the sums; everything else from the answers.
 */
async function planSums(db: Db, survey: string, from: string | undefined, to: string | undefined, useSums: boolean): Promise<SumPlan> {
  const end = to ? nextDay(to) : null;
  if (!useSums) return { months: [], days: [], raw: [[from ?? null, end]] };
  const watermark = await rollupWatermark(db);
  const dirty = await db.query<{ month: string; day: string }>(
    `select distinct to_char(date_trunc('month', submitted_at at time zone 'Europe/Helsinki'), 'YYYY-MM-DD') as month,
            to_char(submitted_at at time zone 'Europe/Helsinki', 'YYYY-MM-DD') as day
     from response where received_at > $1::timestamptz and survey_id = $2`,
    [watermark, survey],
  );
  const dirtyMonths = new Set(dirty.map((d) => d.month));
  const dirtyDays = new Set(dirty.map((d) => d.day));
  const months = (
    await db.query<{ p: string }>(
      `select to_char(period, 'YYYY-MM-DD') as p from rollup_period
     where survey_id = $1 and grain = 'month' and ($2::date is null or period >= $2::date) and ($3::date is null or period + interval '1 month' <= $3::date)
     order by 1`,
      [survey, from ?? null, end],
    )
  )
    .map((r) => r.p)
    .filter((m) => !dirtyMonths.has(m));
  const days: string[] = [];
  const raw: [string | null, string | null][] = [];
  for (const [a, b] of gaps(from ?? null, end, months, nextMonth)) {
    if (a === null || b === null) {
      raw.push([a, b]);
      continue;
    }
    const covered = (
      await db.query<{ p: string }>(
        `select to_char(period, 'YYYY-MM-DD') as p from rollup_period where survey_id = $1 and grain = 'day' and period >= $2::date and period < $3::date order by 1`,
        [survey, a, b],
      )
    )
      .map((r) => r.p)
      .filter((d) => !dirtyDays.has(d));
    days.push(...covered);
    raw.push(...gaps(a, b, covered, nextDay));
  }
  return { months, days, raw };
}

/**
 * Results for a survey in a subtree and period, grouped as asked. Every group below the
 * anonymity threshold is suppressed: its count is shown, its answers are not.
 *
 * Whole months already summed in response_rollup are read from there; the rest (partial months
 * at the ends of the period, months with answers received after the last refresh, and queries
 * on two or more background variables at once) is counted from the answers themselves. Both give the same numbers.
 * (An insert whose transaction was still open while a refresh ran can be missing from its month
 * until the next refresh, a minute later, which looks back over a safety margin.)
 */
export async function surveyResults(db: Db, actor: Principal, input: ResultsQuery, opts: { useRollup?: boolean; withTotal?: boolean } = {}): Promise<Results> {
  const q = resultsQuery.parse(input);
  const node = q.node ? await getNodeByCode(db, q.node) : (await roots(db))[0];
  if (!node) throw new AppError('not_found', 'The organisation tree is empty');
  if (
    !canReadResults(
      actor,
      (await ancestry(db, node.id)).map((n) => n.id),
    )
  )
    throw new AppError('forbidden', 'Not allowed to read results for this node');
  for (const key of Object.keys(q.background)) {
    if (!(key in backgroundVariables)) throw new AppError('invalid', `Unknown background variable "${key}"`);
  }
  if (q.from && q.to && q.from > q.to) throw new AppError('invalid', '"from" is after "to"');
  const def = (q.version ? await surveyVersion(db, q.survey, q.version) : await latestVersion(db, q.survey)).definition;
  const threshold = await anonymityThreshold(db);
  const groups = new Map<string, GroupCounts>();
  const group = (key: string) => {
    let g = groups.get(key);
    if (!g) groups.set(key, (g = { answers: 0, values: new Map() }));
    return g;
  };

  const filterKeys = Object.keys(q.background);
  const groupKey = q.groupBy.startsWith('background.') ? q.groupBy.slice(11) : undefined;
  // One background variable, as a filter or as the grouping, is summed too (response_rollup_bg);
  // two or more at once are counted from the answers.
  const summable = groupKey ? filterKeys.length === 0 : filterKeys.length <= 1;
  // by the node's children: each answer counts for the child whose subtree it lies in (the node's own answers stay the node's)
  const byChild = `coalesce(s.top, s.id)::text`;
  const cte = q.groupBy === 'child' ? subtreeByChildCte : subtreeCte;
  const plan = await planSums(db, q.survey, q.from, q.to, opts.useRollup !== false && summable);

  // From the sums: add up each version's counts, then map them to question keys by that version's layout.
  const layouts = new Map<number, ReturnType<typeof rollupLayout>>();
  if (plan.months.length || plan.days.length) {
    const versions = await db.query<{ version: number; definition: SurveyDefinition }>('select version, definition from survey_version where survey_id = $1', [
      q.survey,
    ]);
    for (const v of versions) layouts.set(v.version, rollupLayout(v.definition));
  }
  const width = Math.max(0, ...[...layouts.values()].map((l) => l.reduce((a, s) => a + s.values.length, 0)));
  const addRow = (groupName: string, row: { survey_version: number; answers: number; counts: number[] }, sign: 1 | -1) => {
    const grp = group(groupName);
    grp.answers += sign * row.answers;
    for (const slot of layouts.get(row.survey_version) ?? []) {
      const wanted = def.questions.find((x) => x.key === slot.question.key && x.type === slot.question.type);
      if (!wanted) continue;
      for (const [i, v] of slot.values.entries()) addCount(grp, wanted.key, v, sign * (row.counts[slot.offset - 1 + i] ?? 0));
    }
  };
  for (const [grain, periods] of [
    ['month', plan.months],
    ['day', plan.days],
  ] as const) {
    if (!periods.length) continue;
    const g = grains[grain];
    const sumOf = async (table: string, key: string, extra: [string, unknown][] = []) => {
      const params: unknown[] = [node.id, q.survey, periods];
      const where = ['r.survey_id = $2', `r.${g.column} = any($3::date[])`];
      if (q.version) where.push(`r.survey_version = $${params.push(q.version)}`);
      if (q.channel?.length) where.push(`r.channel = any($${params.push(q.channel)})`);
      else where.push(q.groupBy === 'channel' ? `r.channel <> '${allChannels}'` : `r.channel = '${allChannels}'`);
      for (const [column, value] of extra) where.push(`r.${column} = $${params.push(value)}`);
      const sums = Array.from({ length: width }, (_, i) => `coalesce(sum(r.counts[${i + 1}]), 0)::int`);
      return db.query<{ group_key: string; survey_version: number; answers: number; counts: number[] }>(
        `${cte}
         select ${key} as group_key, r.survey_version, sum(r.answers)::int as answers, array[${sums.join(', ') || '0'}] as counts
         from ${table} r join sub s on s.id = r.node_id where ${where.join(' and ')} group by 1, 2`,
        params,
      );
    };
    if (groupKey) {
      // each value from its sums; "not given" is everything else: the total minus the values
      for (const row of await sumOf(g.table, "'(none)'")) addRow('(none)', row, 1);
      for (const row of await sumOf(g.bgTable, 'r.bg_value', [['bg_key', groupKey]])) {
        addRow(row.group_key, row, 1);
        addRow('(none)', row, -1);
      }
      continue;
    }
    const key =
      q.groupBy === 'unit'
        ? 'r.node_id::text'
        : q.groupBy === 'child'
          ? byChild
          : q.groupBy === 'month'
            ? `to_char(r.${g.column}, 'YYYY-MM')`
            : q.groupBy === 'channel'
              ? 'r.channel'
              : "'all'";
    const [filter] = Object.entries(q.background);
    const rows = filter
      ? await sumOf(g.bgTable, key, [
          ['bg_key', filter[0]],
          ['bg_value', filter[1]],
        ])
      : await sumOf(g.table, key);
    for (const row of rows) addRow(row.group_key, row, 1);
  }
  if (groups.get('(none)')?.answers === 0) groups.delete('(none)');

  // From the answers: only the stretches of the period that the rollup did not cover.
  // One query per stretch: each is an index range scan, where OR-ed ranges would scan the table.
  for (const [segFrom, segTo] of plan.raw) {
    const params: unknown[] = [node.id, q.survey];
    const p = (v: unknown) => `$${params.push(v)}`;
    const where = ['r.survey_id = $2'];
    if (q.version) where.push(`r.survey_version = ${p(q.version)}`);
    const local = (d: string) => `(${p(d)}::date)::timestamp at time zone 'Europe/Helsinki'`;
    if (segFrom) where.push(`r.submitted_at >= ${local(segFrom)}`);
    if (segTo) where.push(`r.submitted_at < ${local(segTo)}`);
    if (q.channel?.length) where.push(`r.channel = any(${p(q.channel)})`);
    for (const [k, v] of Object.entries(q.background)) where.push(`r.background->>${p(k)} = ${p(v)}`);
    let key = `'all'`;
    if (q.groupBy === 'unit') key = 'r.node_id::text';
    else if (q.groupBy === 'child') key = byChild;
    else if (q.groupBy === 'month') key = `to_char(r.submitted_at at time zone 'Europe/Helsinki', 'YYYY-MM')`;
    else if (q.groupBy === 'channel') key = 'r.channel';
    else if (q.groupBy.startsWith('background.')) key = `coalesce(r.background->>${p(q.groupBy.slice(11))}, '(none)')`;
    const slots = rollupLayout(def);
    // Each answer is read out of the JSON once; the counting then compares plain text.
    const extracts = slots.map((s, i) => `r.answers->>${p(s.question.key)} as a${i}`);
    const counts: string[] = [];
    const order: { key: string; value: string }[] = [];
    for (const [i, s] of slots.entries()) {
      for (const v of s.values) {
        counts.push(`count(*) filter (where ${valueCondition(s.question, `x.a${i}`, v)})::int`);
        order.push({ key: s.question.key, value: v });
      }
    }
    const rows = await db.query<{ group_key: string; answers: number; counts: number[] }>(
      `${cte}
       select x.group_key, count(*)::int as answers, array[${counts.join(', ') || '0'}] as counts
       from (select ${key} as group_key${extracts.length ? `, ${extracts.join(', ')}` : ''} from response r join sub s on s.id = r.node_id where ${where.join(' and ')}) x
       group by 1`,
      params,
    );
    for (const row of rows) {
      const g = group(row.group_key);
      g.answers += row.answers;
      for (const [i, o] of order.entries()) addCount(g, o.key, o.value, row.counts[i] ?? 0);
    }
  }

  let labels = new Map<string, { code: string; name: string }>();
  if ((q.groupBy === 'unit' || q.groupBy === 'child') && groups.size) {
    const nodes = await db.query<{ id: number; code: string; name_fi: string }>('select id, code, name_fi from org_node where id = any($1)', [
      [...groups.keys()].map(Number),
    ]);
    labels = new Map(nodes.map((n) => [String(n.id), { code: n.code, name: n.name_fi }]));
  }

  const toGroup = ([rawKey, g]: [string, GroupCounts]): ResultGroup => {
    const label = labels.get(rawKey);
    const key = label?.code ?? rawKey;
    const base = { key, ...(label ? { label: label.name } : {}), answers: g.answers };
    if (g.answers < threshold) return { ...base, suppressed: true, nps: null, questions: null };
    const count = (k: string, v: string) => g.values.get(k)?.get(v) ?? 0;
    let npsResult: Nps | null = null;
    const flags: { code: 'nps_same_value'; value: number; share: number }[] = [];
    const questions: Record<string, QuestionResult> = {};
    for (const question of def.questions) {
      const k = question.key;
      if (question.type === 'nps') {
        const dist = Array.from({ length: 11 }, (_, v) => count(k, String(v)));
        const r = nps({ promoters: dist[9]! + dist[10]!, passives: dist[7]! + dist[8]!, detractors: dist.slice(0, 7).reduce((a, b) => a + b, 0) });
        if (k === 'nps') npsResult = r;
        questions[k] = { answered: r.answered, distribution: Object.fromEntries(dist.map((c, v) => [String(v), c])) };
        const flag = npsSameValueFlag(dist);
        if (flag) flags.push({ code: 'nps_same_value', ...flag });
      } else if (question.type === 'likert') {
        questions[k] = likert({ '1': count(k, '1'), '2': count(k, '2'), '3': count(k, '3'), '4': count(k, '4'), '5': count(k, '5') });
      } else if (question.type === 'yesno') {
        questions[k] = yesNo(count(k, 'yes'), count(k, 'no'));
      } else if (question.type === 'choice') {
        const distribution = Object.fromEntries((question.options ?? []).map((o) => [o.key, count(k, o.key)]));
        questions[k] = { answered: Object.values(distribution).reduce((a, b) => a + b, 0), distribution };
      } else {
        questions[k] = { answered: count(k, 'answered') };
      }
    }
    return { ...base, suppressed: false, nps: npsResult, questions, ...(flags.length ? { quality: { flags } } : {}) };
  };
  const result = [...groups.entries()].map(toGroup);
  let total: ResultGroup | undefined;
  if (opts.withTotal) {
    const all: GroupCounts = { answers: 0, values: new Map() };
    for (const g of groups.values()) {
      all.answers += g.answers;
      for (const [k, m] of g.values) for (const [v, n] of m) addCount(all, k, v, n);
    }
    total = toGroup(['all', all]);
  }

  // The response rate of SMS requests: answered / sent, where the grouping allows it.
  const smsGrouping = q.groupBy === 'unit' || q.groupBy === 'month' || q.groupBy === 'none' ? q.groupBy : q.groupBy === 'channel' ? 'none' : undefined;
  if (smsGrouping) {
    const sms = await smsRequestCounts(db, { nodeId: node.id, survey: q.survey, from: q.from, to: q.to, groupBy: smsGrouping });
    if (sms.size) {
      const codes =
        smsGrouping === 'unit'
          ? new Map(
              (
                await db.query<{ id: number; code: string; name_fi: string }>('select id, code, name_fi from org_node where id = any($1)', [
                  [...sms.keys()].map(Number),
                ])
              ).map((n) => [String(n.id), n]),
            )
          : undefined;
      for (const [rawKey, counts] of sms) {
        const key = codes?.get(rawKey)?.code ?? (q.groupBy === 'channel' ? 'sms' : rawKey);
        let g = result.find((r) => r.key === key);
        if (!g)
          result.push(
            (g = { key, ...(codes?.get(rawKey) ? { label: codes.get(rawKey)!.name_fi } : {}), answers: 0, suppressed: true, nps: null, questions: null }),
          );
        g.smsRequests = counts;
      }
    }
  }
  result.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));

  return {
    survey: q.survey,
    version: q.version ?? null,
    node: node.code,
    from: q.from ?? null,
    to: q.to ?? null,
    groupBy: q.groupBy,
    threshold,
    summedMonths: plan.months.length,
    summedDays: plan.days.length,
    groups: result,
    ...(total ? { total } : {}),
  };
}
