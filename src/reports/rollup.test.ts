import assert from 'node:assert/strict';
import { it } from 'node:test';
import { describeEachDatabase } from '../../test/helpers/databases.ts';
import { submitResponses } from '../surveys/submit-responses.ts';
import { refreshRollup } from './refresh-rollup.ts';
import { type ResultsQuery, surveyResults } from './results-query.ts';

const system = { kind: 'system', name: 'test' } as const;

describeEachDatabase(
  'monthly result sums',
  ({ db }) => {
    const answersQueued = async () => (await db().query<{ n: number }>('select count(*)::int as n from rollup_pending'))[0]!.n;

    /** Every month row equals the sum of its days, slot by slot. */
    const monthsAreSumsOfDays = async () => {
      const differ = await db().query(
        `select m.survey_id, m.month, m.node_id, m.channel from response_rollup m
         full join (select survey_id, survey_version, date_trunc('month', day)::date as month, node_id, channel, sum(answers)::int as answers, rollup_sum(counts) as counts
                    from response_rollup_day group by 1, 2, 3, 4, 5) d
           using (survey_id, survey_version, month, node_id, channel)
         where m.answers is distinct from d.answers or m.counts is distinct from d.counts`,
      );
      assert.deepEqual(differ, [], 'months are the sums of their days');
    };

    const same = async (query: ResultsQuery, summed?: (n: number) => boolean) => {
      const fast = await surveyResults(db(), system, query);
      const slow = await surveyResults(db(), system, query, { useRollup: false });
      assert.equal(slow.summedMonths, 0);
      if (summed) assert.ok(summed(fast.summedMonths), `${JSON.stringify(query)}: ${fast.summedMonths} months summed`);
      assert.deepEqual(fast.groups, slow.groups, JSON.stringify(query));
      return fast;
    };

    it('give exactly the numbers counted from the answers, for every grouping and period', async () => {
      const queued = await answersQueued();
      assert.ok(queued > 10_000, `the demo's answers wait to be summed: ${queued}`);
      const before = await same({ groupBy: 'month' });
      assert.equal(before.summedMonths, 0, 'nothing summed yet: every answer counted from the queue');
      const done = await refreshRollup(db());
      assert.equal(done.answers, queued, 'every queued answer added once');
      assert.equal(await answersQueued(), 0);
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
      assert.deepEqual(all.groups, before.groups, 'the same figures from the queue and from the sums');
      assert.deepEqual(await refreshRollup(db()), { answers: 0, months: 0 }, 'nothing queued: nothing to do');
      await monthsAreSumsOfDays();
    });

    it('add a backfill touching every month to the sums in proportion to it, and count only it meanwhile', async () => {
      await refreshRollup(db());
      const [unit] = await db().query<{ code: string }>("select n.code from org_node n join org_node a on a.id = n.parent_id where a.code = 'TER-VAS' limit 1");
      const months = (
        await db().query<{ m: string }>("select distinct to_char(submitted_at at time zone 'Europe/Helsinki', 'YYYY-MM') as m from response order by 1")
      ).map((r) => r.m);
      const q: ResultsQuery = { node: 'TER', groupBy: 'month' };
      const before = await same(q);
      await submitResponses(db(), system, {
        responses: months.map((m, i) => ({
          idempotencyKey: `late-${i}`,
          survey: 'thl-national',
          unit: unit!.code,
          channel: 'paper' as const,
          submittedAt: `${m}-20T10:00:00+02:00`,
          answers: { nps: 0 },
        })),
      });
      assert.equal(await answersQueued(), months.length);
      const meanwhile = await same(q);
      assert.equal(meanwhile.summedMonths, before.summedMonths, 'every month still comes from the sums, the late answers counted on top');
      for (const m of months) {
        const [was, now] = [before, meanwhile].map((r) => r.groups.find((g) => g.key === m)!);
        assert.equal(now!.answers, was!.answers + 1, m);
        assert.equal(now!.nps!.detractors, was!.nps!.detractors + 1, m);
      }
      assert.deepEqual(await refreshRollup(db()), { answers: months.length, months: 0 }, 'the refresh adds the late answers, nothing else');
      assert.deepEqual((await same(q)).groups, meanwhile.groups);
      await monthsAreSumsOfDays();
    });

    it('are made again from the answers after an upgrade, counted from the answers until then', async () => {
      await refreshRollup(db());
      const q: ResultsQuery = { node: 'TER', groupBy: 'month' };
      const right = await same(q);
      // Sums as an older Kaiku may have left them: one month wrong, and the survey listed to be summed again.
      await db().query("update response_rollup set answers = answers + 1000 where survey_id = 'thl-national'");
      await db().query("insert into rollup_rebuild (survey_id) values ('thl-national')");
      const meanwhile = await surveyResults(db(), system, q);
      assert.equal(meanwhile.summedMonths, 0, 'while the survey is summed again, it is counted from its answers');
      assert.deepEqual(meanwhile.groups, right.groups);
      const done = await refreshRollup(db());
      assert.equal(done.months, 13, 'each month of the survey summed again');
      assert.deepEqual((await same(q, (n) => n >= 12)).groups, right.groups);
      assert.equal((await db().query('select 1 from rollup_rebuild')).length, 0);
      await monthsAreSumsOfDays();
    });
  },
  { demo: 'county' },
);
