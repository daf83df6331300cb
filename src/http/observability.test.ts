import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { describeEachDatabase, testTargets } from '../../test/helpers/databases.ts';
import { testApp } from '../../test/helpers/http.ts';
import { audit, eraseOldAuditEntries } from '../access/audit.ts';
import { queueEmail } from '../messages/email-outbox.ts';
import { watchQueues } from '../shared/metrics.ts';
import { capabilities } from '../capabilities.ts';
import { redactUrl } from './observability.ts';
import { clock } from '../shared/clock.ts';

describe('logged addresses', () => {
  it('keep the route and the names of query parameters, never tokens or values', () => {
    assert.equal(redactUrl('/p/AbCdEfGhIjKlMnOpQrStUvWxYz012345'), '/p/:secret');
    assert.equal(redactUrl('/asukaspooli/poistu/AbCdEfGhIjKlMnOpQrStUvWxYz012345?lang=sv'), '/asukaspooli/poistu/:secret?lang=…');
    assert.equal(redactUrl('/api/v1/sms/outbox?to=%2B358401234567'), '/api/v1/sms/outbox?to=…');
    assert.equal(redactUrl('/api/v1/units?q=Matti%20Meik%C3%A4l%C3%A4inen&limit=5'), '/api/v1/units?q=…&limit=…');
    assert.equal(redactUrl('/s/abcd2345'), '/s/abcd2345', 'a short collection-point code is no secret');
    assert.equal(redactUrl('/admin/feedback/K-2026-000123'), '/admin/feedback/K-2026-000123');
  });
});

describeEachDatabase('metrics and request ids', ({ db }) => {
  let app: FastifyInstance;
  let guarded: FastifyInstance;
  before(async () => {
    app = (await testApp(db())).app;
    guarded = (await testApp(db(), { KAIKU_METRICS_TOKEN: 'metrics-token-0123456789' })).app;
    watchQueues(db(), Object.assign({}, ...capabilities.map((c) => c.queues ?? {})));
  });
  after(async () => {
    await app.close();
    await guarded.close();
  });

  it('answers with the request id the proxy sent, or a new one', async () => {
    const res = await app.inject({ url: '/healthz', headers: { 'x-request-id': 'proxy-req-12345678' } });
    assert.equal(res.headers['x-request-id'], 'proxy-req-12345678');
    const fresh = await app.inject({ url: '/healthz', headers: { 'x-request-id': 'bad id with spaces' } });
    assert.match(String(fresh.headers['x-request-id']), /^[0-9a-f-]{36}$/);
  });

  it('counts requests by route pattern, and reads the shared queues at scrape time', async () => {
    await app.inject('/palaute');
    await app.inject('/s/nosuchcd');
    await queueEmail(db(), { kind: 'test', to: 'a@example.fi', subject: 's', body: 'b' });
    const res = await app.inject('/metrics');
    assert.equal(res.statusCode, 200);
    assert.match(res.body, /kaiku_http_requests_total\{method="GET",route="\/palaute",status="200"\} \d+/);
    assert.match(res.body, /kaiku_http_requests_total\{method="GET",route="\/s\/:code",status="404"\} \d+/, 'the pattern, not the code');
    assert.match(res.body, /kaiku_http_request_duration_seconds_bucket\{le="0\.1",method="GET",route="\/palaute"\}/);
    assert.match(res.body, /kaiku_queue_depth\{queue="email"\} [1-9]/);
    assert.match(res.body, /kaiku_queue_depth\{queue="analysis"\} \d+/);
    assert.doesNotMatch(res.body, /nosuchcd/);
  });

  it('asks for the token when one is set', async () => {
    assert.equal((await guarded.inject('/metrics')).statusCode, 403);
    assert.equal((await guarded.inject({ url: '/metrics', headers: { authorization: 'Bearer wrong-token-0123456789x' } })).statusCode, 403);
    assert.equal((await guarded.inject({ url: '/metrics', headers: { authorization: 'Bearer metrics-token-0123456789' } })).statusCode, 200);
  });

  it('keeps audit entries for the configured number of days', async () => {
    await audit(db(), { label: 'old' }, { action: 'sign_in' });
    await db().query("update audit_log set at = $1::timestamptz - interval '800 days' where actor = 'old'", [clock.now()]);
    await audit(db(), { label: 'recent' }, { action: 'sign_in' });
    assert.equal(await eraseOldAuditEntries(db(), 730), 1);
    const left = await db().query<{ actor: string }>("select actor from audit_log where actor in ('old', 'recent')");
    assert.deepEqual(
      left.map((r) => r.actor),
      ['recent'],
    );
  });
});

describeEachDatabase('the health check', ({ target }) => {
  it('answers 503 once the database is gone, and 200 while it answers', async () => {
    const db = target === 'pglite' ? await testTargets()[0]!.open() : await testTargets()[1]!.open();
    const { app } = await testApp(db);
    try {
      const ok = await app.inject('/healthz');
      assert.equal(ok.statusCode, 200);
      assert.deepEqual(ok.json(), { status: 'ok', database: db.kind });
      await db.close();
      const gone = await app.inject('/healthz');
      assert.equal(gone.statusCode, 503);
      assert.deepEqual(gone.json(), { status: 'unavailable', database: db.kind });
    } finally {
      await app.close();
    }
  });
});
