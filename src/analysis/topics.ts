import type { TextLanguage } from './language.ts';
import type { Topic } from './default-taxonomy.ts';
import { stemFi } from './snowball.ts';
import { voikko } from './voikko.ts';

export interface TopicHit {
  key: string;
  name: string;
  confidence: number;
}

/**
 * Topics whose keywords appear in the text. A keyword of one word matches a word that starts
 * with it or, from five letters up, contains it as a compound part ("ajanvarau" in
 * "nettiajanvarausta"); a keyword of several words matches the phrase in the text. Finnish
 * words are also read as Voikko's base forms and compound parts, so "hinnat" finds "hinta" and
 * "kohdeltiin" finds "kohdel"; without Voikko, words and keywords are compared as Snowball stems.
 */
export function matchTopics(text: string, lang: TextLanguage, taxonomy: Topic[]): TopicHit[] {
  const lower = text.toLowerCase();
  const words = lower.match(/[\p{L}\p{N}&-]+/gu) ?? [];
  const v = lang === 'fi' ? voikko() : null;
  const forms = words.map((w) => {
    if (!v) return [w];
    const a = v.analyseWord(w);
    return [w, ...a.baseforms, ...a.parts];
  });
  // without Voikko, Snowball stems of the words and of the keywords: "hinnat" and "hinta" meet at "hin"
  const stems = lang === 'fi' && !v ? words.map(stemFi) : undefined;
  const hits: TopicHit[] = [];
  for (const topic of taxonomy) {
    let count = 0;
    for (const kw of topic.keywords[lang]) {
      if (kw.includes(' ')) {
        if (lower.includes(kw)) count += 2;
        continue;
      }
      const kwStem = stems ? stemFi(kw) : '';
      forms.forEach((fs, i) => {
        if (fs.some((w) => w.startsWith(kw) || (kw.length >= 5 && w.includes(kw)))) count++;
        else if (stems && (stems[i] === kwStem || (kwStem.length >= 4 && stems[i]!.startsWith(kwStem)))) count++;
      });
    }
    if (count > 0) hits.push({ key: topic.key, name: topic.name[lang], confidence: Math.min(0.95, Math.round((0.5 + 0.15 * count) * 100) / 100) });
  }
  return hits.sort((a, b) => b.confidence - a.confidence);
}
