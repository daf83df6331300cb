import { clock } from '../clock.ts';
/** Dates and times as people in Finland read them, on the Helsinki clock, in the page's language. */
const zone = 'Europe/Helsinki';

export function localeOf(lang: string): string {
  return lang === 'en' ? 'en-GB' : `${lang}-FI`;
}

/** Date and time with seconds, for logs and lists of events. */
export function formatTime(d: Date | string, lang: string): string {
  return new Date(d).toLocaleString(localeOf(lang), { timeZone: zone });
}

/** A count with the language's thousands separators: "32 238", not "32238". */
export function formatNumber(n: number, lang: string): string {
  return n.toLocaleString(localeOf(lang));
}

/** Date only. */
export function formatDate(d: Date | string, lang: string): string {
  return new Date(d).toLocaleDateString(localeOf(lang), { timeZone: zone });
}

/** Numeric date, with hours and minutes when asked: receipts and messages to people. */
export function formatShort(d: Date | string, lang: string, withTime: boolean): string {
  return new Date(d).toLocaleString(localeOf(lang), {
    timeZone: zone,
    day: 'numeric',
    month: 'numeric',
    year: 'numeric',
    ...(withTime ? { hour: '2-digit', minute: '2-digit' } : {}),
  });
}

/** Today's date in Helsinki (or that of another moment) as YYYY-MM-DD. */
export function helsinkiToday(now = clock.now()): string {
  return now.toLocaleDateString('sv-SE', { timeZone: zone });
}
