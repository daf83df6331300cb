import assert from 'node:assert/strict';
import { before, it } from 'node:test';
import { describeEachDatabase } from '../../test/helpers/databases.ts';
import { getNodeByCode } from '../organisation/tree-queries.ts';
import { defaultPeriod, feedbackFigures } from './figures.ts';
import { clock } from '../shared/clock.ts';

describeEachDatabase(
  'the demo county’s feedback',
  ({ db }) => {
    before(async () => {});

    it('has a year of feedback in three languages, mostly handled in time, some open and overdue, and sends no e-mail', async () => {
      const rows = await db().query<{ status: string; language: string; n: number }>('select status, language, count(*)::int as n from feedback group by 1, 2');
      const by = (k: 'status' | 'language', v: string) => rows.filter((r) => r[k] === v).reduce((s, r) => s + r.n, 0);
      assert.equal(
        rows.reduce((s, r) => s + r.n, 0),
        400,
      );
      assert.ok(by('status', 'handled') > 300 && by('status', 'new') + by('status', 'in_progress') > 5);
      assert.ok(by('language', 'sv') > 10 && by('language', 'en') > 5);
      const f = await feedbackFigures(db(), await getNodeByCode(db(), 'DEMO'), defaultPeriod(), 'fi');
      assert.ok(f.totals.inTimeShare! > 0.7 && f.totals.inTimeShare! < 0.95, `in time ${f.totals.inTimeShare}`);
      assert.ok(f.totals.overdueNow > 0);
      assert.ok(
        f.effects.every((e) => e.count > 0),
        'every effect chosen somewhere',
      );
      assert.equal((await db().query<{ n: number }>('select count(*)::int as n from outbox_email'))[0]!.n, 0);
      const [erased] = await db().query<{ n: number }>(
        "select count(*)::int as n from feedback where contact_email is not null and handled_at < $1::timestamptz - interval '90 days'",
        [clock.now()],
      );
      assert.equal(erased!.n, 0, 'old contact details are already gone, as the erasure job would have done');
    });
  },
  { demo: 'feedback' },
);
