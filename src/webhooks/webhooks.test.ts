import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, it } from 'node:test';
import { Webhook } from 'standardwebhooks';
import { describeEachDatabase } from '../../test/helpers/databases.ts';
import { createFeedback } from '../feedback/create-feedback.ts';
import { importOrgTree } from '../organisation/import-org-tree.ts';
import { storeResponse } from '../surveys/store-response.ts';
import { deliverWebhooks, retrySchedule } from './deliver.ts';
import { createEndpoint, isPrivateAddress } from './endpoints.ts';
import { Client, testApp, visibleText } from '../../test/helpers/http.ts';
import { createUser, grantRole } from '../access/users.ts';

const system = { kind: 'system', name: 'test' } as const;
import { clock } from '../shared/clock.ts';

const org = [
  'code,parent_code,kind,name_fi,name_sv,name_en,active',
  'C,,county,Alue,Området,Area,true',
  'U1,C,unit,Porvoon terveysasema,Borgå hälsostation,Porvoo health station,true',
].join('\n');

interface Received {
  headers: http.IncomingHttpHeaders;
  body: string;
}

describeEachDatabase('outgoing webhooks', ({ db }) => {
  const received: Received[] = [];
  let failNext = 0;
  let server: http.Server;
  let url = '';
  let secret = '';
  // A generous timeout: a loaded machine must not turn a slow answer into a failed delivery.
  const deliver = () => deliverWebhooks(db(), { allowPrivate: true, timeoutMs: 30_000 });

  before(async () => {
    await importOrgTree(db(), { csv: org, source: 'test' });
    server = http.createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString('utf8')));
      req.on('end', () => {
        received.push({ headers: req.headers, body });
        if (failNext > 0) {
          failNext--;
          res.writeHead(500).end('busy');
        } else res.writeHead(204).end();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/kaiku-hook`;
  });
  after(async () => new Promise<void>((resolve) => server.close(() => resolve())));

  it('refuses private and loopback targets unless they are allowed', async () => {
    for (const target of [
      'http://127.0.0.1:9/x',
      'http://10.1.2.3/x',
      'http://[::1]/x',
      'http://169.254.169.254/latest',
      'http://[::ffff:127.0.0.1]/x',
      'http://192.168.0.5/x',
      'ftp://example.fi/x',
      'http://user:pw@example.fi/x',
    ]) {
      await assert.rejects(createEndpoint(db(), 'test', { url: target, events: ['response.created'] }, false), /webhook\.err\.(private|url)/, target);
    }
    assert.equal(isPrivateAddress('8.8.8.8'), false);
    assert.equal(isPrivateAddress('fd00::1'), true);
    await assert.rejects(createEndpoint(db(), 'test', { url, events: [] }, true), /webhook\.err\.events/);
  });

  it('signs every event the Standard Webhooks way, leaves open answers, texts and contacts out, and retries until acknowledged', async () => {
    ({ secret } = await createEndpoint(db(), 'test', { url, events: ['response.created', 'feedback.created', 'feedback.handled'] }, true));
    assert.match(secret, /^whsec_[A-Za-z0-9+/]{43}=$/);
    const [u1] = await db().query<{ id: number }>("select id from org_node where code = 'U1'");
    await storeResponse(db(), {
      surveyId: 'thl-national',
      surveyVersion: 1,
      nodeId: u1!.id,
      channel: 'qr',
      submittedAt: clock.now(),
      idempotencyKey: 'w:1',
      background: { ageGroup: '45-64' },
      answers: { nps: 9, nps_open: 'Lääkäri Matti oli ystävällinen', availability: 5 },
    });
    const fb = await createFeedback(db(), null, { target: 'U1', text: 'Salainen palauteteksti', contact: { email: 'aino@example.fi' } });
    await db().query("update feedback set status = 'handled', handled_at = $2, effects = '{noted}' where id = $1", [fb.id, clock.now()]);

    failNext = 1;
    assert.deepEqual(await deliver(), { sent: 2, failed: 1, kept: 0 }, 'the first one met a busy receiver');
    const [retry] = await db().query<{ wait: number; message_id: string }>(
      'select extract(epoch from next_attempt_at - now())::int as wait, message_id from webhook_delivery where delivered_at is null',
    );
    assert.ok(retry!.wait > 0 && retry!.wait <= retrySchedule[0], `retried in ${retry!.wait} s`);
    assert.deepEqual(await deliver(), { sent: 0, failed: 0, kept: 0 }, 'not before its time');
    await db().query('update webhook_delivery set next_attempt_at = now() where delivered_at is null');
    assert.deepEqual(await deliver(), { sent: 1, failed: 0, kept: 0 });

    const wh = new Webhook(secret);
    const events = received.map((r) => ({
      id: r.headers['webhook-id'],
      payload: wh.verify(r.body, r.headers as Record<string, string>) as { type: string; data: Record<string, unknown> },
    }));
    assert.equal(events.length, 4);
    assert.equal(events.filter((e) => e.id === retry!.message_id).length, 2, 'a retry keeps its webhook-id');
    const byType = Object.fromEntries(events.map((e) => [e.payload.type, e.payload.data]));
    assert.deepEqual(Object.keys(byType).sort(), ['feedback.created', 'feedback.handled', 'response.created']);
    assert.deepEqual(byType['response.created']!.answers, { nps: 9, availability: 5 }, 'no open answer');
    assert.equal(byType['response.created']!.unit, 'U1');
    assert.equal(byType['feedback.created']!.reference, fb.reference);
    assert.deepEqual(byType['feedback.handled']!.effects, ['noted']);
    const all = received.map((r) => r.body).join('\n');
    for (const secretText of ['Matti', 'Salainen', 'aino@example.fi']) assert.ok(!all.includes(secretText), `${secretText} never leaves Kaiku`);
    assert.throws(() => wh.verify(received[0]!.body.replace('U1', 'U2'), received[0]!.headers as Record<string, string>), 'a changed body fails the signature');
  });

  it('gives up after the schedule, and keeps what it could not send for an administrator to see', async () => {
    await createEndpoint(db(), 'test', { url: 'http://127.0.0.1:9/closed', events: ['feedback.created'] }, true);
    await createFeedback(db(), null, { target: 'U1', text: 'Toinen', contact: {} });
    const totals = { sent: 0, failed: 0, kept: 0 };
    for (let i = 0; i <= retrySchedule.length; i++) {
      const r = await deliver();
      for (const k of ['sent', 'failed', 'kept'] as const) totals[k] += r[k];
      await db().query('update webhook_delivery set next_attempt_at = now() where delivered_at is null and gave_up_at is null');
    }
    assert.equal(totals.failed, retrySchedule.length);
    const [dead] = await db().query<{ attempts: number; last_error: string }>('select attempts, last_error from webhook_delivery where gave_up_at is not null');
    assert.equal(dead!.attempts, retrySchedule.length + 1);
    assert.match(dead!.last_error, /ECONNREFUSED/);
  });

  it('lets an administrator add an endpoint on its page (the secret shown once), turn it off, and see what was delivered', async () => {
    const { app } = await testApp(db(), { KAIKU_WEBHOOK_ALLOW_PRIVATE: 'true' });
    try {
      await createUser(db(), system, { username: 'hookadmin', displayName: 'Webhook admin', password: 'long enough pw' });
      await grantRole(db(), system, { username: 'hookadmin', role: 'admin', nodeCode: 'C' });
      const admin = new Client(app);
      await admin.signIn('hookadmin', 'long enough pw');
      assert.equal((await admin.get('/admin/webhooks')).statusCode, 200);

      const refused = await admin.post('/admin/webhooks', { url: 'ftp://example.fi/x', events: 'response.created', description: 'Tietovarasto' });
      assert.equal(refused.statusCode, 400);
      assert.match(visibleText(refused.body), /Tarkista|osoite/i);
      assert.match(refused.body, /value="Tietovarasto"/, 'what was typed stays');

      const created = await admin.post('/admin/webhooks', {
        url: `${url}/page`,
        events: ['response.created', 'feedback.created'],
        description: 'Tietovarasto',
      });
      assert.equal(created.statusCode, 200);
      const shown = /whsec_[A-Za-z0-9+/]{43}=/.exec(created.body)?.[0];
      assert.ok(shown, 'the secret is shown once, right after adding');
      const [row] = await db().query<{ id: number; secret: string; active: boolean }>('select id, secret, active from webhook_endpoint where url = $1', [
        `${url}/page`,
      ]);
      assert.equal(row!.secret, shown);
      assert.ok(row!.active);
      const again = await admin.get('/admin/webhooks');
      assert.ok(again.body.includes(`${url}/page`), 'listed');
      assert.ok(!again.body.includes(shown!), 'never shown again');

      const off = await admin.post(`/admin/webhooks/${row!.id}/active`, { active: 'false' });
      assert.equal(off.statusCode, 303);
      assert.equal((await db().query<{ active: boolean }>('select active from webhook_endpoint where id = $1', [row!.id]))[0]!.active, false);
      const logged = await db().query<{ action: string }>(
        "select action from audit_log where target_type = 'webhook_endpoint' and target_id = $1 order by id",
        [String(row!.id)],
      );
      assert.deepEqual(
        logged.map((l) => l.action),
        ['webhook_created', 'webhook_changed'],
      );

      const manager = new Client(app);
      await createUser(db(), system, { username: 'hookmanager', displayName: 'Manager', password: 'long enough pw' });
      await grantRole(db(), system, { username: 'hookmanager', role: 'manager', nodeCode: 'C' });
      await manager.signIn('hookmanager', 'long enough pw');
      assert.equal((await manager.get('/admin/webhooks')).statusCode, 403);
      assert.equal((await manager.post('/admin/webhooks', { url: `${url}/x`, events: 'response.created' })).statusCode, 403);
    } finally {
      await app.close();
    }
  });
});
