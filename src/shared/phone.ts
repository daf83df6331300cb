/**
 * A phone number in international form (+358401234567), or null. Finnish numbers come in any
 * common spelling (040 123 4567, +358 40 1234567, 00358…); other countries' in + or 00 form.
 */
export function normalisePhone(raw: string | undefined | null): string | null {
  if (!raw) return null;
  const digits = raw.replace(/[\s().-]/g, '');
  if (/^0\d{6,11}$/.test(digits)) return `+358${digits.slice(1)}`;
  if (/^\+\d{8,15}$/.test(digits)) return digits;
  if (/^00\d{8,15}$/.test(digits)) return `+${digits.slice(2)}`;
  return null;
}
