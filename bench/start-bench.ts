import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startArgs } from '../test/helpers/start-command.ts';

const root = path.resolve(import.meta.dirname, '..');
const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))] ?? Number.NaN;
const ms = (n: number) => `${n.toFixed(0)} ms`;

/**
 * A first start as a new user makes it: `npm start`'s server on an empty data directory (the
 * embedded database, the demo county), asked for /healthz every 50 ms (open loop: whether or not the
 * last one has answered) and for the public feedback form every tenth time, from the moment it is
 * started, for `seconds`: through its background work (demo seeding, the first sums, the analysis
 * of the demo's texts).
 * Prints when it first answered, and the p50/p99/max of every answer after that.
 */
export async function startBenchmark(seconds: number): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kaiku-start-'));
  const port = 20_000 + (process.pid % 10_000);
  const started = performance.now();
  const child = spawn(process.execPath, startArgs(), {
    cwd: root,
    env: { ...process.env, KAIKU_DATA_DIR: dir, PORT: String(port), LOG_LEVEL: 'silent', DATABASE_URL: '', KAIKU_DEMO: 'true' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let out = '';
  child.stdout.on('data', (d) => {
    out += d;
  });
  const health: number[] = [];
  const pages: number[] = [];
  let firstAnswer: number | undefined;
  let printedRunning: number | undefined;
  // Open loop: a request every 50 ms whether or not the last one answered, so that a stall shows
  // as every request it held up, not as one slow request.
  const asked: Promise<void>[] = [];
  try {
    for (let i = 0; performance.now() - started < seconds * 1000; i++) {
      if (printedRunning === undefined && /running at/.test(out)) printedRunning = performance.now() - started;
      const page = i % 10 === 9;
      const url = `http://127.0.0.1:${port}${page ? '/palaute' : '/healthz'}`;
      const t = performance.now();
      asked.push(
        fetch(url, { signal: AbortSignal.timeout(60_000) }).then(
          async (r) => {
            await r.arrayBuffer();
            const took = performance.now() - t;
            if (r.ok) firstAnswer = Math.min(firstAnswer ?? Number.POSITIVE_INFINITY, performance.now() - started);
            if (firstAnswer !== undefined) (page ? pages : health).push(r.ok ? took : Number.POSITIVE_INFINITY);
          },
          () => {
            // refused before Kaiku listens; after that, a failure counts as the slowest answer
            if (firstAnswer !== undefined && t - started > firstAnswer) (page ? pages : health).push(Number.POSITIVE_INFINITY);
          },
        ),
      );
      await new Promise((r) => setTimeout(r, 50));
    }
    await Promise.all(asked);
  } finally {
    child.kill('SIGTERM');
    await new Promise((r) => child.once('exit', r));
    fs.rmSync(dir, { recursive: true, force: true });
  }
  console.log(`\nFirst start on an empty data directory (embedded database, demo county), watched for ${seconds} s:`);
  console.log(
    `  printed "running" after ${printedRunning === undefined ? '–' : ms(printedRunning)}; first answered after ${firstAnswer === undefined ? '–' : ms(firstAnswer)}`,
  );
  console.log(
    `  /healthz (${health.length} asked): p50 ${ms(pct(health, 50))}, p99 ${ms(pct(health, 99))}, max ${ms(Math.max(...health))} (target p99 ≤ 200 ms); the feedback form (${pages.length}): p50 ${ms(pct(pages, 50))}, p99 ${ms(pct(pages, 99))}`,
  );
}
