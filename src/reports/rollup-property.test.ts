import assert from 'node:assert/strict';
import { before, it } from 'node:test';
import fc from 'fast-check';
import { describeEachDatabase } from '../../test/helpers/databases.ts';
import { importOrgTree } from '../organisation/import-org-tree.ts';
import { prng } from '../shared/prng.ts';
import { latestVersion } from '../surveys/survey-queries.ts';
import { storeResponses, type NewResponse } from '../surveys/store-response.ts';
import { refreshRollup } from './refresh-rollup.ts';
import { type ResultsQuery, surveyResults } from './results-query.ts';

const system = { kind: 'system', name: 'test' } as const;

// A small county: two divisions, four areas, eight units; U8 will move from A4 to A1.
const tree = [
  'code,parent_code,kind,name_fi,name_sv,name_en,active',
  'C,,county,Alue,,,true',
  'D1,C,division,Terveys,,,true',
  'D2,C,division,Sosiaali,,,true',
  'A1,D1,result_area,A1,,,true',
  'A2,D1,result_area,A2,,,true',
  'A3,D2,result_area,A3,,,true',
  'A4,D2,result_area,A4,,,true',
  ...[1, 2, 3, 4, 5, 6, 7, 8].map((i) => `U${i},A${Math.ceil(i / 2)},unit,Yksikkö ${i},,,true`),
];
const channels = ['sms', 'qr', 'kiosk', 'link', 'paper'] as const;
const ageGroups = ['18-29', '30-44', '45-64', '65-74'] as const;
const months = ['2025-11', '2025-12', '2026-01', '2026-02', '2026-03', '2026-04'];

interface Raw {
  unit: string;
  at: Date;
  channel: string;
  ageGroup: string | undefined;
  nps: number | null;
  encounter: number | null;
}

const helsinkiDate = (d: Date) => d.toLocaleDateString('sv-SE', { timeZone: 'Europe/Helsinki' });

