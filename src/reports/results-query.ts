import { z } from 'zod';
import type { Principal } from '../access/roles.ts';
import { type Db, maybeOne } from '../shared/db.ts';
import { AppError } from '../shared/errors.ts';
import { ancestry, getNodeByCode, roots } from '../organisation/tree-queries.ts';
import { backgroundVariables } from '../surveys/background.ts';
import type { Question } from '../surveys/definition.ts';
import { latestVersion, surveyVersion } from '../surveys/survey-queries.ts';
import { canReadResults } from './permissions.ts';
import { likert, type LikertResult, nps, type Nps, npsSameValueFlag, yesNo, type YesNoResult } from './nps.ts';

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'YYYY-MM-DD').refine((d) => !Number.isNaN(Date.parse(d)), 'not a date');

export const resultsQuery = z.object({
  survey: z.string().min(1).max(64).default('thl-national'),
  version: z.coerce.number().int().positive().optional(),
  node: z.string().min(1).max(200).optional(),
  from: isoDate.optional(),
  to: isoDate.optional(),
  groupBy: z.union([z.enum(['unit', 'month', 'channel', 'none']), z.string().regex(/^background\.[a-zA-Z][a-zA-Z0-9]{0,39}$/)]).default('none'),
  channel: z.union([z.string(), z.array(z.string())]).optional().transform((c) => (c === undefined ? undefined : (Array.isArray(c) ? c : c.split(',')).filter(Boolean))),
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
}

export interface Results {
  survey: string;
  version: number | null;
  node: string;
  from: string | null;
  to: string | null;
  groupBy: string;
  threshold: number;
  groups: ResultGroup[];
}

export async function anonymityThreshold(db: Db): Promise<number> {
  const row = await maybeOne<{ value: number }>(db, "select value from setting where key = 'anonymity_threshold'");
  return typeof row?.value === 'number' ? row.value : 5;
}

/**
 * Results for a survey in a subtree and period, grouped as asked. Every group below the
 * anonymity threshold is suppressed: its count is shown, its answers are not.
 */
export async function surveyResults(db: Db, actor: Principal, input: ResultsQuery): Promise<Results> {
  const q = resultsQuery.parse(input);
  const node = q.node ? await getNodeByCode(db, q.node) : (await roots(db))[0];
  if (!node) throw new AppError('not_found', 'The organisation tree is empty');
  if (!canReadResults(actor, (await ancestry(db, node.id)).map((n) => n.id))) throw new AppError('forbidden', 'Not allowed to read results for this node');
  for (const key of Object.keys(q.background)) {
    if (!(key in backgroundVariables) && key !== 'callType') throw new AppError('invalid', `Unknown background variable "${key}"`);
  }
  const def = (q.version ? await surveyVersion(db, q.survey, q.version) : await latestVersion(db, q.survey)).definition;
  const threshold = await anonymityThreshold(db);

  const params: unknown[] = [node.id, q.survey];
  const p = (v: unknown) => {
    params.push(v);
    return `$${params.length}`;
  };
  const where = ['r.node_id in (select id from sub)', 'r.survey_id = $2'];
  if (q.version) where.push(`r.survey_version = ${p(q.version)}`);
  if (q.from) where.push(`r.submitted_at >= (${p(q.from)}::date)::timestamp at time zone 'Europe/Helsinki'`);
  if (q.to) where.push(`r.submitted_at < (${p(q.to)}::date + 1)::timestamp at time zone 'Europe/Helsinki'`);
  if (q.channel?.length) where.push(`r.channel = any(${p(q.channel)})`);
  for (const [k, v] of Object.entries(q.background)) where.push(`r.background->>${p(k)} = ${p(v)}`);

  let groupExpr = `'all'`;
  if (q.groupBy === 'unit') groupExpr = 'r.node_id::text';
  else if (q.groupBy === 'month') groupExpr = `to_char(r.submitted_at at time zone 'Europe/Helsinki', 'YYYY-MM')`;
  else if (q.groupBy === 'channel') groupExpr = 'r.channel';
  else if (q.groupBy.startsWith('background.')) groupExpr = `coalesce(r.background->>${p(q.groupBy.slice(11))}, '(none)')`;

  const aggregates: string[] = [];
  const columns: { q: Question; cols: Record<string, string> }[] = [];
  def.questions.forEach((question, i) => {
    const key = p(question.key);
    const col = (name: string, expr: string) => {
      const alias = `q${i}_${name}`;
      aggregates.push(`count(*) filter (where ${expr})::int as ${alias}`);
      return alias;
    };
    const cols: Record<string, string> = {};
    if (question.type === 'nps') for (let v = 0; v <= 10; v++) cols[String(v)] = col(`v${v}`, `r.answers->${key} = '${v}'::jsonb`);
    else if (question.type === 'likert') for (let v = 1; v <= 5; v++) cols[String(v)] = col(`v${v}`, `r.answers->${key} = '${v}'::jsonb`);
    else if (question.type === 'yesno') {
      cols.yes = col('yes', `r.answers->${key} = 'true'::jsonb`);
      cols.no = col('no', `r.answers->${key} = 'false'::jsonb`);
    } else if (question.type === 'choice') {
      question.options?.forEach((o, j) => (cols[o.key] = col(`o${j}`, `r.answers->>${key} = ${p(o.key)}`)));
    } else cols.answered = col('answered', `r.answers->>${key} is not null`);
    columns.push({ q: question, cols });
  });

  const rows = await db.query<Record<string, number | string>>(
    `with recursive sub as (select id from org_node where id = $1 union all select c.id from org_node c join sub on c.parent_id = sub.id)
     select ${groupExpr} as group_key, count(*)::int as answers${aggregates.length ? ', ' + aggregates.join(', ') : ''}
     from response r where ${where.join(' and ')}
     group by 1 order by 1`,
    params,
  );

  let labels = new Map<string, string>();
  if (q.groupBy === 'unit' && rows.length) {
    const nodes = await db.query<{ id: number; code: string; name_fi: string }>('select id, code, name_fi from org_node where id = any($1)', [rows.map((r) => Number(r.group_key))]);
    labels = new Map(nodes.map((n) => [String(n.id), `${n.code}\u0000${n.name_fi}`]));
  }

  const groups = rows.map((row): ResultGroup => {
    let key = String(row.group_key);
    let label: string | undefined;
    if (q.groupBy === 'unit') {
      const [code, name] = (labels.get(key) ?? `${key}\u0000`).split('\u0000');
      key = code!;
      label = name;
    }
    const answers = Number(row.answers);
    if (answers < threshold) return { key, ...(label ? { label } : {}), answers, suppressed: true, nps: null, questions: null };
    let npsResult: Nps | null = null;
    const flags: { code: 'nps_same_value'; value: number; share: number }[] = [];
    const questions: Record<string, QuestionResult> = {};
    for (const { q: question, cols } of columns) {
      const n = (c: string) => Number(row[cols[c]!] ?? 0);
      if (question.type === 'nps') {
        const dist = Array.from({ length: 11 }, (_, v) => n(String(v)));
        const r = nps({ promoters: dist[9]! + dist[10]!, passives: dist[7]! + dist[8]!, detractors: dist.slice(0, 7).reduce((a, b) => a + b, 0) });
        if (question.key === 'nps') npsResult = r;
        questions[question.key] = { answered: r.answered, distribution: Object.fromEntries(dist.map((c, v) => [String(v), c])) };
        const flag = npsSameValueFlag(dist);
        if (flag) flags.push({ code: 'nps_same_value', ...flag });
      } else if (question.type === 'likert') {
        questions[question.key] = likert({ '1': n('1'), '2': n('2'), '3': n('3'), '4': n('4'), '5': n('5') });
      } else if (question.type === 'yesno') {
        questions[question.key] = yesNo(n('yes'), n('no'));
      } else if (question.type === 'choice') {
        const distribution = Object.fromEntries(Object.keys(cols).map((k) => [k, n(k)]));
        questions[question.key] = { answered: Object.values(distribution).reduce((a, b) => a + b, 0), distribution };
      } else {
        questions[question.key] = { answered: n('answered') };
      }
    }
    return {
      key, ...(label ? { label } : {}), answers, suppressed: false, nps: npsResult, questions,
      ...(flags.length ? { quality: { flags } } : {}),
    };
  });

  return { survey: q.survey, version: q.version ?? null, node: node.code, from: q.from ?? null, to: q.to ?? null, groupBy: q.groupBy, threshold, groups };
}
