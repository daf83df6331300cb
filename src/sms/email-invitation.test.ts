import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { describeEachDatabase } from '../../test/helpers/databases.ts';
import { assertPage, Client, testApp } from '../../test/helpers/http.ts';
import { startSmtp } from '../../test/helpers/smtp.ts';
import { deliverOutbox, smtpTransport } from '../messages/email-outbox.ts';
import { importOrgTree } from '../organisation/import-org-tree.ts';
import type { Config } from '../shared/config.ts';
import { surveyFunnel } from '../surveys/funnel.ts';
import { startDueConversations } from './conversation.ts';
import { acceptVisits } from './visits.ts';

const org = `code,parent_code,kind,name_fi,name_sv,name_en,active
C,,county,Kaikulan hyvinvointialue,Kaikula välfärdsområde,Kaikula wellbeing services county,true
TER,C,division,Terveydenhuolto,Hälsovård,Health care,true
U1,TER,unit,Porvoon terveysasema,Borgå hälsostation,Porvoo health centre,true
`;
const hidden = (html: string, name: string) => new RegExp(`name="${name}" value="([^"]*)"`).exec(html)?.[1] ?? '';

describeEachDatabase('visits with an e-mail address instead of a phone number', ({ db }) => {
  let app: FastifyInstance;
  let config: Config;
  let smtp: Awaited<ReturnType<typeof startSmtp>>;
  before(async () => {
    smtp = await startSmtp();
    await importOrgTree(db(), { csv: org, source: 'test' });
    ({ app, config } = await testApp(db(), { KAIKU_PUBLIC_URL: 'https://kaiku.test' }));
  });
  after(async () => {
    await app.close();
    await smtp.close();
  });

  const visit = (over: Record<string, unknown> = {}) => ({
    eventId: `e-${Math.random().toString(36).slice(2)}`,
    unit: 'U1',
    visitAt: '2026-11-23T10:00:00+02:00',
    type: 'visit',
    language: 'sv',
    age: 54,
    consent: true,
    nonDisclosure: false,
    ...over,
  });
  const morning = new Date('2026-11-23T10:05:00+02:00');
  const afternoon = new Date('2026-11-24T13:00:00+02:00');
  const deliver = async () => {
    while ((await deliverOutbox(db(), smtpTransport(smtp.url), 'kaiku@test.invalid')).sent > 0);
  };

  it('invites by e-mail with a one-time link under the SMS rules, and the answer carries no address, visit or link', async () => {
    const results = await acceptVisits(
      db(),
      config,
      [
        visit({ eventId: 'mail-1', email: ' Greta.Kund@Example.fi ' }),
        visit({ eventId: 'mail-bad', email: 'greta at example' }),
        visit({ eventId: 'mail-none' }),
        visit({ eventId: 'mail-secret', email: 'salainen@example.fi', nonDisclosure: true }),
      ],
      morning,
    );
    assert.deepEqual(
      results.map((r) => [r.eventId, r.status, r.reason ?? r.errors?.[0]?.field]),
      [
        ['mail-1', 'created', undefined],
        ['mail-bad', 'invalid', 'email'],
        ['mail-none', 'skipped', 'no_phone'],
        ['mail-secret', 'skipped', 'non_disclosure'],
      ],
    );
    assert.equal((await db().query("select 1 from visit where email = 'salainen@example.fi'")).length, 0, 'an address never to be asked is not kept');

    const started = await startDueConversations(db(), config, afternoon);
    assert.equal(started.started, 1);
    assert.equal((await db().query('select 1 from visit where email is not null')).length, 0, 'the address is forgotten once the invitation is queued');
    assert.equal((await db().query('select 1 from sms_conversation')).length, 0, 'no SMS conversation for an address');
    await deliver();
    const mail = smtp.received.filter((m) => m.to.includes('greta.kund@example.fi')).map((m) => m.raw.replace(/=\r?\n/g, '').replace(/=3D/g, '='))[0];
    assert.ok(mail, 'the invitation went to the address, in lower case');
    assert.match(mail, /Borg=C3=A5 h=C3=A4lsostation|Borgå hälsostation/, 'in the visit’s language, naming the unit');
    const token = /https:\/\/kaiku\.test\/p\/([A-Za-z0-9_-]{32})\?in=sv/.exec(mail)?.[1];
    assert.ok(token);
    assert.equal((await db().query("select 1 from outbox_email where kind = 'visit_invitation' and body <> ''")).length, 0, 'the sent message forgot the link');

    const respondent = new Client(app);
    const form = await respondent.get(`/p/${token}?in=sv`);
    assert.equal(form.statusCode, 200);
    assertPage(form.body, /Hur sannolikt skulle du rekommendera/);
    const steps = /(\d+)\)<\/title>/.exec(form.body);
    const answer = { _nonce: hidden(form.body, '_nonce'), _step: steps?.[1] ?? '3', _lang: 'sv', _action: 'submit', q_nps: '10', q_availability: '5' };
    const stored = await respondent.post(`/p/${token}`, answer, { csrf: false });
    assert.equal(stored.statusCode, 303, stored.body.slice(0, 300));
    assert.equal((await new Client(app).get(`/p/${token}`)).statusCode, 410, 'the link answers once');
    const responses = await db().query<{ channel: string; background: Record<string, string>; node_id: number }>(
      "select channel, background, node_id from response where survey_id = 'thl-national'",
    );
    assert.equal(responses.length, 1);
    assert.equal(responses[0]!.channel, 'email');
    assert.equal(responses[0]!.background.ageGroup, '45-64', 'the age group travels with the collection point, not the link');
    assert.ok(!JSON.stringify(responses).includes('greta'), 'no address in the answer');

    const [unit] = await db().query<{ id: number }>("select id from org_node where code = 'C'");
    const funnel = await surveyFunnel(db(), { survey: 'thl-national', nodeId: unit!.id, from: '2026-11-01', to: '2026-12-31' });
    const email = funnel.find((f) => f.channel === 'email');
    assert.equal(email?.invited, 1);
    assert.equal(email?.completed, 1);

    // the frequency rule holds for addresses as for numbers
    const again = await acceptVisits(
      db(),
      config,
      [visit({ eventId: 'mail-2', email: 'greta.kund@example.fi', visitAt: '2026-11-24T12:00:00+02:00' })],
      afternoon,
    );
    assert.equal(again[0]!.status, 'created');
    await startDueConversations(db(), config, new Date('2026-11-25T13:00:00+02:00'));
    const [second] = await db().query<{ status: string; skip_reason: string }>("select status, skip_reason from visit where skip_reason = 'frequency'");
    assert.deepEqual(second, { status: 'skipped', skip_reason: 'frequency' });
  });

  it('stops asking an address from the link in its invitation, by a button, not by opening the link', async () => {
    await acceptVisits(db(), config, [visit({ eventId: 'stop-1', email: 'stop@example.fi', language: 'fi' })], morning);
    await startDueConversations(db(), config, afternoon);
    await deliver();
    const mail = smtp.received.filter((m) => m.to.includes('stop@example.fi')).map((m) => m.raw.replace(/=\r?\n/g, '').replace(/=3D/g, '='))[0]!;
    const stop = /https:\/\/kaiku\.test(\/kyselyt\/ei-kiitos\/[A-Za-z0-9_.-]+)/.exec(mail)?.[1];
    assert.ok(stop, 'every invitation carries a way to stop');
    const c = new Client(app);
    const page = await c.get(stop);
    assert.equal(page.statusCode, 200);
    assertPage(page.body, /En halua kyselyjä/);
    assert.equal((await db().query('select 1 from sms_recipient where opted_out_at is not null')).length, 0, 'opening the link changes nothing');
    const forged = await c.post(`${stop.slice(0, -3)}abc`, {}, { csrf: false });
    assert.equal(forged.statusCode, 404, 'a link not made by Kaiku stops nothing');
    const done = await c.post(stop, {}, { csrf: false });
    assertPage(done.body, /emme lähetä sinulle enää asiakaskyselyjä/);
    await acceptVisits(
      db(),
      config,
      [visit({ eventId: 'stop-2', email: 'stop@example.fi', visitAt: '2026-12-30T10:00:00+02:00' })],
      new Date('2026-12-30T10:05:00+02:00'),
    );
    await startDueConversations(db(), config, new Date('2026-12-31T13:00:00+02:00'));
    const [v] = await db().query<{ skip_reason: string }>("select skip_reason from visit where skip_reason = 'opted_out'");
    assert.equal(v?.skip_reason, 'opted_out');
  });

  it('asks by SMS when a visit has both a number and an address', async () => {
    await acceptVisits(db(), config, [visit({ eventId: 'both', phone: '040 555 1234', email: 'both@example.fi' })], morning);
    await startDueConversations(db(), config, afternoon);
    assert.equal((await db().query("select 1 from sms_conversation where survey_id = 'thl-national'")).length, 1);
    assert.equal((await db().query("select 1 from outbox_email where to_address = 'both@example.fi'")).length, 0);
  });
});