describeEachDatabase('result sums against the answers themselves, on random data and random questions', ({ db }) => {
  const raw: Raw[] = [];
  const parentOf = new Map<string, string>();

  const answers = async (n: number, seed: number, tag: string, start = '2025-11-01T00:00:00+02:00', days = 181) => {
    const rnd = prng(seed);
    const version = (await latestVersion(db(), 'thl-national')).version;
    const nodes = new Map((await db().query<{ id: number; code: string }>('select id, code from org_node')).map((r) => [r.code, r.id]));
    const rows: NewResponse[] = [];
    for (let i = 0; i < n; i++) {
      // submitted at any minute of six months, across the months' edges in Helsinki time
      const at = new Date(Date.parse(start) + Math.floor(rnd.next() * days * 24 * 60) * 60_000);
      const r: Raw = {
        unit: `U${1 + Math.floor(rnd.next() * 8)}`,
        at,
        channel: channels[Math.floor(rnd.next() * channels.length)]!,
        ageGroup: rnd.next() < 0.8 ? ageGroups[Math.floor(rnd.next() * ageGroups.length)] : undefined,
        nps: rnd.next() < 0.05 ? null : Math.floor(rnd.next() * 11),
        encounter: rnd.next() < 0.1 ? null : 1 + Math.floor(rnd.next() * 5),
      };
      raw.push(r);
      rows.push({
        surveyId: 'thl-national',
        surveyVersion: version,
        nodeId: nodes.get(r.unit)!,
        channel: r.channel,
        submittedAt: at,
        idempotencyKey: `${tag}:${i}`,
        background: r.ageGroup ? { ageGroup: r.ageGroup } : {},
        answers: { nps: r.nps, encounter: r.encounter },
      });
    }
    await storeResponses(db(), rows);
  };

  before(async () => {
    await importOrgTree(db(), { csv: tree.join('\n'), source: 'test' });
    await answers(3000, 11, 'first');
    await refreshRollup(db());
    await answers(300, 12, 'late', '2026-01-01T00:00:00+02:00', 31); // after the sums: late answers for a month already summed, left queued
    // U8 moves under A1 after its answers were summed
    await importOrgTree(db(), { csv: tree.map((l) => (l.startsWith('U8,') ? 'U8,A1,unit,Yksikkö 8,,,true' : l)).join('\n'), source: 'test' });
    for (const l of tree.slice(1)) {
      const [code, parent] = l.split(',');
      if (parent) parentOf.set(code!, code === 'U8' ? 'A1' : parent);
    }
  });

  /** The path from the county down to a unit, in the tree as it is now. */
  const path = (code: string): string[] => (parentOf.has(code) ? [...path(parentOf.get(code)!), code] : [code]);

  /** What the results should say, counted here in JavaScript from the answers as generated. */
  function expected(q: { node: string; groupBy: string; from: string; to: string; channel?: string[]; ageGroup?: string }) {
    const groups = new Map<string, Raw[]>();
    for (const r of raw) {
      const p = path(r.unit);
      const depth = p.indexOf(q.node);
      if (depth < 0) continue;
      const day = helsinkiDate(r.at);
      if (day < q.from || day > q.to) continue;
      if (q.channel && !q.channel.includes(r.channel)) continue;
      if (q.ageGroup && r.ageGroup !== q.ageGroup) continue;
      const key =
        q.groupBy === 'unit'
          ? r.unit
          : q.groupBy === 'child'
            ? (p[depth + 1] ?? q.node)
            : q.groupBy === 'month'
              ? day.slice(0, 7)
              : q.groupBy === 'channel'
                ? r.channel
                : q.groupBy === 'background.ageGroup'
                  ? (r.ageGroup ?? '(none)')
                  : 'all';
      groups.set(key, [...(groups.get(key) ?? []), r]);
    }
    return new Map(
      [...groups].map(([k, rs]) => {
        const answered = rs.filter((r) => r.nps !== null);
        const promoters = answered.filter((r) => r.nps! >= 9).length;
        const detractors = answered.filter((r) => r.nps! <= 6).length;
        const fives = rs.filter((r) => r.encounter === 5).length;
        return [k, { answers: rs.length, promoters, detractors, npsAnswered: answered.length, encounterFives: fives }];
      }),
    );
  }

  it('agree for any node, grouping, period, channel and background filter, late answers and a moved unit included', async () => {
    const query = fc.record({
      node: fc.constantFrom('C', 'D1', 'D2', 'A1', 'A4', 'U3', 'U8'),
      groupBy: fc.constantFrom('none', 'unit', 'child', 'month', 'channel', 'background.ageGroup'),
      from: fc.integer({ min: 0, max: 150 }),
      length: fc.integer({ min: 0, max: 200 }),
      channel: fc.option(fc.subarray([...channels], { minLength: 1 }), { nil: undefined }),
      ageGroup: fc.option(fc.constantFrom(...ageGroups), { nil: undefined }),
    });
    await fc.assert(
      fc.asyncProperty(query, async (g) => {
        const day = (n: number) => new Date(Date.UTC(2025, 10, 1 + n)).toISOString().slice(0, 10);
        const q = { node: g.node, groupBy: g.groupBy, from: day(g.from), to: day(g.from + g.length), channel: g.channel, ageGroup: g.ageGroup };
        const input: ResultsQuery = {
          node: q.node,
          groupBy: q.groupBy,
          from: q.from,
          to: q.to,
          ...(q.channel ? { channel: q.channel } : {}),
          ...(q.ageGroup ? { background: { ageGroup: q.ageGroup } } : {}),
        };
        const fast = await surveyResults(db(), system, input);
        const slow = await surveyResults(db(), system, input, { useRollup: false });
        assert.deepEqual(fast.groups, slow.groups);
        if (q.groupBy === 'child') {
          const withTotal = await surveyResults(db(), system, input, { withTotal: true });
          const whole = await surveyResults(db(), system, { ...input, groupBy: 'none' });
          if (whole.groups[0]) assert.deepEqual({ ...withTotal.total, key: 'all' }, whole.groups[0], 'the total of the children is the node as a whole');
          else assert.equal(withTotal.total?.answers, 0);
        }
        const want = expected(q);
        assert.deepEqual(new Set(fast.groups.map((x) => x.key)), new Set(want.keys()), JSON.stringify(q));
        for (const group of fast.groups) {
          const w = want.get(group.key)!;
          assert.equal(group.answers, w.answers, `${JSON.stringify(q)} ${group.key}`);
          if (group.suppressed) continue;
          assert.deepEqual([group.nps!.promoters, group.nps!.detractors, group.nps!.answered], [w.promoters, w.detractors, w.npsAnswered]);
          assert.equal((group.questions!.encounter as { distribution: Record<string, number> }).distribution['5'], w.encounterFives);
        }
      }),
      { numRuns: 60, seed: 20261124 },
    );
  });

  it('are summed from the rollup for whole months, so the property above tests the sums', async () => {
    const r = await surveyResults(db(), system, { node: 'C', groupBy: 'child', from: `${months[0]}-01`, to: '2026-04-30' });
    assert.equal(r.summedMonths, 6, 'every month comes from the sums, January with its late answers counted on top');
    const [{ queued }] = (await db().query<{ queued: number }>('select count(*)::int as queued from rollup_pending')) as [{ queued: number }];
    assert.equal(queued, 300, 'the late answers wait in the queue: the property above tests them too');
    assert.deepEqual(
      r.groups.map((x) => x.key),
      ['D1', 'D2'],
    );
    const byAge = await surveyResults(db(), system, { node: 'C', groupBy: 'background.ageGroup', from: `${months[0]}-01`, to: '2026-04-30' });
    assert.equal(byAge.summedMonths, 6, 'groups of a background variable come from its sums');
    assert.ok(
      byAge.groups.some((g) => g.key === '(none)'),
      'with those who did not say',
    );
    const filtered = await surveyResults(db(), system, { node: 'C', background: { ageGroup: '45-64' }, from: `${months[0]}-01`, to: '2026-04-30' });
    assert.equal(filtered.summedMonths, 6, 'and so does a filter on one');
  });
});
