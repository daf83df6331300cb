import type { DayWindow } from '../shared/durations.ts';
/**
 * When a survey request may be sent: after the visit plus a delay, inside the daily sending
 * window on the Helsinki clock, and before the visit is too old to ask about.
 */
export interface SendRule {
  /** At least this long after the visit (KAIKU_SMS_DELAY). */
  delayMs: number;
  /** Not later than this many hours after the visit (2 days; an hour for first-contact calls). */
  withinHours: number;
  /** Daily window, minutes after midnight in Helsinki: [start, end). */
  window: DayWindow;
  /** Ask the next day from this minute of the day on, instead of as soon as possible. */
  nextDayFrom?: number | undefined;
}

const parts = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/Helsinki',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
});

/** The Helsinki calendar date and minute of the day of an instant. */
export function helsinkiClock(d: Date): { y: number; m: number; d: number; minute: number } {
  const p = Object.fromEntries(parts.formatToParts(d).map((x) => [x.type, x.value]));
  return { y: Number(p.year), m: Number(p.month), d: Number(p.day), minute: Number(p.hour) * 60 + Number(p.minute) };
}

/** The instant when Helsinki's clock shows the given date and minute (the later one in the autumn's repeated hour). */
export function helsinkiInstant(y: number, m: number, d: number, minute: number): Date {
  const wall = Date.UTC(y, m - 1, d, 0, minute);
  // Helsinki is UTC+2 or +3: try both offsets and keep the one whose clock reads right.
  for (const offsetHours of [2, 3]) {
    const t = new Date(wall - offsetHours * 3_600_000);
    const c = helsinkiClock(t);
    if (c.y === y && c.m === m && c.d === d && c.minute === minute) return t;
  }
  // The spring gap (03:00–04:00 does not exist): the same wall time an hour later.
  return new Date(wall - 2 * 3_600_000);
}

function nextDay(c: { y: number; m: number; d: number }) {
  const t = new Date(Date.UTC(c.y, c.m - 1, c.d + 1));
  return { y: t.getUTCFullYear(), m: t.getUTCMonth() + 1, d: t.getUTCDate() };
}

/** The first moment at or after `t` inside the daily window. */
export function intoWindow(t: Date, window: SendRule['window']): Date {
  const c = helsinkiClock(t);
  if (c.minute < window.start) return helsinkiInstant(c.y, c.m, c.d, window.start);
  if (c.minute >= window.end) {
    const n = nextDay(c);
    return helsinkiInstant(n.y, n.m, n.d, window.start);
  }
  return t;
}

/** Send between sendAfter and sendBefore, or null when the window leaves no time to ask. */
export function planSend(visitAt: Date, rule: SendRule): { sendAfter: Date; sendBefore: Date } | null {
  let earliest = new Date(visitAt.getTime() + rule.delayMs);
  if (rule.nextDayFrom !== undefined) {
    const n = nextDay(helsinkiClock(visitAt));
    const from = helsinkiInstant(n.y, n.m, n.d, rule.nextDayFrom);
    if (from > earliest) earliest = from;
  }
  const sendAfter = intoWindow(earliest, rule.window);
  const sendBefore = new Date(visitAt.getTime() + rule.withinHours * 3_600_000);
  return sendAfter < sendBefore ? { sendAfter, sendBefore } : null;
}

export function isInWindow(t: Date, window: SendRule['window']): boolean {
  const { minute } = helsinkiClock(t);
  return minute >= window.start && minute < window.end;
}

// Configuration parses these too, so they live in shared/.
export { parseDelay, parseWindow } from '../shared/durations.ts';
