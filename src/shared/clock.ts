/**
 * Kaiku's one clock for calendar time: when something happened (an answer, a feedback, a sign-in),
 * deadlines, sending windows, report periods and retention ages. Domain code and jobs read it here
 * and pass it to SQL as a parameter, never `new Date()` or the database's `now()`, so a test sets
 * the time in one place and the database server's own clock never decides a date.
 *
 * Queue machinery (leases, retry back-off) uses the database's `now()` instead: it is about
 * instances coordinating through one database, and their shared clock is the database's.
 */
interface State {
  /** The clock's reading at `anchor` (a real Date.now()), or always when frozen. */
  at: number;
  anchor: number;
  frozen: boolean;
}

let state: State | undefined;

function read(): number {
  if (!state) return Date.now();
  return state.frozen ? state.at : state.at + (Date.now() - state.anchor);
}

export const clock = {
  now(): Date {
    return new Date(read());
  },
  millis(): number {
    return read();
  },
};

/**
 * Sets the clock to `at`; it runs on with real time from there, or stands still when `frozen`
 * (then only `advanceClock` moves it). For tests, and for `KAIKU_CLOCK` in demos.
 */
export function setClock(at: Date | string | number, opts: { frozen?: boolean } = {}): void {
  const ms = new Date(at).getTime();
  if (Number.isNaN(ms)) throw new Error(`Not a moment: ${String(at)}`);
  state = { at: ms, anchor: Date.now(), frozen: opts.frozen ?? false };
}

/** Moves the clock forward (or back) by `ms`, frozen or running. */
export function advanceClock(ms: number): void {
  const current = read();
  state = { at: current + ms, anchor: Date.now(), frozen: state?.frozen ?? false };
}

/** Back to the system clock. */
export function resetClock(): void {
  state = undefined;
}
