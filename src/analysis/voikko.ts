import koffi from 'koffi';

/**
 * Finnish morphology from Voikko (Debian's libvoikko1 and voikko-fi), called through koffi.
 * "kohdeltiin" becomes "kohdella", "hinnat" "hinta" and "nettiajanvarausta" gives its parts
 * netti, aika and varaus, so keywords and tone words match however a word is inflected or
 * compounded. Without the library the analyser falls back to matching word beginnings.
 */
export interface WordAnalysis {
  /** Base forms, e.g. ["nettiajanvaraus"]; empty when Voikko does not know the word. */
  baseforms: string[];
  /** Base forms of the compound's parts, e.g. ["netti", "aika", "varata"]. */
  parts: string[];
  /** Voikko's word classes: nimisana, teonsana, etunimi, sukunimi, kieltosana… */
  classes: string[];
  /** A finite verb in the third person ("soitti", "kohteli"): what follows a subject, such as a name. */
  thirdPersonVerb: boolean;
}

interface VoikkoApi {
  analyseWord(word: string): WordAnalysis;
}

const cacheLimit = 200_000;
let loaded: VoikkoApi | null | undefined;

function load(): VoikkoApi | null {
  if (process.env.KAIKU_VOIKKO === 'off') return null;
  try {
    const lib = koffi.load('libvoikko.so.1');
    const init = lib.func('void *voikkoInit(_Out_ const char **error, const char *langcode, const char *path)');
    const freeValue = lib.func('void voikko_free_mor_analysis_value_cstr(void *value)');
    const HeapString = koffi.disposable('VoikkoString', 'const char *', freeValue);
    const analyse = lib.func('void **voikkoAnalyzeWordCstr(void *handle, const char *word)');
    const value = lib.func('voikko_mor_analysis_value_cstr', HeapString, ['void *', 'const char *']);
    const freeAnalysis = lib.func('void voikko_free_mor_analysis(void **analysis)');
    const error: (string | null)[] = [null];
    const handle = init(error, 'fi', process.env.KAIKU_VOIKKO_PATH ?? null);
    if (!handle) return null;
    const cache = new Map<string, WordAnalysis>();
    return {
      analyseWord(word) {
        const hit = cache.get(word);
        if (hit) return hit;
        const result: WordAnalysis = { baseforms: [], parts: [], classes: [], thirdPersonVerb: false };
        const list = analyse(handle, word);
        if (list) {
          for (let i = 0; ; i++) {
            const [item] = koffi.decode(list, i * koffi.sizeof('void *'), 'void *', 1) as unknown[];
            if (!item) break;
            const base = value(item, 'BASEFORM') as string | null;
            if (base) result.baseforms.push(base.toLowerCase());
            const cls = value(item, 'CLASS') as string | null;
            if (cls) result.classes.push(cls);
            if (
              (cls === 'teonsana' || cls === 'kieltosana') &&
              value(item, 'PERSON') === '3' &&
              (cls === 'kieltosana' || ['indicative', 'conditional', 'potential'].includes((value(item, 'MOOD') as string | null) ?? ''))
            ) {
              result.thirdPersonVerb = true;
            }
            const bases = value(item, 'WORDBASES') as string | null;
            // "+netti(netti)+ajan(aika)+vara(varata)+us(+us)": the words in brackets, not suffixes
            if (bases) for (const m of bases.matchAll(/\(([^)+][^)]*)\)/g)) result.parts.push(m[1]!.toLowerCase());
          }
          freeAnalysis(list);
        }
        result.baseforms = [...new Set(result.baseforms)];
        result.parts = [...new Set(result.parts)];
        if (cache.size >= cacheLimit) cache.clear();
        cache.set(word, result);
        return result;
      },
    };
  } catch {
    return null;
  }
}

/** Voikko for Finnish, or null when the system lacks it (or KAIKU_VOIKKO=off). */
export function voikko(): VoikkoApi | null {
  if (loaded === undefined) loaded = load();
  return loaded;
}
