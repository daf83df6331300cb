import { clock } from '../clock.ts';
/** Dates and times as people in Finland read them, on the Helsinki clock, in the page's language. */
const zone = 'Europe/Helsinki';

/**
 * Formatters made once per locale and options: `toLocaleString` with options builds a new
 * Intl formatter on every call (~0.1 ms), which made the date check the API's hottest line.
 */
const formatters = new Map<string, Intl.DateTimeFormat | Intl.NumberFormat>();
function dateFormat(locale: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `d${locale}${JSON.stringify(options)}`;
  let f = formatters.get(key) as Intl.DateTimeFormat | undefined;
  if (!f) formatters.set(key, (f = new Intl.DateTimeFormat(locale, { timeZone: zone, ...options })));
  return f;
}
const dateOnly = { year: 'numeric', month: 'numeric', day: 'numeric' } as const;
const dateAndTime = { ...dateOnly, hour: 'numeric', minute: 'numeric', second: 'numeric' } as const;

export function localeOf(lang: string): string {
  return lang === 'en' ? 'en-GB' : `${lang}-FI`;
}

/** Date and time with seconds, for logs and lists of events. */
export function formatTime(d: Date | string, lang: string): string {
  return dateFormat(localeOf(lang), dateAndTime).format(new Date(d));
}

/** A count with the language's thousands separators: "32 238", not "32238". */
export function formatNumber(n: number, lang: string): string {
  const key = `n${lang}`;
  let f = formatters.get(key) as Intl.NumberFormat | undefined;
  if (!f) formatters.set(key, (f = new Intl.NumberFormat(localeOf(lang))));
  return f.format(n);
}

/** Date only. */
export function formatDate(d: Date | string, lang: string): string {
  return dateFormat(localeOf(lang), dateOnly).format(new Date(d));
}

/** Numeric date, with hours and minutes when asked: receipts and messages to people. */
export function formatShort(d: Date | string, lang: string, withTime: boolean): string {
  return dateFormat(localeOf(lang), { ...dateOnly, ...(withTime ? { hour: '2-digit', minute: '2-digit' } : {}) }).format(new Date(d));
}

/** Today's date in Helsinki (or that of another moment) as YYYY-MM-DD. */
export function helsinkiToday(now = clock.now()): string {
  return dateFormat('sv-SE', dateOnly).format(now);
}
