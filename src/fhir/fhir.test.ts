import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, it } from 'node:test';
import type { Appointment, Bundle, Encounter, OperationOutcome, Patient } from '@medplum/fhirtypes';
import type { FastifyInstance } from 'fastify';
import { describeEachDatabase } from '../../test/helpers/databases.ts';
import { startFhirServer } from '../../test/helpers/fhir-server.ts';
import { Client, testApp, visibleText } from '../../test/helpers/http.ts';
import { createApiKey } from '../access/api-keys.ts';
import { createUser, grantRole } from '../access/users.ts';
import { importOrgTree } from '../organisation/import-org-tree.ts';
import { replaceCodeMap } from './code-map.ts';
import { resetClock, setClock } from '../shared/clock.ts';
import type { Config } from '../shared/config.ts';
import { startDueConversations } from '../sms/conversation.ts';
import { deliverSms } from '../sms/deliver.ts';
import { releaseHeldVisits } from '../sms/visits.ts';

const system = { kind: 'system', name: 'test' } as const;
const fixtures = path.resolve(import.meta.dirname, '../../test/fixtures/fhir-fi');
/** One of HL7 Finland's published examples, as a fresh copy. */
const example = <T>(file: string): T => JSON.parse(fs.readFileSync(path.join(fixtures, file), 'utf8')) as T;

// The units of the examples, by their SOTE organisation register OIDs, and a surgery clinic the
// appointment names only by a local Location id.
const org = `code,parent_code,kind,name_fi,name_sv,name_en,active
C,,county,Kaikulan hyvinvointialue,Kaikula välfärdsområde,Kaikula wellbeing services county,true
TER,C,division,Terveydenhuolto,Hälsovård,Health care,true
SOS,C,division,Sosiaalipalvelut,Socialtjänster,Social services,true
1.2.246.10.2085212.10.1314,TER,unit,Kyyjärven lääkärin vastaanotto,Kyyjärvi läkarmottagning,Kyyjärvi doctor's surgery,true
1.2.246.10.8286189.10.100014,TER,unit,Osasto 4,Avdelning 4,Ward 4,true
SURG,TER,unit,Kirurgian poliklinikka,Kirurgiska polikliniken,Surgical outpatient clinic,true
SOS-U,SOS,unit,Sosiaalitoimisto,Socialbyrå,Social office,true
`;

const morning = new Date('2026-11-23T10:05:00+02:00');
const visitEnd = '2026-11-23T10:00:00+02:00';

/** The example Encounter, ended this morning, with the example Patient contained (and a mobile number). */
function ambulatory(over: Partial<Encounter> = {}, patient: Partial<Patient> = {}): Encounter {
  const e = example<Encounter>('encounter-ambulatory.json');
  const p = { ...example<Patient>('patient-of-municipality.json'), ...patient, id: 'p1' };
  return { ...e, period: { ...e.period, end: visitEnd }, subject: { reference: '#p1' }, contained: [p], ...over };
}

const issues = (res: { json(): unknown }) => (res.json() as OperationOutcome).issue;

