import type { Topic } from './default-taxonomy.ts';
import { detectLanguage, type TextLanguage } from './language.ts';
import { mask } from './mask.ts';
import type { Tone } from './tone.ts';
import { features } from './tone-model/features.ts';
import { predict } from './tone-model/model.ts';
import { shippedToneModel, type ToneModel } from './tone-model/shipped.ts';
import { matchTopics, type TopicHit } from './topics.ts';

export interface Analysis {
  language: TextLanguage;
  tone: Tone;
  toneConfidence: number;
  topics: TopicHit[];
  masked: string;
}

/**
 * The offline analyser: no network; the tone from a trained model (the one shipped with Kaiku or
 * the county's retrained one), the topics from the county's keywords. The same schema as any
 * other provider.
 */
export function analyse(text: string, taxonomy: Topic[], model: ToneModel = shippedToneModel()): Analysis {
  const masked = mask(text).text;
  const language = detectLanguage(masked);
  const tone = predict(model.weights, features(masked, language));
  return { language, tone: tone.tone, toneConfidence: tone.confidence, topics: matchTopics(masked, language, taxonomy), masked };
}
