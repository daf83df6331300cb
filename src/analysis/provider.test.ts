import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { analyse } from './analyse.ts';
import { defaultTaxonomy } from './default-taxonomy.ts';
import { openAiProvider } from './provider.ts';
import { emptyWeights, toneClasses } from './tone-model/model.ts';
import { waitUntil } from '../../test/helpers/wait.ts';

/**
 * An OpenAI-compatible endpoint on loopback, speaking the chat completions protocol as a local
 * llama.cpp or vLLM server does: it answers from the masked text it was sent, so the test sees
 * exactly what left Kaiku.
 */
function chatServer() {
  const received: { auth: string | undefined; body: { model: string; messages: { role: string; content: string }[] } }[] = [];
  /** Requests the server never answered, closed by Kaiku giving up on them. */
  const abandoned: string[] = [];
  const server = http.createServer((req, res) => {
    let raw = '';
    req.on('data', (c) => (raw += c));
    req.on('end', () => {
      const body = JSON.parse(raw);
      received.push({ auth: req.headers.authorization, body });
      const text: string = body.messages.at(-1).content;
      const reply = (content: string) => {
        res.setHeader('content-type', 'application/json');
        res.end(JSON.stringify({ choices: [{ index: 0, message: { role: 'assistant', content }, finish_reason: 'stop' }] }));
      };
      if (req.url !== '/v1/chat/completions') return void res.writeHead(404).end();
      // A server that never answers: only Kaiku's own timeout can end the wait.
      if (text.includes('hidas')) return void res.on('close', () => abandoned.push(text));
      if (text.includes('rikki')) return reply('Sorry, I cannot help with that.');
      if (text.includes('ylikuormitus')) return void res.writeHead(429).end('{"error":"rate limited"}');
      reply(
        '```json\n' +
          JSON.stringify({
            language: 'fi',
            tone: 'mixed',
            toneConfidence: 0.8,
            topics: [
              { key: 'phone', confidence: 0.9 },
              { key: 'made_up', confidence: 0.5 },
            ],
          }) +
          '\n```',
      );
    });
  });
  return { server, received, abandoned };
}

describe('an OpenAI-compatible analysis endpoint', () => {
  const { server, received, abandoned } = chatServer();
  let url = '';
  before(async () => {
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
  });
  after(() => {
    server.closeAllConnections();
    server.close();
  });

  const provider = () => openAiProvider({ url, key: 'secret-key', model: 'test-model', timeoutMs: 500 });

  it('sends only the masked text and returns the same schema as the offline analyser', async () => {
    const [r] = await provider().analyse(['Soitin Matti Virtaselle numeroon 040 123 4567, takaisinsoitto tuli mutta liian myöhään.'], defaultTaxonomy);
    const sent = received.at(-1)!;
    assert.equal(sent.auth, 'Bearer secret-key');
    assert.equal(sent.body.model, 'test-model');
    const everything = JSON.stringify(sent.body);
    assert.doesNotMatch(everything, /040 123 4567|Virtas|Matti/);
    assert.match(sent.body.messages.at(-1)!.content, /\[nimi\] numeroon \[puhelin\]/);
    assert.match(sent.body.messages[0]!.content, /- phone: Phone service and call-backs/);
    assert.deepEqual(r, {
      language: 'fi',
      tone: 'mixed',
      toneConfidence: 0.8,
      provider: 'openai:test-model',
      topics: [{ key: 'phone', name: 'Puhelinpalvelu ja takaisinsoitto', confidence: 0.9 }],
      masked: 'Soitin [nimi] numeroon [puhelin], takaisinsoitto tuli mutta liian myöhään.',
    });
  });

  // Without the timeout the analysis would wait for ever; the bound only keeps a broken build from hanging.
  it('falls back to the offline analyser when the endpoint never answers, refuses, or answers outside the schema', { timeout: 120_000 }, async () => {
    const texts = ['Vastaus oli hidas tulemaan.', 'Sovellus oli rikki.', 'Palvelussa ylikuormitus.'];
    const results = await provider().analyse(texts, defaultTaxonomy);
    await waitUntil('Kaiku to close the request that got no answer', () => abandoned.length > 0);
    assert.equal(abandoned.length, 1);
    assert.match(abandoned[0]!, /hidas/);
    for (const [i, r] of results.entries()) {
      assert.equal(r.provider, 'offline (fallback)');
      const { provider: _, ...rest } = r;
      assert.deepEqual(rest, analyse(texts[i]!, defaultTaxonomy));
    }
  });

  it("falls back to the county's own tone model, not the shipped one", async () => {
    // a county model that reads every text as neutral
    const weights = emptyWeights();
    weights.bias[toneClasses.indexOf('neutral')] = 10;
    const county = { id: 7, digest: 'county', weights };
    const text = 'Sovellus oli rikki ja kukaan ei vastannut, todella huonoa palvelua.';
    assert.equal(analyse(text, defaultTaxonomy).tone, 'negative', 'the shipped model reads it as negative');
    const [r] = await openAiProvider({ url, key: 'secret-key', model: 'test-model', timeoutMs: 500 }, county).analyse([text], defaultTaxonomy);
    assert.equal(r!.provider, 'offline (fallback)');
    assert.equal(r!.tone, 'neutral');
  });
});
