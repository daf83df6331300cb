/**
 * How many SMS a text takes. GSM 03.38's 7-bit alphabet (which has ä, ö, å, Ä, Ö and Å, so
 * Finnish and Swedish usually fit) gives 160 characters in one message and 153 per part when
 * split; any other character turns the whole text into UCS-2: 70, or 67 per part. Characters of
 * the GSM extension table (€ [ ] { } ^ ~ | \) take two places.
 */
const gsmBasic = '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà';
const gsmExtension = '^{}\\[~]|€\f';

export interface SegmentCount {
  encoding: 'GSM-7' | 'UCS-2';
  /** In the encoding's units: GSM-7 septets, or UTF-16 code units. */
  length: number;
  segments: number;
}

export function countSegments(text: string): SegmentCount {
  let septets = 0;
  let gsm = true;
  for (const ch of text) {
    if (gsmBasic.includes(ch)) septets += 1;
    else if (gsmExtension.includes(ch)) septets += 2;
    else {
      gsm = false;
      break;
    }
  }
  if (gsm) return { encoding: 'GSM-7', length: septets, segments: septets <= 160 ? 1 : Math.ceil(septets / 153) };
  const units = text.length;
  return { encoding: 'UCS-2', length: units, segments: units <= 70 ? 1 : Math.ceil(units / 67) };
}

/** Typographic characters that would force UCS-2 replaced by their GSM-7 look-alikes. */
export function toGsmFriendly(text: string): string {
  return text
    .replace(/[’‘`´]/g, "'")
    .replace(/[“”„]/g, '"')
    .replace(/[–—]/g, '-')
    .replace(/…/g, '...')
    .replace(/\u00a0/g, ' ');
}
