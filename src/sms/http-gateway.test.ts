import assert from 'node:assert/strict';
import http from 'node:http';
import type net from 'node:net';
import { after, before, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { describeEachDatabase } from '../../test/helpers/databases.ts';
import { serveForBrowser } from '../../test/helpers/http.ts';
import { importOrgTree } from '../organisation/import-org-tree.ts';
import type { Config } from '../shared/config.ts';
import { signBody } from './api-routes.ts';
import { startDueConversations, storeSmsAnswers } from './conversation.ts';
import { deliverSms } from './deliver.ts';
import { smsProvider } from './providers.ts';
import { acceptVisits } from './visits.ts';
import { setClock } from '../shared/clock.ts';

const secret = 'http-gateway-secret-0123456789';

/**
 * An operator's SMS API in miniature: takes JSON, checks the key, keeps each message id once
 * (as real gateways deduplicate by the client's reference), and can be told to fail.
 */
async function fakeGateway() {
  const messages = new Map<string, { to: string; from: string; text: string }>();
  const requests: { auth: string | undefined; id: string }[] = [];
  let failNext = 0;
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString('utf8')));
    req.on('end', () => {
      const m = JSON.parse(body) as { id: string; to: string; from: string; text: string };
      requests.push({ auth: req.headers['x-api-key'] as string | undefined, id: m.id });
      if (req.headers['x-api-key'] !== 'gw-key') return void res.writeHead(401).end('bad key');
      if (failNext > 0) {
        failNext--;
        return void res.writeHead(503).end('busy');
      }
      if (!messages.has(m.id)) messages.set(m.id, { to: m.to, from: m.from, text: m.text });
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ id: `gw-${m.id}` }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as net.AddressInfo).port}/send`,
    messages,
    requests,
    failOnce: () => (failNext = 1),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

describeEachDatabase('SMS through a generic HTTP gateway, end to end', ({ db }) => {
  let app: FastifyInstance;
  let config: Config;
  let base = '';
  let gw: Awaited<ReturnType<typeof fakeGateway>>;
  before(async () => {
    gw = await fakeGateway();
    await importOrgTree(db(), {
      csv: 'code,parent_code,kind,name_fi,name_sv,name_en,active\nC,,county,Kaikula,,,true\nU1,C,unit,Keravan neuvola,Kervo rådgivning,,true\n',
      source: 't',
    });
    ({ app, base, config } = await serveForBrowser(db(), {
      KAIKU_SMS_PROVIDER: 'http',
      KAIKU_SMS_HTTP_URL: gw.url,
      KAIKU_SMS_HTTP_AUTH: 'X-Api-Key: gw-key',
      KAIKU_SMS_WEBHOOK_SECRET: secret,
      KAIKU_SMS_SENDER: 'Kaikula',
    }));
  });
  after(async () => {
    await app.close();
    await gw.close();
  });

  /** The gateway forwards a phone's reply to Kaiku's signed webhook, over real HTTP. */
  const forward = async (messageId: string, from: string, text: string) => {
    const body = JSON.stringify({ messageId, from, text });
    const res = await fetch(`${base}/api/v1/sms/inbound`, {
      method: 'POST',
      body,
      headers: { 'content-type': 'application/json', 'x-kaiku-signature': signBody(secret, body) },
    });
    return { status: res.status, body: await res.json() };
  };

  it('sends with the key, retries a refusal later, never sends one message twice, and carries the conversation through', async () => {
    // Kaiku's clock: the visit's morning, so the replies that come over HTTP are on time too.
    const now = new Date('2026-11-23T10:05:00+02:00');
    setClock(now);
    await acceptVisits(
      db(),
      config,
      [
        {
          eventId: 'h1',
          unit: 'U1',
          visitAt: '2026-11-23T10:00:00+02:00',
          type: 'first-contact',
          callType: 'line',
          phone: '0501234567',
          language: 'sv',
          age: 33,
          consent: true,
          nonDisclosure: false,
        },
      ],
      now,
    );
    await startDueConversations(db(), config, now);
    const provider = smsProvider(config);

    gw.failOnce();
    assert.deepEqual(await deliverSms(db(), provider), { sent: 0, failed: 1, kept: 0 });
    const [waiting] = await db().query<{ attempts: number; last_error: string }>('select attempts, last_error from outbox_sms');
    assert.equal(waiting!.attempts, 1);
    assert.match(waiting!.last_error, /503: busy/);
    assert.deepEqual(await deliverSms(db(), provider), { sent: 0, failed: 0, kept: 0 }, 'waits before trying again');

    // As if the process had died after the gateway accepted the message but before Kaiku marked
    // it: the lease runs out and the message is offered again, with the same id.
    await db().query('update outbox_sms set send_after = now()');
    const [pending] = await db().query<{ id: number; to_number: string; body: string }>('select id, to_number, body from outbox_sms');
    await provider.send!({ id: pending!.id, to: pending!.to_number, text: pending!.body });
    assert.deepEqual(await deliverSms(db(), provider), { sent: 1, failed: 0, kept: 0 });
    assert.equal(gw.messages.size, 1, 'the gateway kept it once');
    assert.ok(gw.requests.every((r) => r.auth === 'gw-key'));
    const [first] = [...gw.messages.values()];
    assert.equal(first!.to, '+358501234567');
    assert.equal(first!.from, 'Kaikula');
    assert.match(
      first!.text,
      /^Hej, tack för ditt samtal \(Kervo rådgivning 23\.11\.2026\)\. 2 frågor, svara med sms\. Avsluta: STOPP\n1\/2 Fick du en lösning/,
    );
    const [sent] = await db().query<{ provider_id: string }>('select provider_id from outbox_sms');
    assert.equal(sent!.provider_id, `gw-${pending!.id}`);

    assert.deepEqual(await forward('gw-in-1', '+358501234567', 'Ja'), { status: 200, body: { status: 'answered' } });
    assert.deepEqual(await forward('gw-in-1', '+358501234567', 'Ja'), { status: 200, body: { status: 'duplicate' } });
    await deliverSms(db(), provider);
    assert.match([...gw.messages.values()].at(-1)!.text, /^2\/2 Vet du hur din vård/);
    assert.deepEqual(await forward('gw-in-2', '+358501234567', 'nej'), { status: 200, body: { status: 'completed' } });
    await deliverSms(db(), provider);
    assert.equal([...gw.messages.values()].at(-1)!.text, 'Tack för dina svar!');
    assert.equal(await storeSmsAnswers(db(), new Date(now.getTime() + 2 * 3_600_000)), 1, 'stored with the next batch');
    const [r] = await db().query<{ answers: Record<string, unknown>; background: Record<string, string> }>(
      "select answers, background from response where channel = 'sms'",
    );
    assert.deepEqual(r, { answers: { solved: true, knows_next: false }, background: { respondentType: 'customer', callType: 'line', ageGroup: '30-44' } });

    const report = JSON.stringify({ id: pending!.id, status: 'delivered' });
    const dlr = await fetch(`${base}/api/v1/sms/delivery`, {
      method: 'POST',
      body: report,
      headers: { 'content-type': 'application/json', 'x-kaiku-signature': `sha256=${signBody(secret, report)}` },
    });
    assert.deepEqual(await dlr.json(), { recorded: true });
    assert.equal((await db().query<{ delivery: string }>('select delivery from outbox_sms where id = $1', [pending!.id]))[0]!.delivery, 'delivered');
  });
});
