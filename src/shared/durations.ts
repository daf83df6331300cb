/** A span of the day, minutes after midnight: [start, end). */
export interface DayWindow {
  start: number;
  end: number;
}

/** "09:00-20:00" → minutes; null when malformed. */
export function parseWindow(text: string): DayWindow | null {
  const m = /^(\d{1,2}):(\d{2})-(\d{1,2}):(\d{2})$/.exec(text.trim());
  if (!m) return null;
  const start = Number(m[1]) * 60 + Number(m[2]);
  const end = Number(m[3]) * 60 + Number(m[4]);
  return start < end && end <= 24 * 60 ? { start, end } : null;
}

/** "0", "30m", "2h", "1d" → milliseconds; null when malformed. */
export function parseDelay(text: string): number | null {
  const m = /^(\d+)\s*(m|h|d)?$/.exec(text.trim());
  if (!m) return null;
  return Number(m[1]) * { m: 60_000, h: 3_600_000, d: 86_400_000 }[(m[2] ?? 'm') as 'm' | 'h' | 'd'];
}
