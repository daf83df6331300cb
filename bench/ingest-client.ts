import http from 'node:http';
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
// node:http with kept-alive sockets, not fetch: fetch spent more of the machine's two cores per request than the server did
const agent = new http.Agent({ keepAlive: true, maxSockets: clients });
const post = (body: string) =>
  new Promise<string>((resolve, reject) => {
    const req = http.request(
      url,
      { method: 'POST', agent, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), authorization: `Bearer ${key}` } },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (text += chunk));
        res.on('end', () => resolve(text));
      },
    );
    req.once('error', reject);
    req.end(body);
  });
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
    const body = JSON.parse(await post(JSON.stringify({ responses }))) as { results?: { status: string }[] };
    return (body.results ?? []).filter((r) => r.status === 'created').length;
  }),
);
