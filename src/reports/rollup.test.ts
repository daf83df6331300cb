import assert from 'node:assert/strict';
import { before, it } from 'node:test';
import { describeEachDatabase } from '../../test/helpers/databases.ts';
import { demoNow } from '../../test/helpers/demo.ts';
import { submitResponses } from '../surveys/submit-responses.ts';
import { refreshRollup } from './refresh-rollup.ts';
import { type ResultsQuery, surveyResults } from './results-query.ts';

const system = { kind: 'system', name: 'test' } as const;

describeEachDatabase(
  'monthly result sums',
  ({ db }) => {
    before(async () => {});

    const same = async (query: ResultsQuery, summed?: (n: number) => boolean) => {
      const fast = await surveyResults(db(), system, query);
      const slow = await surveyResults(db(), system, query, { useRollup: false });
      assert.equal(slow.summedMonths, 0);
      if (summed) assert.ok(summed(fast.summedMonths), `${JSON.stringify(query)}: ${fast.summedMonths} months summed`);
      assert.deepEqual(fast.groups, slow.groups, JSON.stringify(query));
      return fast;
    };

    it('give exactly the numbers counted from the answers, for every grouping and period', async () => {
      const redone = await refreshRollup(db());
      assert.ok(redone >= 13, `survey-months summed: ${redone}`);
      const [{ n }] = (await db().query<{ n: number }>('select count(*)::int as n from response_rollup')) as [{ n: number }];
      assert.ok(n > 1000);
      const [first] = await db().query<{ d: string }>("select to_char(min(submitted_at) at time zone 'Europe/Helsinki', 'YYYY-MM-DD') as d from response");
      const start = `${first!.d.slice(0, 8)}01`;
      const y = Number(start.slice(0, 4));
      const m = Number(start.slice(5, 7));
      const monthEnd = (k: number) => new Date(Date.UTC(y, m - 1 + k, 0)).toISOString().slice(0, 10);
      // Every grouping with every kind of period, each pair once (the property test draws the rest).
      const groupings = ['none', 'unit', 'child', 'month', 'channel'] as const;
      const periods = [
        (groupBy: ResultsQuery['groupBy']) => same({ groupBy }, (n) => n >= 12),
        (groupBy: ResultsQuery['groupBy']) => same({ groupBy, node: 'TER', from: start, to: monthEnd(12) }, (n) => n === 12),
        async (groupBy: ResultsQuery['groupBy']) => {
          const midMonth = await same({ groupBy, node: 'IKA', from: `${start.slice(0, 8)}15`, to: monthEnd(6) }, (n) => n === 5); // starts mid-month
          assert.ok(midMonth.summedDays >= 14, `the first, partial month is summed from days: ${midMonth.summedDays}`);
          return midMonth;
        },
        (groupBy: ResultsQuery['groupBy']) => same({ groupBy, survey: 'thl-first-contact', channel: 'sms' }, (n) => n >= 12),
      ];
      for (const [i, groupBy] of groupings.entries()) {
        await periods[i % periods.length]!(groupBy);
        await periods[(i + 2) % periods.length]!(groupBy);
      }
      await same({ groupBy: 'background.ageGroup', node: 'IKA' }, (n) => n >= 12);
      await same({ groupBy: 'month', node: 'TER', background: { ageGroup: '45-64' } }, (n) => n >= 12);
      await same({ node: 'TER', background: { ageGroup: '45-64', segment: 'S2' } }, (n) => n === 0); // two at once: counted
      const all = await same({ groupBy: 'month' });
      assert.equal(all.groups.length, 13);
    });

    it('stay exact when an answer for a month already summed arrives late', async () => {
      await refreshRollup(db());
      const [unit] = await db().query<{ code: string }>("select n.code from org_node n join org_node a on a.id = n.parent_id where a.code = 'TER-VAS' limit 1");
      const [first] = await db().query<{ d: string }>("select to_char(min(submitted_at) at time zone 'Europe/Helsinki', 'YYYY-MM') as d from response");
      const q: ResultsQuery = { node: 'TER', groupBy: 'month' };
      const before = (await same(q)).groups.find((g) => g.key === first!.d)!;
      await submitResponses(db(), system, {
        responses: [
          {
            idempotencyKey: 'late-1',
            survey: 'thl-national',
            unit: unit!.code,
            channel: 'paper',
            submittedAt: `${first!.d}-20T10:00:00+02:00`,
            answers: { nps: 0 },
          },
        ],
      });
      const afterResult = await same(q);
      const after = afterResult.groups.find((g) => g.key === first!.d)!;
      assert.ok(afterResult.summedMonths >= 11, 'the other months still come from the sums');
      assert.equal(after.answers, before.answers + 1);
      assert.equal(after.nps!.detractors, before.nps!.detractors + 1);
      await refreshRollup(db());
      assert.deepEqual(
        (await same(q)).groups.find((g) => g.key === first!.d),
        after,
      );
    });

    it('sum a month that ended after the last refresh, though its answers arrived before it', async () => {
      await refreshRollup(db());
      // The month before the demo's reference month: full of answers, and ended on any day the suite runs.
      const [last] = await db().query<{ m: string }>(
        "select to_char(date_trunc('month', $1::timestamptz at time zone 'Europe/Helsinki') - interval '1 month', 'YYYY-MM-DD') as m",
        [demoNow],
      );
      // As the last refresh left it mid-month, while that month was still current: the first half's
      // days summed and their month marked, the second half's days marked by their answers, no month sums.
      const mid = `${last!.m.slice(0, 8)}15`;
      await db().query('delete from response_rollup where month = $1', [last!.m]);
      await db().query('delete from response_rollup_bg where month = $1', [last!.m]);
      const ofSecondHalf = "day >= $1::date and day < $2::date + interval '1 month'";
      await db().query(`delete from response_rollup_day where ${ofSecondHalf}`, [mid, last!.m]);
      await db().query(
        "delete from rollup_period where grain = 'day' and period >= $1::date and period < $2::date + interval '1 month' or grain = 'month' and period = $2::date",
        [mid, last!.m],
      );
      await db().query(
        `insert into rollup_dirty (survey_id, survey_version, grain, period)
         select distinct survey_id, survey_version, 'day', (submitted_at at time zone 'Europe/Helsinki')::date from response
         where submitted_at >= ($1::date)::timestamp at time zone 'Europe/Helsinki'
           and submitted_at < ($2::date + interval '1 month')::timestamp at time zone 'Europe/Helsinki'
         union
         select distinct survey_id, survey_version, 'month', $2::date from response
         where submitted_at >= ($2::date)::timestamp at time zone 'Europe/Helsinki' and submitted_at < ($1::date)::timestamp at time zone 'Europe/Helsinki'
         on conflict do nothing`,
        [mid, last!.m],
      );
      const q = { node: 'TER', groupBy: 'month' as const };
      const before = await same(q, (m) => m >= 12);
      assert.equal((await refreshRollup(db())) > 0, true);
      const [{ n }] = (await db().query<{ n: number }>('select count(*)::int as n from response_rollup where month = $1', [last!.m])) as [{ n: number }];
      assert.ok(n > 0, 'the month that ended is summed');
      const r = await same(q, (m) => m >= 12);
      assert.ok(r.groups.some((g) => `${g.key}-01` === last!.m));
      assert.deepEqual(r.groups, before.groups, 'the same figures before and after, counted or summed');
      assert.equal(await refreshRollup(db()), 0, 'nothing marked: nothing to do');
    });
  },
  { demo: 'county' },
);
