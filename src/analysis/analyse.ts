import type { Topic } from './default-taxonomy.ts';
import { detectLanguage, type TextLanguage } from './language.ts';
import { mask } from './mask.ts';
import { scoreTone, type Tone } from './tone.ts';
import { matchTopics, type TopicHit } from './topics.ts';

export interface Analysis {
  language: TextLanguage;
  tone: Tone;
  toneConfidence: number;
  topics: TopicHit[];
  masked: string;
}

/** The offline analyser: no network, no model files; the same schema as any other provider. */
export function analyse(text: string, taxonomy: Topic[]): Analysis {
  const masked = mask(text).text;
  const language = detectLanguage(masked);
  const tone = scoreTone(masked, language);
  return { language, tone: tone.tone, toneConfidence: tone.confidence, topics: matchTopics(masked, language, taxonomy), masked };
}
