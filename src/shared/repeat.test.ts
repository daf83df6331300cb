import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it, mock } from 'node:test';
import { repeat } from './repeat.ts';

/** Lets a finished run settle (setImmediate is not among the mocked timers). */
const settle = () => new Promise((resolve) => setImmediate(resolve));

describe('a repeated background job', () => {
  beforeEach(() => mock.timers.enable({ apis: ['setTimeout', 'setInterval'] }));
  afterEach(() => mock.timers.reset());

  it('runs at its shifted moment in each period, and stops when told, before or after its first run', async () => {
    const runs: number[] = [];
    let now = 0;
    const job = repeat('shifted', 60_000, async () => void runs.push(now), { firstAfterMs: 20_000 });
    for (const step of [19_999, 1, 59_999, 1, 60_000]) {
      now += step;
      mock.timers.tick(step);
      await settle();
    }
    assert.deepEqual(runs, [20_000, 80_000, 140_000]);
    job.stop();
    mock.timers.tick(120_000);
    assert.equal(runs.length, 3);

    const early = repeat('stopped early', 60_000, async () => void runs.push(-1), { firstAfterMs: 30_000 });
    early.stop();
    mock.timers.tick(200_000);
    assert.equal(runs.length, 3);
  });

  it('runs at once when asked, then every period from the start when not shifted', async () => {
    const runs: number[] = [];
    let now = 0;
    const job = repeat('now', 10_000, async () => void runs.push(now), { runNow: true });
    for (const step of [10_000, 10_000]) {
      await settle();
      now += step;
      mock.timers.tick(step);
    }
    job.stop();
    assert.deepEqual(runs, [0, 10_000, 20_000]);
  });
});
