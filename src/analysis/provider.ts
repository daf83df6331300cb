import { letOthersRun } from '../shared/turn.ts';
import { z } from 'zod';
import type { Config } from '../shared/config.ts';
import { analyse, type Analysis } from './analyse.ts';
import type { Topic } from './default-taxonomy.ts';
import { mask } from './mask.ts';
import type { Db } from '../shared/db.ts';
import { activeToneModel } from './tone-model/active-model.ts';
import { shippedToneModel, type ToneModel } from './tone-model/shipped.ts';

export interface ProviderResult extends Analysis {
  /** Who produced it: "offline", "openai:MODEL", or "offline (fallback)" when the endpoint failed. */
  provider: string;
}

/** Anything that turns texts into analyses of one schema. */
export interface AnalysisProvider {
  /** Stored with each version: changing it re-analyses the history. */
  readonly name: string;
  /** How many texts one job step hands over. */
  readonly batchSize: number;
  analyse(texts: string[], taxonomy: Topic[]): Promise<ProviderResult[]>;
}

/** Kaiku's own analyser with a tone model; its name changes with the model, so a new model re-analyses the history. */
export function offlineProviderWith(model: ToneModel): AnalysisProvider {
  const name = `offline:tone-${model.digest}`;
  return {
    name,
    batchSize: 500,
    async analyse(texts, taxonomy) {
      const out: ProviderResult[] = [];
      for (const [i, t] of texts.entries()) {
        if (i > 0 && i % 25 === 0) await letOthersRun(); // a batch takes ~0.1 s: requests go on meanwhile
        out.push({ ...analyse(t, taxonomy, model), provider: name });
      }
      return out;
    },
  };
}

const reply = z.object({
  language: z.enum(['fi', 'sv', 'en']),
  tone: z.enum(['positive', 'negative', 'neutral', 'mixed']),
  toneConfidence: z.number().min(0).max(1),
  topics: z.array(z.object({ key: z.string(), confidence: z.number().min(0).max(1) })).max(20),
});

function instructions(taxonomy: Topic[]): string {
  return [
    'You classify customer feedback on Finnish public social and health care. Personal data has been replaced by placeholders such as [nimi] and [puhelin].',
    'Answer with one JSON object and nothing else: {"language": "fi"|"sv"|"en", "tone": "positive"|"negative"|"neutral"|"mixed", "toneConfidence": 0..1, "topics": [{"key": TOPIC_KEY, "confidence": 0..1}]}.',
    'Tone is mixed when the text both praises and criticises. Use only these topic keys, none when none fits:',
    ...taxonomy.map((t) => `- ${t.key}: ${t.name.en}. ${t.description}`),
  ].join('\n');
}

/**
 * Any OpenAI-compatible chat completions endpoint (Azure OpenAI, a local llama.cpp or vLLM
 * server). It only ever sees the masked text. A text the endpoint does not answer in time, or
 * answers with something that is not the schema, gets the offline analysis instead, with
 * `fallback` as its tone model (the county's own, as offline).
 */
export function openAiProvider(
  o: { url: string; key: string | undefined; model: string; timeoutMs: number },
  fallback: ToneModel = shippedToneModel(),
): AnalysisProvider {
  const endpoint = new URL('chat/completions', o.url.endsWith('/') ? o.url : `${o.url}/`).toString();
  const one = async (text: string, taxonomy: Topic[]): Promise<ProviderResult> => {
    const masked = mask(text).text;
    try {
      const res = await fetch(endpoint, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(o.key ? { authorization: `Bearer ${o.key}`, 'api-key': o.key } : {}) },
        body: JSON.stringify({
          model: o.model,
          temperature: 0,
          response_format: { type: 'json_object' },
          messages: [
            { role: 'system', content: instructions(taxonomy) },
            { role: 'user', content: masked },
          ],
        }),
        signal: AbortSignal.timeout(o.timeoutMs),
      });
      if (!res.ok) throw new Error(`HTTP ${res.status}`);
      const body = (await res.json()) as { choices?: { message?: { content?: string } }[] };
      const content = body.choices?.[0]?.message?.content ?? '';
      const parsed = reply.parse(JSON.parse(content.replace(/^```(json)?|```$/g, '').trim()));
      const known = new Map(taxonomy.map((t) => [t.key, t]));
      const topics = parsed.topics
        .filter((t) => known.has(t.key))
        .map((t) => ({ key: t.key, name: known.get(t.key)!.name[parsed.language], confidence: Math.round(t.confidence * 100) / 100 }));
      return { language: parsed.language, tone: parsed.tone, toneConfidence: parsed.toneConfidence, topics, masked, provider: `openai:${o.model}` };
    } catch {
      return { ...analyse(text, taxonomy, fallback), provider: 'offline (fallback)' };
    }
  };
  return {
    name: `openai:${o.model}`,
    batchSize: 16,
    async analyse(texts, taxonomy) {
      // a few requests at a time: endpoints limit rates, and the job has all the time it needs
      const out: ProviderResult[] = [];
      for (let i = 0; i < texts.length; i += 4) out.push(...(await Promise.all(texts.slice(i, i + 4).map((t) => one(t, taxonomy)))));
      return out;
    },
  };
}

/** The offline analyser with the shipped tone model (the weights are read on first use). */
export const offlineProvider: AnalysisProvider = {
  get name() {
    return offlineProviderWith(shippedToneModel()).name;
  },
  batchSize: 500,
  analyse: (texts, taxonomy) => offlineProviderWith(shippedToneModel()).analyse(texts, taxonomy),
};

/** The configured provider; offline, with the county's tone model of the moment. */
export async function providerFor(db: Db, config: Pick<Config, 'analysis'>): Promise<AnalysisProvider> {
  const county = await activeToneModel(db);
  return config.analysis.openai ? openAiProvider(config.analysis.openai, county) : offlineProviderWith(county);
}
