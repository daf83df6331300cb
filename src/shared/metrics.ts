import client from 'prom-client';
import type { Db } from './db.ts';

/**
 * Prometheus metrics of one instance. Counters count what this instance did (Prometheus sums
 * the instances); the queue gauges are read from the database at scrape time, so every
 * instance reports the same shared queues.
 */
export const registry = new client.Registry();
client.collectDefaultMetrics({ register: registry, prefix: 'kaiku_' });

export const httpRequests = new client.Counter({
  name: 'kaiku_http_requests_total',
  help: 'HTTP requests answered, by method, route pattern and status code',
  labelNames: ['method', 'route', 'status'] as const,
  registers: [registry],
});

export const httpDuration = new client.Histogram({
  name: 'kaiku_http_request_duration_seconds',
  help: 'Time to answer an HTTP request, by method and route pattern',
  labelNames: ['method', 'route'] as const,
  buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
  registers: [registry],
});

export const jobRuns = new client.Counter({
  name: 'kaiku_job_runs_total',
  help: 'Runs of background jobs, by job and outcome (ok, failed)',
  labelNames: ['job', 'outcome'] as const,
  registers: [registry],
});

export const messages = new client.Counter({
  name: 'kaiku_messages_total',
  help: 'Outgoing messages handed to their channel, by channel (email, sms, webhook) and outcome (sent, failed, kept)',
  labelNames: ['channel', 'outcome'] as const,
  registers: [registry],
});

/** Counts one delivery run's result, e.g. deliverOutbox's { sent, failed, kept }. */
export function countMessages(channel: 'email' | 'sms' | 'webhook', result: Partial<Record<'sent' | 'failed' | 'kept', number>>): void {
  for (const outcome of ['sent', 'failed', 'kept'] as const) {
    const n = result[outcome] ?? 0;
    if (n > 0) messages.inc({ channel, outcome }, n);
  }
}

let queueDb: Db | undefined;

/** Queues by name: a count of the work waiting, and of the work that failed for good. */
export type QueueQueries = Record<string, { waiting: string; failed?: string }>;

/** Filled by the capabilities' entry files (their `queues`) through watchQueues. */
const queues: QueueQueries = {};

/** A gauge per queue, each read with its own count from the database at scrape time. */
function queueGauge(name: string, help: string, which: 'waiting' | 'failed'): void {
  new client.Gauge({
    name,
    help,
    labelNames: ['queue'] as const,
    registers: [registry],
    async collect() {
      if (!queueDb) return;
      for (const [queue, sqls] of Object.entries(queues)) {
        const sql = sqls[which];
        if (!sql) continue;
        const rows = await queueDb.query<{ n: number }>(sql).catch(() => undefined);
        if (rows) this.set({ queue }, rows[0]?.n ?? 0);
      }
    },
  });
}

queueGauge(
  'kaiku_queue_depth',
  'Work waiting in the shared queues: e-mail and SMS to send, texts to analyse (the analysis backlog), reports to make, webhooks to deliver',
  'waiting',
);
queueGauge(
  'kaiku_queue_failed',
  'Work that failed for good and waits for a person: messages kept after their last retry, failed reports, webhooks given up',
  'failed',
);

/** The database the queue gauges read, and the capabilities' queues. */
export function watchQueues(db: Db, more: QueueQueries = {}): void {
  queueDb = db;
  Object.assign(queues, more);
}
