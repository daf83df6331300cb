import type { Db } from '../shared/db.ts';
import { likert, nps, type Nps, npsSameValueFlag, yesNo } from './nps.ts';
import type { ResultsPlan } from './results-plan.ts';
import { answeredSlot } from './rollup-layout.ts';
import { addCount, type GroupCounts, type Tally } from './results-tally.ts';
import type { QuestionResult, ResultGroup, Results } from './results-types.ts';
import { smsRequestCounts } from '../sms/response-rate.ts';

/**
 * Turns the tallied groups into results: node labels, THL's arithmetic per question, groups
 * under the anonymity threshold suppressed, the optional total, and SMS response rates.
 */
export async function finishResults(db: Db, plan: ResultsPlan, tally: Tally, withTotal: boolean): Promise<Results> {
  const { q, node, def, threshold, sums } = plan;
  const groups = tally.groups;
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
      } else if (question.type === 'multichoice') {
        // each option as a share of the respondents who answered the question: the shares add up to more than 100 %
        const answered = count(k, answeredSlot);
        const distribution = Object.fromEntries((question.options ?? []).map((o) => [o.key, count(k, `=${o.key}`)]));
        const shares = Object.fromEntries(Object.entries(distribution).map(([o, n]) => [o, answered ? Math.round((1000 * n) / answered) / 10 : null]));
        questions[k] = { answered, distribution, shares };
      } else if (question.type === 'info') {
      } else {
        questions[k] = { answered: count(k, 'answered') };
      }
    }
    return { ...base, suppressed: false, nps: npsResult, questions, ...(flags.length ? { quality: { flags } } : {}) };
  };
  const result = [...groups.entries()].map(toGroup);
  let total: ResultGroup | undefined;
  if (withTotal) {
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
    summedMonths: sums.months.length,
    summedDays: sums.days.length,
    groups: result,
    ...(total ? { total } : {}),
  };
}
