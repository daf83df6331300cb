/**
 * Runs a background task every `ms` milliseconds, never two runs of it at once; a failure is
 * logged and the next run tries again. The timer does not keep the process alive.
 */
export function repeat(name: string, ms: number, task: () => Promise<unknown>, opts: { runNow?: boolean } = {}): NodeJS.Timeout {
  let running = false;
  const run = () => {
    if (running) return;
    running = true;
    task()
      .catch((err: unknown) => console.error(`${name} failed`, err))
      .finally(() => (running = false));
  };
  if (opts.runNow) run();
  const timer = setInterval(run, ms);
  timer.unref();
  return timer;
}
