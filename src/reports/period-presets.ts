import { z } from 'zod';
import { AppError } from '../shared/errors.ts';
import { helsinkiToday } from '../shared/i18n/format.ts';

export const presets = ['last-month', 'last-quarter', 'year-to-date', 'rolling-12', 'custom'] as const;
export type Preset = (typeof presets)[number];

export interface DatePeriod {
  preset: Preset;
  /** First and last day, YYYY-MM-DD, on the Helsinki calendar. */
  from: string;
  to: string;
}

const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/)
  .refine((d) => !Number.isNaN(Date.parse(d)));

/** A calendar date as YYYY-MM-DD; months and days may run over (month 0 is last December, day 0 the month's eve). */
export const ymd = (y: number, m: number, d: number) => new Date(Date.UTC(y, m - 1, d)).toISOString().slice(0, 10);
/** The last day of month m (1-based) of year y; months may run over the year. */
const monthEnd = (y: number, m: number) => ymd(y, m + 1, 0);
/** The first and last day of a month given as YYYY-MM. */
export const monthDays = (month: string) => {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return { from: ymd(y, m, 1), to: monthEnd(y, m) };
};

/** The dates of a preset, seen from `today` (YYYY-MM-DD in Helsinki). */
export function presetPeriod(preset: Exclude<Preset, 'custom'>, today = helsinkiToday()): DatePeriod {
  const [y, m] = today.split('-').map(Number) as [number, number];
  switch (preset) {
    case 'last-month':
      return { preset, from: ymd(y, m - 1, 1), to: monthEnd(y, m - 1) };
    case 'last-quarter': {
      const q = Math.floor((m - 1) / 3); // this quarter, 0-based
      return { preset, from: ymd(y, q * 3 - 2, 1), to: monthEnd(y, q * 3) };
    }
    case 'year-to-date':
      return { preset, from: ymd(y, 1, 1), to: today };
    case 'rolling-12':
      // Twelve whole months, the current one left out: comparable with any other twelve, and
      // never the same as the year to date (on 1 December that was 1.1.–1.12.).
      return { preset, from: ymd(y, m - 12, 1), to: monthEnd(y, m - 1) };
  }
}

/** The period a page asks for: a preset, or custom dates, last month by default. */
export function parsePeriod(q: { period?: string; from?: string; to?: string }, today = helsinkiToday()): DatePeriod {
  const asked = presets.includes(q.period as Preset) ? (q.period as Preset) : q.from || q.to ? 'custom' : 'last-month';
  // The form shows the preset's dates in editable fields: dates changed there win over the preset
  // still selected above them (they were silently ignored unless "custom" was chosen too).
  const shown = asked !== 'custom' ? presetPeriod(asked, today) : undefined;
  const edited = shown && ((q.from && q.from !== shown.from) || (q.to && q.to !== shown.to));
  if (shown && !edited) return shown;
  const preset: Preset = 'custom';
  const from = isoDate.safeParse(q.from);
  const to = isoDate.safeParse(q.to);
  if (!from.success || !to.success || from.data > to.data)
    throw new AppError('invalid', 'The period needs two dates, YYYY-MM-DD, the first not after the last');
  return { preset, from: from.data, to: to.data };
}

/** The 13 months ending with the month of `to`, as YYYY-MM. */
export function trendMonths(to: string): string[] {
  const [y, m] = to.split('-').map(Number) as [number, number];
  return Array.from({ length: 13 }, (_, i) => ymd(y, m - 12 + i, 1).slice(0, 7));
}
