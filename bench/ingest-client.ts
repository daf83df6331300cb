import { parentPort, workerData } from 'node:worker_threads';
import { benchAnswers, rate } from './ingest-answers.ts';

/**
 * The ingest benchmark's HTTP clients, in a thread of their own so that making requests does not
 * take the server's event loop: `clients` loops posting `n` answers at a time for `seconds`.
 */
const { url, key, units, n, seconds, tag, clients } = workerData as {
  url: string;
  key: string;
  units: string[];
  n: number;
  seconds: number;
  tag: string;
  clients: number;
};
parentPort!.postMessage(
  await rate(clients, seconds, async (s) => {
    const responses = Array.from({ length: n }, (_, i) => ({
      idempotencyKey: `${tag}-${s}-${i}`,
      survey: 'thl-national',
      unit: units[(s * n + i) % units.length],
      channel: 'api',
      submittedAt: new Date(Date.now() - ((s + i) % 300) * 86_400_000).toISOString(),
      answers: benchAnswers(s + i),
      background: { ageGroup: '45-64' },
    }));
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
      body: JSON.stringify({ responses }),
    });
    const body = (await res.json()) as { results?: { status: string }[] };
    return (body.results ?? []).filter((r) => r.status === 'created').length;
  }),
);
