import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { describeEachDatabase } from '../../test/helpers/databases.ts';
import { testApp } from '../../test/helpers/http.ts';
import { createApiKey } from '../access/api-keys.ts';
import { importOrgTree } from '../organisation/import-org-tree.ts';
import type { Config } from '../shared/config.ts';
import { signBody } from './api-routes.ts';
import { expireConversations, forgetOldNumbers, startDueConversations, storeSmsAnswers } from './conversation.ts';
import { keyedDigest } from '../shared/keyed-hash.ts';
import { deliverSms } from './deliver.ts';
import { acceptVisits, releaseHeldVisits } from './visits.ts';
import { saveSmsSurveys, smsSettings } from './sms-settings.ts';
import { clock } from '../shared/clock.ts';

const system = { kind: 'system', name: 'test' } as const;
const secret = 'sms-webhook-secret-0123456789';
const org = `code,parent_code,kind,name_fi,name_sv,name_en,active
C,,county,Kaikulan hyvinvointialue,Kaikula välfärdsområde,Kaikula wellbeing services county,true
TER,C,division,Terveydenhuolto,Hälsovård,Health care,true
U1,TER,unit,Porvoon terveysasema,Borgå hälsostation,Porvoo health centre,true
`;

describeEachDatabase('SMS surveys: visits in, a question at a time out, answers into results', ({ db }) => {
  let app: FastifyInstance;
  let config: Config;
  let key = '';
  before(async () => {
    await importOrgTree(db(), { csv: org, source: 'test' });
    ({ app, config } = await testApp(db(), { KAIKU_SMS_WEBHOOK_SECRET: secret }));
    ({ key } = await createApiKey(db(), system, { name: 'patient system', scopes: ['visits:write', 'sms:read', 'results:read'] }));
  });
  after(async () => app.close());

  const visit = (over: Record<string, unknown> = {}) => ({
    eventId: `e-${Math.random().toString(36).slice(2)}`,
    unit: 'U1',
    visitAt: '2026-11-23T10:00:00+02:00',
    type: 'visit',
    phone: '040 111 2222',
    language: 'fi',
    age: 54,
    consent: true,
    nonDisclosure: false,
    ...over,
  });
  const morning = new Date('2026-11-23T10:05:00+02:00');
  /** The same as POST /api/v1/visits, on the test's clock. */
  const accept = (visits: unknown[], now = morning) => acceptVisits(db(), config, visits, now);
  const postVisits = (visits: unknown[], auth = key) =>
    app.inject({ method: 'POST', url: '/api/v1/visits', payload: { visits }, headers: { authorization: `Bearer ${auth}` } });
  const reply = (from: string, text: string, messageId = `m-${Math.random().toString(36).slice(2)}`, sign = secret) => {
    const body = JSON.stringify({ messageId, from, text, receivedAt: '2026-11-23T11:00:00+02:00' });
    return app.inject({
      method: 'POST',
      url: '/api/v1/sms/inbound',
      payload: body,
      headers: { 'content-type': 'application/json', 'x-kaiku-signature': `sha256=${signBody(sign, body)}` },
    });
  };
  /** A visit by its event id: Kaiku keeps only a keyed hash of it. */
  const visitRow = async <T>(eventId: string, columns: string) =>
    (await db().query<T>(`select ${columns} from visit where event_key = $1`, [await keyedDigest(db(), 'default', eventId)]))[0];
  /** The answers waiting in ended conversations are stored in batches; two hours on, any waiting batch goes. */
  const storeAnswers = () => storeSmsAnswers(db(), new Date('2026-11-24T13:00:00+02:00'));
  const outbox = async (to: string) => {
    await deliverSms(db(), { name: 'outbox' });
    const res = await app.inject({ url: `/api/v1/sms/outbox?to=${encodeURIComponent(to)}`, headers: { authorization: `Bearer ${key}` } });
    return (res.json() as { messages: { text: string; status: string }[] }).messages.map((m) => m.text);
  };
  it('takes visits, each on its own: duplicates, the rules at arrival, unknown units held, bad items explained', async () => {
    const same = visit({ eventId: 'same-1', visitAt: new Date(clock.millis() - 3_600_000).toISOString() });
    const res = await postVisits([
      same,
      same,
      visit({ eventId: 'child', age: 15 }),
      visit({ eventId: 'noconsent', consent: false }),
      visit({ eventId: 'secret', nonDisclosure: true }),
      { eventId: 'broken', unit: 'U1' },
    ]);
    assert.equal(res.statusCode, 200);
    const results = res.json().results as { eventId: string; status: string; reason?: string; errors?: { field: string }[] }[];
    assert.deepEqual(
      results.slice(0, 5).map((r) => [r.eventId, r.status, r.reason]),
      [
        ['same-1', 'created', undefined],
        ['same-1', 'duplicate', undefined],
        ['child', 'skipped', 'under_18'],
        ['noconsent', 'skipped', 'no_consent'],
        ['secret', 'skipped', 'non_disclosure'],
      ],
    );
    assert.equal(results[5]!.status, 'invalid');
    assert.deepEqual(results[5]!.errors!.map((e) => e.field).sort(), ['consent', 'nonDisclosure', 'type', 'visitAt']);
    assert.equal((await postVisits([same])).json().results[0].status, 'duplicate', 'sent again later: still one visit');
    const kept = await visitRow<{ phone: string | null; phone_hash: string | null; age: number | null; visit_at: Date | null }>(
      'secret',
      'phone, phone_hash, age, visit_at',
    );
    assert.deepEqual(kept, { phone: null, phone_hash: null, age: null, visit_at: null }, 'nothing about the person kept for a visit that will never be asked');
    assert.equal((await db().query('select 1 from visit where event_id is not null or source is not null')).length, 0, 'no event id kept at all');
    assert.equal((await postVisits([visit()], 'nope')).statusCode, 401);
  });

  it('asks one question at a time, reads numbers and words, retries once politely, and stores the answer as an SMS answer', async () => {
    await accept([visit({ eventId: 'first', background: { customerJourneyStage: 'service_delivery', municipality: 'Porvoo' } })]);
    await startDueConversations(db(), config, morning);
    const first = await outbox('+358401112222');
    assert.equal(first.length, 1);
    assert.match(
      first[0]!,
      /^Hei, kiitos käynnistä \(Porvoon terveysasema 23\.11\.2026\)\. 4 kysymystä, vastaa viestillä\. Lopetus: LOPETA\n1\/4 Kuinka todennäköisesti suosittelisit/,
    );
    assert.match(first[0]!, /Vastaa 0-10\.$/);

    assert.deepEqual((await reply('0401112222', 'yhdeksän')).json(), { status: 'answered' });
    assert.deepEqual((await reply('+358 40 111 2222', 'ehkä')).json(), { status: 'retry' });
    assert.match((await outbox('+358401112222'))[0]!, /^Emme ymmärtäneet vastausta\. 2\/4 .* Vastaa 1-5/);
    assert.deepEqual((await reply('0401112222', '4')).json(), { status: 'answered' });
    assert.deepEqual((await reply('0401112222', 'viisi')).json(), { status: 'answered' });
    assert.match((await outbox('+358401112222'))[0]!, /^4\/4 .* Vastaa omin sanoin tai OHITA\.$/);
    assert.deepEqual((await reply('0401112222', 'Lääkäri kuunteli.', 'last-1')).json(), { status: 'completed' });
    await outbox('+358401112222');
    const [thanks] = await db().query<{ to_number: string }>("select to_number from outbox_sms where body = 'Kiitos vastauksistasi!'");
    assert.equal(thanks?.to_number, '', 'the thank-you went, and its number is forgotten');
    const [conv] = await db().query<{ phone: string | null; phone_hash: string | null; visit_id: number | null; status: string }>(
      'select phone, phone_hash, visit_id, status from sms_conversation',
    );
    assert.deepEqual(
      conv,
      { phone: null, phone_hash: null, visit_id: null, status: 'completed' },
      'the number and the visit are forgotten when the conversation ends',
    );
    assert.equal((await db().query("select 1 from response where channel = 'sms'")).length, 0, 'the answer waits for a batch');
    assert.equal(await storeSmsAnswers(db(), new Date('2026-11-23T11:30:00+02:00')), 0, 'one answer waiting half an hour is not yet a batch');
    assert.equal(await storeAnswers(), 1);
    assert.equal((await db().query('select 1 from sms_conversation')).length, 0, 'the conversation is gone with its answer stored');

    const [r] = await db().query<{ channel: string; answers: Record<string, unknown>; partial: boolean; background: Record<string, string> }>(
      "select channel, answers, partial, background from response where channel = 'sms'",
    );
    assert.deepEqual(r, {
      channel: 'sms',
      partial: false,
      answers: { nps: 9, encounter: 4, information: 5, nps_open: 'Lääkäri kuunteli.' },
      background: { respondentType: 'customer', ageGroup: '45-64', journeyStage: 'service_delivery' },
    });
    assert.deepEqual((await reply('0401112222', 'Lääkäri kuunteli.', 'last-1')).json(), { status: 'duplicate' }, 'the same message again is handled once');
    const results = await app.inject({
      url: '/api/v1/results?node=C&groupBy=channel&from=2026-11-01&to=2026-11-30',
      headers: { authorization: `Bearer ${key}` },
    });
    assert.equal(results.statusCode, 200);
    assert.match(results.body, /"sms"/);
  });

  it('refuses replies without the right signature', async () => {
    assert.equal((await reply('0401112222', '9', 'x1', 'wrong-secret-0000000000')).statusCode, 401);
    const unsigned = await app.inject({ method: 'POST', url: '/api/v1/sms/inbound', payload: { messageId: 'x2', from: '0401112222', text: '9' } });
    assert.equal(unsigned.statusCode, 401);
  });

  it('asks a number at most once in 30 days, never at night, and forgets it when no rule needs it', async () => {
    await accept([visit({ eventId: 'again', visitAt: '2026-11-23T10:30:00+02:00' })], new Date('2026-11-23T10:35:00+02:00'));
    await startDueConversations(db(), config, new Date('2026-11-23T10:40:00+02:00'));
    const again = await visitRow<{ status: string; skip_reason: string; phone: string | null }>('again', 'status, skip_reason, phone');
    assert.deepEqual(again, { status: 'skipped', skip_reason: 'frequency', phone: null });

    await accept([visit({ eventId: 'evening', phone: '0405556666', visitAt: '2026-11-23T21:15:00+02:00' })], new Date('2026-11-23T21:20:00+02:00'));
    const evening = await visitRow<{ send_after: Date }>('evening', 'send_after');
    assert.equal(new Date(evening!.send_after).toISOString(), '2026-11-24T07:00:00.000Z', 'nine in the morning, Helsinki time');
    await startDueConversations(db(), config, new Date('2026-11-23T22:00:00+02:00'));
    assert.deepEqual(await outbox('+358405556666'), [], 'nothing at night');
    await startDueConversations(db(), config, new Date('2026-11-24T09:00:30+02:00'));
    assert.equal((await outbox('+358405556666')).length, 1);

    await db().query("update sms_recipient set last_request_at = $1::timestamptz - interval '31 days' where opted_out_at is null", [clock.now()]);
    await db().query("update outbox_sms set sent_at = $1::timestamptz - interval '2 days' where kept_at is not null", [clock.now()]);
    await db().query("update outbox_sms set kept_at = $1::timestamptz - interval '2 days' where kept_at is not null", [clock.now()]);
    const forgotten = await forgetOldNumbers(db());
    assert.ok(forgotten.hashes >= 1);
    assert.equal(forgotten.messages, 6, 'the finished conversation’s six messages (one a retry), with the number in them');
    assert.deepEqual(await outbox('+358401112222'), []);
  });

  it('stops at LOPETA, STOPP or STOP, now and for good, and keeps what was answered', async () => {
    await accept([visit({ eventId: 'stop-1', phone: '0407778888', language: 'sv' })]);
    await startDueConversations(db(), config, morning);
    assert.match((await outbox('+358407778888'))[0]!, /^Hej, tack för besöket \(Borgå hälsostation 23\.11\.2026\)/);
    await reply('0407778888', 'nio');
    assert.deepEqual((await reply('0407778888', 'STOPP')).json(), { status: 'stopped' });
    await outbox('+358407778888');
    assert.equal(
      (await db().query("select 1 from outbox_sms where body = 'Okej, vi skickar inga fler enkäter till detta nummer.' and to_number = ''")).length,
      1,
    );
    await storeAnswers();
    const [partial] = await db().query<{ answers: Record<string, unknown>; partial: boolean }>(
      "select answers, partial from response where channel = 'sms' and answers->>'nps' = '9' and partial",
    );
    assert.deepEqual(partial, { answers: { nps: 9 }, partial: true });
    await db().query("update sms_recipient set last_request_at = last_request_at - interval '60 days'");
    const later = new Date('2026-11-23T14:00:00+02:00');
    await accept([visit({ eventId: 'stop-2', phone: '0407778888', visitAt: '2026-11-23T13:00:00+02:00' })], later);
    await startDueConversations(db(), config, later);
    const v = await visitRow<{ status: string; skip_reason: string }>('stop-2', 'status, skip_reason');
    assert.deepEqual(v, { status: 'skipped', skip_reason: 'opted_out' });
  });

  it('keeps a half-finished conversation as a partial answer when it expires', async () => {
    await accept([
      visit({ eventId: 'half', phone: '0409990000', language: 'ar', type: 'first-contact', callType: 'callback', visitAt: '2026-11-23T10:00:00+02:00' }),
    ]);
    await startDueConversations(db(), config, morning);
    assert.match((await outbox('+358409990000'))[0]!, /^Hi, thank you for your call .* Reply YES or NO\.$/s);
    await reply('0409990000', 'yes');
    assert.equal(await expireConversations(db(), new Date('2026-11-24T11:00:00+02:00')), 1);
    await storeAnswers();
    const [r] = await db().query<{ survey_id: string; answers: Record<string, unknown>; partial: boolean; background: Record<string, string> }>(
      "select survey_id, answers, partial, background from response where survey_id = 'thl-first-contact'",
    );
    assert.deepEqual(r, {
      survey_id: 'thl-first-contact',
      answers: { solved: true },
      partial: true,
      background: { respondentType: 'customer', callType: 'callback', ageGroup: '45-64' },
    });
  });

  it('asks a first-contact call the NPS question too when the county ticks it', async () => {
    const settings = await smsSettings(db());
    const before = settings.surveys['first-contact'];
    await saveSmsSurveys(db(), { ...settings.surveys, 'first-contact': { ...before, questions: [...before.questions, 'nps'] } });
    try {
      await accept([visit({ eventId: 'call-nps', phone: '0409990011', type: 'first-contact', callType: 'line', visitAt: '2026-11-23T10:00:00+02:00' })]);
      await startDueConversations(db(), config, morning);
      await reply('0409990011', 'kyllä');
      await reply('0409990011', 'ei');
      assert.ok((await outbox('+358409990011')).some((m) => /^3\/3 .*suosittelisit/.test(m)));
      await reply('0409990011', '8');
      await storeAnswers();
      const [r] = await db().query<{ answers: Record<string, unknown>; partial: boolean }>(
        "select answers, partial from response where survey_id = 'thl-first-contact' and background->>'callType' = 'line'",
      );
      assert.deepEqual(r, { answers: { solved: true, knows_next: false, nps: 8 }, partial: false });
    } finally {
      await saveSmsSurveys(db(), settings.surveys);
    }
  });

  it('holds visits for a unit it does not know yet and asks once the unit is imported', async () => {
    const [held] = await accept([visit({ eventId: 'new-unit', unit: 'U9', phone: '0401230000' })]);
    assert.deepEqual(held, { eventId: 'new-unit', status: 'held', reason: 'unknown_unit' });
    assert.deepEqual(await releaseHeldVisits(db(), config, morning), { released: 0, expired: 0 }, 'still unknown: still held');
    await importOrgTree(db(), { csv: `${org}U9,TER,unit,Uusi yksikkö,,,true\n`, source: 'test', partial: true });
    assert.deepEqual(await releaseHeldVisits(db(), config, morning), { released: 1, expired: 0 });
    await startDueConversations(db(), config, morning);
    assert.match((await outbox('+358401230000'))[0]!, /Uusi yksikkö/);
  });

  it('shows the response rate of SMS requests per unit and month in results', async () => {
    const get = async (groupBy: string) =>
      (
        await app.inject({ url: `/api/v1/results?node=C&groupBy=${groupBy}&from=2026-11-01&to=2026-11-30`, headers: { authorization: `Bearer ${key}` } })
      ).json() as {
        groups: { key: string; smsRequests?: { sent: number; answered: number; rate: number } }[];
      };
    const byUnit = await get('unit');
    assert.deepEqual(
      byUnit.groups.map((g) => [g.key, g.smsRequests]),
      [
        ['U1', { sent: 3, answered: 2, rate: 2 / 3 }],
        ['U9', { sent: 1, answered: 0, rate: 0 }],
      ],
    );
    assert.deepEqual(
      (await get('month')).groups.map((g) => [g.key, g.smsRequests?.sent]),
      [['2026-11', 4]],
    );
  });
});
