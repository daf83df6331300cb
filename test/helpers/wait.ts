/**
 * Waits until `check` gives something other than undefined or false, looking again every
 * `everyMs`. The bound is generous on purpose: it only keeps a broken build from hanging, and a
 * slow or busy machine must never make a test fail.
 */
export async function waitUntil<T>(
  what: string,
  check: () => Promise<T | undefined | false> | T | undefined | false,
  opts: { boundMs?: number; everyMs?: number } = {},
): Promise<T> {
  const bound = opts.boundMs ?? 300_000;
  const started = performance.now();
  for (;;) {
    const v = await check();
    if (v !== undefined && v !== false) return v;
    if (performance.now() - started > bound) throw new Error(`Still waiting for ${what} after ${Math.round(bound / 1000)} s`);
    await new Promise((r) => setTimeout(r, opts.everyMs ?? 100));
  }
}
