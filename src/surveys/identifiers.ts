/**
 * An identifier made from a text, the way a person would shorten it: "Kuinka usein käyt läpi
 * asiakaspalautetietoa?" → "kuinka_usein_kayt_lapi". Lower-case letters, digits and _, starting
 * with a letter, at most `max` characters, cut at a word, and different from every name in `taken`.
 */
export function identifierFrom(text: string, taken: ReadonlySet<string>, max = 40): string {
  const words = text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/ß/g, 'ss')
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
  let base = '';
  for (const w of words) {
    const next = base ? `${base}_${w}` : w;
    if (next.length > Math.min(max - 3, 24) && base) break;
    base = next.slice(0, max - 3);
  }
  if (!/^[a-z]/.test(base)) base = `q${base ? `_${base}` : ''}`.slice(0, max - 3);
  let id = base;
  for (let n = 2; taken.has(id); n++) id = `${base}_${n}`;
  return id;
}
