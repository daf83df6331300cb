/**
 * Lower-cases and folds letters so that "hameenlinna", "Hämeenlinna" and "HÄMEENLINNA"
 * all match: people type without ä/ö/å on foreign keyboards and phones.
 */
export function foldForSearch(text: string): string {
  return text
    .toLowerCase()
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/\s+/g, ' ')
    .trim();
}

export function nodeSearchText(n: { code: string; name_fi: string; name_sv?: string | null; name_en?: string | null }): string {
  return foldForSearch([n.name_fi, n.name_sv, n.name_en, n.code].filter(Boolean).join(' | '));
}