describeEachDatabase('FHIR R4: visits from the patient systems', ({ db }) => {
  let app: FastifyInstance;
  let config: Config;
  let key = '';
  let readerKey = '';
  const post = (url: string, body: unknown, auth = key, headers: Record<string, string> = {}) =>
    app.inject({
      method: 'POST',
      url,
      payload: typeof body === 'string' ? body : JSON.stringify(body),
      headers: { authorization: `Bearer ${auth}`, 'content-type': 'application/fhir+json', ...headers },
    });
  const outbox = async (to: string) => {
    await deliverSms(db(), { name: 'outbox' });
    const res = await app.inject({ url: `/api/v1/sms/outbox?to=${encodeURIComponent(to)}`, headers: { authorization: `Bearer ${readerKey}` } });
    return (res.json() as { messages: { text: string }[] }).messages.map((m) => m.text);
  };
  const visits = async () => Number((await db().query<{ n: string }>('select count(*) as n from visit'))[0]!.n);

  before(async () => {
    setClock(morning, { frozen: true });
    await importOrgTree(db(), { csv: org, source: 'test' });
    ({ app, config } = await testApp(db()));
    ({ key } = await createApiKey(db(), system, { name: 'Apotti', scopes: ['visits:write'] }));
    ({ key: readerKey } = await createApiKey(db(), system, { name: 'reader', scopes: ['sms:read', 'results:read'] }));
  });
  after(async () => {
    await app.close();
    resetClock();
  });

  it('says what it takes (CapabilityStatement) without a key', async () => {
    const res = await app.inject({ url: '/fhir/r4/metadata' });
    assert.equal(res.statusCode, 200);
    assert.match(String(res.headers['content-type']), /^application\/fhir\+json/);
    const cs = res.json();
    assert.equal(cs.resourceType, 'CapabilityStatement');
    assert.equal(cs.fhirVersion, '4.0.1');
    assert.deepEqual(
      cs.rest[0].resource.map((r: { type: string }) => r.type),
      ['Encounter', 'Appointment'],
    );
  });

  it("turns HL7 Finland's finished Encounter and its Patient, sent as a batch Bundle, into an SMS request, once per version", async () => {
    const encounter = example<Encounter>('encounter-ambulatory.json');
    const bundle: Bundle = {
      resourceType: 'Bundle',
      type: 'batch',
      entry: [
        {
          fullUrl: 'https://apotti.example/fhir/Encounter/id-for-visit',
          resource: { ...encounter, period: { ...encounter.period, end: visitEnd } },
          request: { method: 'POST', url: 'Encounter' },
        },
        {
          fullUrl: 'https://apotti.example/fhir/Patient/patient-of-municipality',
          resource: example<Patient>('patient-of-municipality.json'),
          request: { method: 'PUT', url: 'Patient/patient-of-municipality' },
        },
      ],
    };
    const res = await post('/fhir/r4', bundle);
    assert.equal(res.statusCode, 200);
    const reply = res.json() as Bundle;
    assert.equal(reply.type, 'batch-response');
    assert.deepEqual(
      reply.entry!.map((e) => e.response!.status),
      ['201 Created', '200 OK'],
    );
    await startDueConversations(db(), config, new Date('2026-11-23T10:40:00+02:00'));
    const sent = await outbox('+358401234657');
    assert.equal(sent.length, 1, 'one survey request to the number of the example patient');
    assert.match(sent[0]!, /Kyyjärven lääkärin vastaanotto 23\.11\.2026/);

    const again = (await post('/fhir/r4', bundle)).json() as Bundle;
    assert.equal(again.entry![0]!.response!.status, '200 OK', 'the same id and version again is the same visit');
    assert.equal(again.entry![0]!.response!.outcome!.issue[0]!.code, 'duplicate');
    const v2 = await post('/fhir/r4/Encounter', ambulatory({ meta: { versionId: '2' } }));
    assert.equal(v2.statusCode, 201, 'a new version is a new event');
    const plainJson = await post('/fhir/r4/Encounter', ambulatory({ meta: { versionId: '3' } }), key, { 'content-type': 'application/json' });
    assert.equal(plainJson.statusCode, 201, 'application/json is taken as well as application/fhir+json');
    const stored = await db().query<{ event_key: string; background: object; language: string | null }>('select event_key, background, language from visit');
    assert.ok(
      stored.every((v) => !v.event_key.includes('id-for-visit') && JSON.stringify(v.background) === '{}'),
      'no resource id, name or identifier kept: the event key is a keyed hash',
    );
  });

  it('names the field of a malformed Encounter in an OperationOutcome, in Finnish with English beside it', async () => {
    const bad = ambulatory({ period: { start: '2026-11-23T09:30:00+02:00', end: 'eilen' } });
    const res = await post('/fhir/r4/Encounter', bad);
    assert.equal(res.statusCode, 400);
    const [issue] = issues(res);
    assert.equal(issue!.severity, 'error');
    assert.deepEqual(issue!.expression, ['Encounter.period.end']);
    assert.match(issue!.details!.text!, /FHIR R4/);
    const translation = (issue!.details as { _text?: { extension: { extension: { url: string; valueString?: string; valueCode?: string }[] }[] } })._text!
      .extension[0]!.extension;
    assert.equal(translation.find((x) => x.url === 'lang')!.valueCode, 'en');
    assert.match(translation.find((x) => x.url === 'content')!.valueString!, /does not follow FHIR R4/);

    const noStatus = { ...ambulatory() } as Partial<Encounter>;
    delete noStatus.status;
    assert.deepEqual(issues(await post('/fhir/r4/Encounter', noStatus))[0]!.expression, ['Encounter.status']);
    const noEnd = ambulatory({ period: { start: '2026-11-23T09:30:00+02:00' } });
    const endRes = await post('/fhir/r4/Encounter', noEnd, key, { 'accept-language': 'en' });
    assert.equal(endRes.statusCode, 400);
    assert.deepEqual(issues(endRes)[0]!.expression, ['Encounter.period.end']);
    assert.match(issues(endRes)[0]!.details!.text!, /^The end time is missing/, 'English first when asked');
    const lost = ambulatory({ subject: { reference: 'Patient/nobody' }, contained: [] });
    assert.deepEqual(issues(await post('/fhir/r4/Encounter', lost))[0]!.expression, ['Encounter.subject']);
    const wrongType = await post('/fhir/r4/Encounter', example('appointment-general-practitioner.json'));
    assert.deepEqual(issues(wrongType)[0]!.expression, ['resourceType']);
    const notJson = await post('/fhir/r4/Encounter', '{"resourceType": "Encounter", ');
    assert.equal(notJson.statusCode, 400);
    assert.equal(issues(notJson)[0]!.details!.text, 'Runko ei ole FHIR-resurssi JSON-muodossa.');

    assert.equal((await post('/fhir/r4/Encounter', ambulatory(), 'not-a-key')).statusCode, 401);
    const forbidden = await post('/fhir/r4/Encounter', ambulatory(), readerKey);
    assert.equal(forbidden.statusCode, 403);
    assert.equal(issues(forbidden)[0]!.code, 'forbidden');
  });

  it('never asks a patient under turvakielto, keeps nothing of them, and ignores visits not yet finished', async () => {
    const before = await visits();
    // FHIR forbids a security label on a contained resource (dom-5): such a Patient comes in the Bundle.
    const contained = ambulatory({ id: 'secret-visit', contained: [{ ...example<Patient>('patient-with-turvakielto.json'), id: 'p1' }] });
    assert.match(issues(await post('/fhir/r4/Encounter', contained))[0]!.diagnostics!, /dom-5/);
    const secret = { ...example<Patient>('patient-with-turvakielto.json'), telecom: [{ system: 'phone' as const, value: '+358401110000' }] };
    const { contained: _, ...e } = ambulatory({ id: 'secret-visit', subject: { reference: 'Patient/patient-with-turvakielto' } });
    const res = await post('/fhir/r4', { resourceType: 'Bundle', type: 'batch', entry: [{ resource: e }, { resource: secret }] });
    assert.equal(res.statusCode, 200, JSON.stringify(res.json()));
    const [entry] = (res.json() as Bundle).entry!;
    assert.equal(entry!.response!.status, '200 OK');
    assert.equal(entry!.response!.outcome!.issue[0]!.code, 'business-rule');
    assert.equal(entry!.response!.outcome!.issue[0]!.details!.text, 'Käynnistä ei kysytä: turvakielto.');
    const [kept] = await db().query<{ phone: string | null; age: number | null; visit_at: Date | null }>(
      "select phone, age, visit_at from visit where skip_reason = 'non_disclosure'",
    );
    assert.deepEqual(kept, { phone: null, age: null, visit_at: null });

    const inProgress = await post('/fhir/r4/Encounter', { ...example<Encounter>('encounter-palvelutapahtuma.json'), contained: [] });
    assert.equal(inProgress.statusCode, 200, JSON.stringify(inProgress.json()));
    assert.match(issues(inProgress)[0]!.details!.text!, /in-progress/);
    assert.equal(await visits(), before + 1, 'only the turvakielto visit, and that without its person');
  });

  it("takes HL7 Finland's fulfilled Appointment at a unit named by a local Location id, through the mapping table", async () => {
    await assert.rejects(replaceCodeMap(db(), system, 'system,code,unit\nLocation,LocationExample,NOPE\n'), /line 2: unit NOPE is not in the organisation/);
    assert.deepEqual(await replaceCodeMap(db(), system, 'System,Code,Unit\nLocation,LocationExample,SURG\nurn:oid:1.2.246.537.6.202.2008,9990311346,SURG\n'), {
      rows: 2,
    });
    const a = example<Appointment>('appointment-general-practitioner.json');
    const appointment: Appointment = {
      ...a,
      start: '2026-11-23T09:40:00+02:00',
      end: visitEnd,
      contained: [{ ...example<Patient>('patient-of-municipality.json'), id: 'pa', telecom: [{ system: 'phone', value: '+358401119999', use: 'mobile' }] }],
      participant: a.participant.map((p) => (p.actor?.reference?.startsWith('Patient/') ? { ...p, actor: { reference: '#pa' } } : p)),
    };
    const res = await post('/fhir/r4/Appointment', appointment);
    assert.equal(res.statusCode, 201, JSON.stringify(res.json()));
    const [visit] = await db().query<{ code: string; type: string; age: number }>(
      "select n.code, v.type, v.age from visit v join org_node n on n.id = v.unit_node_id where v.phone = '+358401119999'",
    );
    assert.deepEqual(visit, { code: 'SURG', type: 'visit', age: 36 });
  });

  it('lets a county administrator see the addresses and keep the local codes on a page, losing nothing typed when a line is wrong', async () => {
    await createUser(db(), system, { username: 'paakayttaja', displayName: 'Pääkäyttäjä', password: 'long enough pw' });
    await grantRole(db(), system, { username: 'paakayttaja', role: 'admin', nodeCode: 'C' });
    const admin = new Client(app);
    await admin.signIn('paakayttaja', 'long enough pw');
    const page = await admin.get('/admin/fhir');
    assert.equal(page.statusCode, 200);
    assert.match(visibleText(page.body), /http:\/\/localhost:3000\/fhir\/r4/);
    assert.match(page.body, /Location,LocationExample,SURG/, 'the map as it stands, ready to edit');
    const typed = 'system,code,unit\nLocation,LocationExample,SURG\nLocation,Room-2,NOPE\n';
    const refused = await admin.post('/admin/fhir/codes', { csv: typed });
    assert.equal(refused.statusCode, 400);
    assert.match(visibleText(refused.body), /Rivi 3: yksikköä NOPE ei ole organisaatiossa\./);
    assert.match(refused.body, /Location,Room-2,NOPE/, 'what was typed is still there');
    assert.equal((await db().query("select 1 from fhir_code_map where code = 'Room-2'")).length, 0);
    const saved = await admin.post('/admin/fhir/codes', { csv: typed.replace('NOPE', 'SURG') });
    assert.equal(saved.statusCode, 303);
    assert.match(visibleText((await admin.get('/admin/fhir')).body), /Koodit tallennettu\..*Room-2 Kirurgian poliklinikka \(SURG\)/s);
    const [logged] = await db().query<{ actor: string }>("select actor from audit_log where action = 'fhir_code_map_replaced' order by id desc limit 1");
    assert.match(logged!.actor, /paakayttaja/);
  });

  it('holds a visit at a local code nobody has mapped, and sends it on to its unit once the code is mapped', async () => {
    const a = example<Appointment>('appointment-general-practitioner.json');
    const appointment: Appointment = {
      ...a,
      id: 'at-room-9',
      start: '2026-11-23T09:40:00+02:00',
      end: visitEnd,
      contained: [{ ...example<Patient>('patient-of-municipality.json'), id: 'pa', telecom: [{ system: 'phone', value: '+358401119898', use: 'mobile' }] }],
      participant: a.participant.map((p) =>
        p.actor?.reference?.startsWith('Patient/')
          ? { ...p, actor: { reference: '#pa' } }
          : p.actor?.reference?.startsWith('Location/')
            ? { ...p, actor: { reference: 'Location/Room-9' } }
            : p,
      ),
    };
    const res = await post('/fhir/r4/Appointment', appointment);
    assert.equal(res.statusCode, 202, JSON.stringify(res.json()));
    const row = async () =>
      (
        await db().query<{ status: string; unit_code: string | null; unit: string | null }>(
          "select v.status, v.unit_code, n.code as unit from visit v left join org_node n on n.id = v.unit_node_id where v.phone = '+358401119898'",
        )
      )[0];
    assert.deepEqual(await row(), { status: 'held', unit_code: 'Room-9', unit: null });
    assert.deepEqual(await releaseHeldVisits(db(), config, morning), { released: 0, expired: 0 }, 'not mapped yet: still held');

    await replaceCodeMap(db(), system, 'system,code,unit\nLocation,LocationExample,SURG\nLocation,Room-2,SURG\nLocation,Room-9,SURG\n');
    assert.deepEqual(await releaseHeldVisits(db(), config, morning), { released: 1, expired: 0 });
    assert.deepEqual(await row(), { status: 'pending', unit_code: null, unit: 'SURG' });
    const [logged] = await db().query<{ details: { heldVisits: number } }>(
      "select details from audit_log where action = 'fhir_code_map_replaced' order by id desc limit 1",
    );
    assert.equal(logged!.details.heldVisits, 1);
  });

  it('takes a transaction whole or not at all, and a key for one division only sends its own units', async () => {
    const before = await visits();
    const good = ambulatory({ id: 'tx-good' });
    const bad = ambulatory({ id: 'tx-bad', period: { end: '2026-13-40' } });
    const tx = await post('/fhir/r4', { resourceType: 'Bundle', type: 'transaction', entry: [{ resource: good }, { resource: bad }] });
    assert.equal(tx.statusCode, 400);
    assert.deepEqual(
      issues(tx).map((i) => i.expression![0]),
      ['Bundle.entry[1].resource.period.end'],
    );
    assert.equal(await visits(), before, 'nothing of a refused transaction');
    const ok = await post('/fhir/r4', { resourceType: 'Bundle', type: 'transaction', entry: [{ resource: good }] });
    assert.equal((ok.json() as Bundle).entry![0]!.response!.status, '201 Created');

    const { key: socialKey } = await createApiKey(db(), system, { name: 'Lifecare', scopes: ['visits:write'], nodeCode: 'SOS' });
    const outside = await post('/fhir/r4/Encounter', ambulatory({ id: 'other-division' }), socialKey);
    assert.equal(outside.statusCode, 422);
    assert.equal(issues(outside)[0]!.details!.text, 'Yksikkö ei kuulu siihen organisaation osaan, jota varten API-avain on tehty.');
  });

  it("reads the Encounter a Subscription notification announces from the patient system's FHIR server, and asks", async () => {
    const fhir = await startFhirServer('source-token-123');
    const { app: subscribed } = await testApp(db(), { KAIKU_FHIR_SOURCE_URL: fhir.base, KAIKU_FHIR_SOURCE_TOKEN: 'source-token-123' });
    try {
      const { id: _p, ...p } = example<Patient>('patient-of-municipality.json');
      const patient = await fhir.create<Patient>({ ...p, telecom: [{ system: 'phone', value: '+358401117777' }] });
      const { id: _e, ...e } = example<Encounter>('encounter-ambulatory.json');
      const encounter = await fhir.create<Encounter>({ ...e, period: { ...e.period, end: visitEnd }, subject: { reference: `Patient/${patient.id}` } });
      const notification = (type: string, focus: string[]) => ({
        resourceType: 'Bundle',
        type: 'history',
        timestamp: morning.toISOString(),
        entry: [
          {
            fullUrl: 'urn:uuid:9bb3a1b8-3b5c-4a0e-a1b1-6f7c2b1d2e3f',
            resource: {
              resourceType: 'Parameters',
              meta: { profile: ['http://hl7.org/fhir/uv/subscriptions-backport/StructureDefinition/backport-subscription-status-r4'] },
              parameter: [
                { name: 'subscription', valueReference: { reference: `${fhir.base}/Subscription/kaiku` } },
                { name: 'topic', valueCanonical: 'https://apotti.example/topics/encounter-finished' },
                { name: 'status', valueCode: 'active' },
                { name: 'type', valueCode: type },
                { name: 'events-since-subscription-start', valueString: String(focus.length) },
                ...focus.map((f, i) => ({
                  name: 'notification-event',
                  part: [
                    { name: 'event-number', valueString: String(i + 1) },
                    { name: 'focus', valueReference: { reference: f } },
                  ],
                })),
              ],
            },
          },
          ...focus.map((f) => ({ fullUrl: f, request: { method: 'PUT', url: f.replace(`${fhir.base}/`, '') }, response: { status: '200' } })),
        ],
      });
      const send = (body: unknown, auth = key) =>
        subscribed.inject({
          method: 'POST',
          url: '/fhir/r4/subscription-notification',
          payload: JSON.stringify(body),
          headers: { authorization: `Bearer ${auth}`, 'content-type': 'application/fhir+json' },
        });

      assert.equal((await send(notification('handshake', []))).statusCode, 200);
      assert.equal((await send(notification('event-notification', [`${fhir.base}/Encounter/${encounter.id}`]), 'nope')).statusCode, 401);
      const res = await send(notification('event-notification', [`${fhir.base}/Encounter/${encounter.id}`, 'https://evil.example/fhir/Encounter/1']));
      assert.equal(res.statusCode, 200, JSON.stringify(res.json()));
      const said = issues(res);
      assert.ok(
        said.some((i) => i.code === 'security' && i.expression?.[0] === 'https://evil.example/fhir/Encounter/1'),
        'another server is never read',
      );
      assert.ok(said.some((i) => i.code === 'informational' && i.diagnostics === `${fhir.base}/Encounter/${encounter.id}`));
      assert.deepEqual(fhir.reads, [`/Encounter/${encounter.id}`, `/Patient/${patient.id}`], 'the Encounter, then its Patient, with the token');

      await startDueConversations(db(), config, new Date('2026-11-23T10:40:00+02:00'));
      assert.equal((await outbox('+358401117777')).length, 1, 'the announced visit became a survey request');

      const again = await send(notification('event-notification', [`Encounter/${encounter.id}`]));
      assert.equal(issues(again)[0]!.code, 'duplicate', 'a notification sent twice is one visit');
      const gone = await send(notification('event-notification', [`Encounter/does-not-exist`]));
      assert.equal(gone.statusCode, 200);
      assert.equal(issues(gone)[0]!.code, 'deleted');
    } finally {
      await fhir.close();
    }
    // The source is down: the sender is told to try again.
    const { app: orphan } = await testApp(db(), { KAIKU_FHIR_SOURCE_URL: fhir.base, KAIKU_FHIR_SOURCE_TOKEN: 'source-token-123' });
    try {
      const res = await orphan.inject({
        method: 'POST',
        url: '/fhir/r4/subscription-notification',
        payload: JSON.stringify({
          resourceType: 'Bundle',
          type: 'history',
          entry: [
            {
              resource: {
                resourceType: 'Parameters',
                parameter: [
                  { name: 'type', valueCode: 'event-notification' },
                  { name: 'notification-event', part: [{ name: 'focus', valueReference: { reference: 'Encounter/x1' } }] },
                ],
              },
            },
          ],
        }),
        headers: { authorization: `Bearer ${key}`, 'content-type': 'application/fhir+json' },
      });
      assert.equal(res.statusCode, 503);
      assert.equal(issues(res)[0]!.code, 'transient');
    } finally {
      await orphan.close();
    }
  });
});
