import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parsePeriod, presetPeriod, trendMonths } from './period-presets.ts';

describe('period presets on the Helsinki calendar', () => {
  it('reach back over the turn of the year', () => {
    assert.deepEqual(presetPeriod('last-month', '2027-01-15'), { preset: 'last-month', from: '2026-12-01', to: '2026-12-31' });
    assert.deepEqual(presetPeriod('last-quarter', '2027-02-10'), { preset: 'last-quarter', from: '2026-10-01', to: '2026-12-31' });
    assert.deepEqual(presetPeriod('last-quarter', '2026-11-24'), { preset: 'last-quarter', from: '2026-07-01', to: '2026-09-30' });
    assert.deepEqual(presetPeriod('year-to-date', '2026-11-24'), { preset: 'year-to-date', from: '2026-01-01', to: '2026-11-24' });
    assert.deepEqual(presetPeriod('rolling-12', '2026-11-24'), { preset: 'rolling-12', from: '2025-11-01', to: '2026-10-31' });
    assert.deepEqual(presetPeriod('rolling-12', '2026-12-01'), { preset: 'rolling-12', from: '2025-12-01', to: '2026-11-30' }, 'not the year to date');
    assert.deepEqual(presetPeriod('rolling-12', '2027-01-01'), { preset: 'rolling-12', from: '2026-01-01', to: '2026-12-31' });
    assert.deepEqual(presetPeriod('last-month', '2026-03-31'), { preset: 'last-month', from: '2026-02-01', to: '2026-02-28' });
  });

  it('takes custom dates, and refuses dates the wrong way round', () => {
    assert.deepEqual(parsePeriod({ from: '2026-01-05', to: '2026-02-10' }, '2026-11-24'), { preset: 'custom', from: '2026-01-05', to: '2026-02-10' });
    assert.throws(() => parsePeriod({ period: 'custom', from: '2026-03-01', to: '2026-02-01' }), /the first not after the last/);
    assert.equal(parsePeriod({}, '2026-11-24').preset, 'last-month');
    assert.deepEqual(
      parsePeriod({ period: 'last-month', from: '2026-10-01', to: '2026-10-31' }, '2026-11-24'),
      { preset: 'last-month', from: '2026-10-01', to: '2026-10-31' },
      'the preset’s own dates sent back unchanged keep the preset',
    );
    assert.deepEqual(
      parsePeriod({ period: 'last-month', from: '2026-09-15', to: '2026-10-31' }, '2026-11-24'),
      { preset: 'custom', from: '2026-09-15', to: '2026-10-31' },
      'a date changed in the form is the one used',
    );
  });

  it('shows thirteen months up to the period, the same month a year before first', () => {
    assert.deepEqual(trendMonths('2026-10-31'), [
      '2025-10',
      '2025-11',
      '2025-12',
      '2026-01',
      '2026-02',
      '2026-03',
      '2026-04',
      '2026-05',
      '2026-06',
      '2026-07',
      '2026-08',
      '2026-09',
      '2026-10',
    ]);
  });
});
