import { en } from './en.ts';
import { fi } from './fi.ts';
import { sv } from './sv.ts';

export const languages = ['fi', 'sv', 'en'] as const;
export type Lang = (typeof languages)[number];

/**
 * Every text key there is. Each capability's texts.ts adds its own keys to this interface
 * (declaration merging), and types its Swedish and English texts by its Finnish ones: a missing
 * translation, or a key nobody declared, fails the type check.
 */
// biome-ignore lint/suspicious/noEmptyInterface: filled in by each capability's texts.ts
export interface Messages {}
export type MessageKey = keyof Messages & string;

/** One capability's texts in the three languages. */
export interface Texts {
  fi: Readonly<Record<string, string>>;
  sv: Readonly<Record<string, string>>;
  en: Readonly<Record<string, string>>;
}

const catalogs: Record<Lang, Record<string, string>> = { fi: {}, sv: {}, en: {} };

/** Makes texts available to translators (capabilities.ts does it for every capability at start). */
export function registerTexts(texts: Texts): void {
  for (const lang of languages) Object.assign(catalogs[lang], texts[lang]);
}

registerTexts({ fi, sv, en });

export type Translate = (key: MessageKey, params?: Record<string, string | number>) => string;

/** One per language: every request asks for one, and making its number format took a tenth of a millisecond. */
const translators = new Map<Lang, Translate>();

export function translator(lang: Lang): Translate {
  let t = translators.get(lang);
  if (!t) translators.set(lang, (t = makeTranslator(lang)));
  return t;
}

function makeTranslator(lang: Lang): Translate {
  const catalog = catalogs[lang];
  const numbers = new Intl.NumberFormat(lang === 'en' ? 'en-GB' : lang === 'sv' ? 'sv-FI' : 'fi-FI');
  return (key, params) => {
    const text = catalog[key] ?? catalogs.fi[key] ?? key;
    if (!params) return text;
    return text.replace(/\{(\w+)\}/g, (m, name: string) => {
      const v = params[name];
      return v === undefined ? m : typeof v === 'number' ? numbers.format(v) : v;
    });
  };
}

export function isMessageKey(key: string): key is MessageKey {
  return key in catalogs.fi;
}

export function isLang(v: unknown): v is Lang {
  return typeof v === 'string' && (languages as readonly string[]).includes(v);
}

/** Picks fi, sv or en from an Accept-Language header, in the order of the header's weights. */
export function langFromAcceptLanguage(header: string | undefined): Lang | undefined {
  if (!header) return undefined;
  const ranked = header
    .split(',')
    .map((part) => {
      const [tag, ...rest] = part.trim().split(';');
      const q = rest.find((r) => r.trim().startsWith('q='));
      return { tag: (tag ?? '').toLowerCase().split('-')[0] ?? '', q: q ? Number(q.trim().slice(2)) : 1 };
    })
    .filter((x) => !Number.isNaN(x.q) && x.q > 0)
    .sort((a, b) => b.q - a.q);
  for (const { tag } of ranked) {
    if (tag === 'fi' || tag === 'sv' || tag === 'en') return tag;
    if (tag === 'nb' || tag === 'no' || tag === 'da') return 'sv';
  }
  return undefined;
}
