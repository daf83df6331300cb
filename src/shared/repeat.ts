import { jobRuns } from './metrics.ts';

/**
 * Runs a background task every `ms` milliseconds, never two runs of it at once; a failure is
 * logged (as one JSON line, without the error's data) and counted, and the next run tries again.
 * The timer does not keep the process alive. `firstAfterMs` shifts the runs within the period, so
 * that jobs with the same period do not all start at the same moment (on the embedded database
 * their transactions would queue behind each other, and the requests behind them).
 */
export function repeat(name: string, ms: number, task: () => Promise<unknown>, opts: { runNow?: boolean; firstAfterMs?: number } = {}): { stop(): void } {
  let running = false;
  const run = () => {
    if (running) return;
    running = true;
    task()
      .then(() => jobRuns.inc({ job: name, outcome: 'ok' }))
      .catch((err: unknown) => {
        jobRuns.inc({ job: name, outcome: 'failed' });
        // name, code and message only: a database error's detail may quote the row's values
        const e =
          err instanceof Error ? { name: err.name, message: err.message, code: (err as { code?: unknown }).code, stack: err.stack } : { message: String(err) };
        console.error(JSON.stringify({ level: 50, time: Date.now(), msg: `${name} failed`, job: name, err: e }));
      })
      .finally(() => (running = false));
  };
  if (opts.runNow) run();
  let timer: NodeJS.Timeout | undefined;
  const begin = () => {
    timer = setInterval(run, ms);
    timer.unref();
  };
  const shift = opts.firstAfterMs
    ? setTimeout(() => {
        run();
        begin();
      }, opts.firstAfterMs)
    : undefined;
  if (shift) shift.unref();
  else begin();
  return {
    stop() {
      clearTimeout(shift);
      clearInterval(timer);
    },
  };
}
