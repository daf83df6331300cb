import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { likert, nps, npsFromValues, npsSameValueFlag, yesNo } from './nps.ts';

describe('NPS as THL defines it', () => {
  it('is % of 9–10 minus % of 0–6 of those who answered', () => {
    assert.equal(npsFromValues([10, 9, 8, 7, 6, 0]).value, 0);
    assert.equal(npsFromValues([10, 10, 10, 10]).value, 100);
    assert.equal(npsFromValues([0, 3, 6]).value, -100);
    assert.equal(npsFromValues([7, 8]).value, 0);
  });

  it('leaves skipped answers out of the denominator', () => {
    const r = npsFromValues([10, null, null, 0, 9, null]);
    assert.equal(r.answered, 3);
    assert.equal(r.value, 33);
    assert.ok(Math.abs(r.exact! - 100 / 3) < 1e-12);
  });

  it('has no value when nobody answered, or everybody skipped', () => {
    assert.deepEqual(npsFromValues([]), { promoters: 0, passives: 0, detractors: 0, answered: 0, value: null, exact: null });
    assert.equal(npsFromValues([null, null]).value, null);
  });

  it('rounds half away from zero in both directions and keeps the exact value', () => {
    // 5 promoters, 2 passives, 1 detractor of 8: 62.5 − 12.5 = 50; 3 of 8 vs 2 of 8: 12.5
    assert.deepEqual([nps({ promoters: 3, passives: 3, detractors: 2 }).exact, nps({ promoters: 3, passives: 3, detractors: 2 }).value], [12.5, 13]);
    assert.deepEqual([nps({ promoters: 2, passives: 3, detractors: 3 }).exact, nps({ promoters: 2, passives: 3, detractors: 3 }).value], [-12.5, -13]);
    assert.equal(nps({ promoters: 1, passives: 0, detractors: 1 }).value, 0);
    assert.equal(Object.is(nps({ promoters: 1, passives: 1, detractors: 1 }).value, -0), false, 'no negative zero');
    // 1 of 200 ahead: 0.5 → 1; and below half: 1 of 201 ≈ 0.4975 → 0
    assert.equal(nps({ promoters: 1, passives: 199, detractors: 0 }).value, 1);
    assert.equal(nps({ promoters: 1, passives: 200, detractors: 0 }).value, 0);
    assert.equal(nps({ promoters: 0, passives: 199, detractors: 1 }).value, -1);
  });

  it('works for one answer', () => {
    assert.equal(npsFromValues([9]).value, 100);
    assert.equal(npsFromValues([8]).value, 0);
    assert.equal(npsFromValues([6]).value, -100);
  });
});

describe('Likert and yes/no results', () => {
  it('gives the mean and the share of 4–5 among those who answered', () => {
    const r = likert({ '1': 1, '2': 0, '3': 1, '4': 1, '5': 1 });
    assert.equal(r.answered, 4);
    assert.equal(r.mean, 13 / 4);
    assert.equal(r.shareTop2, 0.5);
  });

  it('has no mean or share when nobody answered', () => {
    assert.deepEqual(likert({ '1': 0, '2': 0, '3': 0, '4': 0, '5': 0 }), {
      answered: 0,
      mean: null,
      shareTop2: null,
      distribution: { '1': 0, '2': 0, '3': 0, '4': 0, '5': 0 },
    });
    assert.deepEqual(yesNo(0, 0), { answered: 0, shareYes: null });
    assert.equal(yesNo(3, 1).shareYes, 0.75);
  });
});

describe('the same-value NPS flag', () => {
  it('flags a middle value gathering an implausible share, not a crowd of tens', () => {
    const fives = [0, 0, 1, 1, 2, 14, 1, 2, 3, 3, 3];
    assert.deepEqual(npsSameValueFlag(fives), { value: 5, share: 14 / 30 });
    const tens = [0, 0, 0, 0, 0, 1, 1, 2, 3, 5, 18];
    assert.equal(npsSameValueFlag(tens), null);
    assert.equal(npsSameValueFlag([0, 0, 0, 0, 0, 5, 0, 0, 0, 0, 0]), null, 'too few answers to judge');
  });
});
