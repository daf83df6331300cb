/**
 * Finnish personal identity codes (henkilötunnus): DDMMYY, a century sign, a three-digit
 * individual number and a control character. Since 2023 the 1900s may also be marked with
 * Y X W V U and the 2000s with B C D E F, beside the old "-" and "A" ("+" is the 1800s).
 */
const controlChars = '0123456789ABCDEFHJKLMNPRSTUVWXY';
const centuries: Record<string, number> = {
  '+': 1800,
  '-': 1900,
  Y: 1900,
  X: 1900,
  W: 1900,
  V: 1900,
  U: 1900,
  A: 2000,
  B: 2000,
  C: 2000,
  D: 2000,
  E: 2000,
  F: 2000,
};

/**
 * Anything shaped like a code, its control character right or wrong (a mistyped code is still
 * personal data), in either case, with letters run on after it ("010190-123Ab", "…123Akin"). The
 * text is normalised first, so any dash reads as "-".
 */
export const henkilotunnusPattern = /(?<![\p{L}\p{N}])(\d{2})(\d{2})(\d{2})([-+A-FU-Y])(\d{3})([0-9A-Y])\p{L}*(?!\p{N})/giu;

export function isValidDate(dd: number, mm: number, year: number): boolean {
  if (mm < 1 || mm > 12 || dd < 1) return false;
  const days = new Date(Date.UTC(year, mm, 0)).getUTCDate();
  return dd <= days;
}

/** Whether the code is a real one: a date that exists and the right control character. */
export function isValidHenkilotunnus(code: string): boolean {
  const m = /^(\d{2})(\d{2})(\d{2})([-+A-FU-Y])(\d{3})([0-9A-Y])$/i.exec(code.trim());
  if (!m) return false;
  const [, dd, mm, yy, sign, nnn, check] = m as unknown as [string, string, string, string, string, string, string];
  const century = centuries[sign.toUpperCase()];
  if (century === undefined || !isValidDate(Number(dd), Number(mm), century + Number(yy))) return false;
  return controlChars[Number(`${dd}${mm}${yy}${nnn}`) % 31] === check.toUpperCase();
}

/** The control character for the first ten characters of a code (for tests and generated data). */
export function controlChar(ddmmyy: string, nnn: string): string {
  return controlChars[Number(`${ddmmyy}${nnn}`) % 31]!;
}
