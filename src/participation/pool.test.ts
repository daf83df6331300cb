import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { describeEachDatabase } from '../../test/helpers/databases.ts';
import { assertPage, Client, testApp } from '../../test/helpers/http.ts';
import { startSmtp } from '../../test/helpers/smtp.ts';
import { createUser, grantRole } from '../access/users.ts';
import { importOrgTree } from '../organisation/import-org-tree.ts';
import { deliverOutbox, smtpTransport } from '../messages/email-outbox.ts';
import { clock } from '../shared/clock.ts';

const org = [
  'code,parent_code,kind,name_fi,name_sv,name_en,active',
  'C,,county,Alue,Området,Area,true',
  'U1,C,unit,Porvoon terveysasema,Borgå hälsostation,Porvoo health station,true',
].join('\n');
const system = { kind: 'system', name: 'test' } as const;
const password = 'pitkä salasana 2026';
const hidden = (html: string, name: string) => new RegExp(`name="${name}" value="([^"]*)"`).exec(html)?.[1] ?? '';

describeEachDatabase('the resident pool', ({ db }) => {
  let app: FastifyInstance;
  let smtp: Awaited<ReturnType<typeof startSmtp>>;
  const deliver = () => deliverOutbox(db(), smtpTransport(smtp.url), 'kaiku@test.invalid');
  const mailTo = (address: string) => smtp.received.filter((m) => m.to.includes(address)).map((m) => m.raw.replace(/=\r?\n/g, '').replace(/=3D/g, '='));
  const count = async (sql: string) => (await db().query<{ n: number }>(sql))[0]!.n;

  before(async () => {
    smtp = await startSmtp();
    await importOrgTree(db(), { csv: org, source: 'test' });
    app = (await testApp(db(), { KAIKU_PUBLIC_URL: 'https://kaiku.test' })).app;
    for (const [username, role] of [
      ['koordinaattori', 'coordinator'],
      ['paakayttaja', 'admin'],
      ['esihenkilo', 'manager'],
    ] as const) {
      await createUser(db(), system, { username, displayName: username, password });
      await grantRole(db(), system, { username, role, nodeCode: 'C' });
    }
  });
  after(async () => {
    await app.close();
    await smtp.close();
  });

  it('keeps invitations and answers apart in the schema: no member beside a link, no link beside an answer', async () => {
    const columns = await db().query<{ column_name: string }>(
      "select column_name from information_schema.columns where table_schema = current_schema() and table_name = 'pool_invitation' order by ordinal_position",
    );
    assert.deepEqual(
      columns.map((c) => c.column_name),
      ['token_hash', 'round_id', 'spent'],
      'no member, no time of use',
    );
    const keys = await db().query<{ source: string; target: string }>(
      "select conrelid::regclass::text as source, confrelid::regclass::text as target from pg_constraint where contype = 'f' and connamespace = current_schema()::regnamespace",
    );
    assert.ok(!keys.some((k) => k.source === 'response' && /pool|council|expert/.test(k.target)), 'an answer references nothing of the pool');
    assert.ok(!keys.some((k) => k.source === 'pool_invitation' && k.target === 'pool_member'));
    const responseColumns = (
      await db().query<{ column_name: string }>(
        "select column_name from information_schema.columns where table_schema = current_schema() and table_name = 'response'",
      )
    ).map((c) => c.column_name);
    assert.ok(!responseColumns.some((c) => /member|token|invitation|pool/.test(c)), responseColumns.join(', '));
  });

  it('refuses a join without a working contact or consent, in the page’s language, and stores nothing', async () => {
    const c = new Client(app);
    const res = await c.post('/asukaspooli', { contact: 'ei-osoite', municipality: 'Porvoo' }, { csrf: false });
    assert.equal(res.statusCode, 400);
    assertPage(res.body, /Anna toimiva sähköpostiosoite tai matkapuhelinnumero/);
    assertPage(res.body, /Liittyminen edellyttää suostumusta/);
    assertPage(res.body, /value="Porvoo"/, 'what was typed stays');
    const sv = new Client(app);
    await sv.get('/asukaspooli?lang=sv');
    const svRes = await sv.post('/asukaspooli', { contact: '' }, { csrf: false });
    assertPage(svRes.body, /<html lang="sv">/);
    assertPage(svRes.body, /Samtycke krävs för att gå med/);
    assert.equal(await count('select count(*)::int as n from pool_member'), 0);
  });

  it('joins only from the confirmation link, and joining again makes no second member', async () => {
    const c = new Client(app);
    const res = await c.post(
      '/asukaspooli',
      { contact: 'Aino.Asukas@example.fi', consent: 'yes', ageGroup: '45-64', municipality: 'porvoo', services: ['health_centre', 'oral_health'] },
      { csrf: false },
    );
    assert.equal(res.statusCode, 303);
    assert.equal(res.headers.location, '/asukaspooli/kiitos');
    assert.equal(await count('select count(*)::int as n from pool_member where confirmed_at is not null'), 0, 'pending until confirmed');
    await deliver();
    const [mail] = mailTo('aino.asukas@example.fi');
    const confirm = /https:\/\/kaiku\.test(\/asukaspooli\/vahvista\/[A-Za-z0-9_-]{32})/.exec(mail ?? '')?.[1];
    assert.ok(confirm, 'the confirmation link came by e-mail');
    const page = await c.get(confirm);
    assertPage(page.body, /Vahvistan liittymisen/);
    assert.equal(
      await count('select count(*)::int as n from pool_member where confirmed_at is not null'),
      0,
      'opening the link (a mail scanner) confirms nothing',
    );
    const done = await c.post(confirm, {}, { csrf: false });
    assertPage(done.body, /Tervetuloa asukaspooliin/);
    assert.equal(await count('select count(*)::int as n from pool_member where confirmed_at is not null'), 1);
    const [row] = await db().query<{ consent_text: string; services: string[]; age_group: string }>(
      'select consent_text, services, age_group from pool_member',
    );
    assert.match(row!.consent_text, /Suostun siihen/, 'the consent is kept word for word');
    assert.deepEqual(row!.services, ['health_centre', 'oral_health']);

    await new Client(app).post('/asukaspooli', { contact: 'aino.asukas@EXAMPLE.fi', consent: 'yes' }, { csrf: false });
    assert.equal(await count('select count(*)::int as n from pool_member'), 1);
    await deliver();
    assert.match(mailTo('aino.asukas@example.fi').at(-1)!, /olet jo asukaspoolin j=C3=A4sen|olet jo asukaspoolin jäsen/);
  });

  it('invites every member with a one-time link, stores the answer without the link, and forgets the link once sent', async () => {
    // a second member, by phone
    await new Client(app).post('/asukaspooli', { contact: '040 123 4567', consent: 'yes' }, { csrf: false });
    await db().query("update pool_member set confirmed_at = $1 where phone = '+358401234567'", [clock.now()]);
    const coordinator = new Client(app);
    await coordinator.signIn('koordinaattori', password);
    const roundForm = await coordinator.get('/admin/participation');
    assertPage(roundForm.body, /<option value>Valitse kysely<\/option>/, 'no survey chosen in advance');
    const unconfirmed = await coordinator.post('/admin/participation/pool/rounds', { title: 'Digipalvelut 2026', survey: 'thl-national' });
    assert.equal(unconfirmed.statusCode, 400);
    assertPage(unconfirmed.body, /Vahvista, että kutsut lähetetään nyt\./);
    assertPage(unconfirmed.body, /value="Digipalvelut 2026"/, 'what was typed stays');
    assert.equal(await count('select count(*)::int as n from pool_invitation'), 0, 'nothing sent without confirming');
    const sent = await coordinator.post('/admin/participation/pool/rounds', { title: 'Digipalvelut 2026', survey: 'thl-national', confirm: 'yes' });
    assert.equal(sent.statusCode, 303);
    assert.equal(await count('select count(*)::int as n from pool_invitation'), 2);
    assert.equal(await count("select count(*)::int as n from outbox_sms where kind = 'pool_invitation' and secret_body"), 1);
    await deliver();
    const invitation = mailTo('aino.asukas@example.fi').find((m) => /Digipalvelut 2026/.test(m))!;
    const token = /https:\/\/kaiku\.test\/p\/([A-Za-z0-9_-]{32})/.exec(invitation)?.[1];
    const leave = /https:\/\/kaiku\.test(\/asukaspooli\/poistu\/[A-Za-z0-9_-]{32})/.exec(invitation)?.[1];
    assert.ok(token && leave);
    assert.equal(
      await count("select count(*)::int as n from outbox_email where kind = 'pool_invitation' and body <> ''"),
      0,
      'the sent message no longer holds the link',
    );

    const resident = new Client(app);
    const form = await resident.get(`/p/${token}`);
    assert.equal(form.statusCode, 200);
    assertPage(form.body, /Kuinka todennäköisesti suosittelisit/);
    const steps = /Vaihe 1 \/ (\d+)|(\d+)\)<\/title>/.exec(form.body);
    const last = steps?.[1] ?? '3';
    const answer = { _nonce: hidden(form.body, '_nonce'), _step: last, _lang: 'fi', _action: 'submit', q_nps: '9', q_availability: '4' };
    const stored = await resident.post(`/p/${token}`, answer, { csrf: false });
    assert.equal(stored.statusCode, 303, stored.body.slice(0, 300));
    assertPage((await resident.get(stored.headers.location as string)).body, /Kiitos/);
    const again = await new Client(app).post(`/p/${token}`, { ...answer, _nonce: `1.${'x'.repeat(22)}` }, { csrf: false });
    assert.equal(again.statusCode, 410);
    assertPage(again.body, /kutsu on jo käytetty/);
    assert.equal((await new Client(app).get(`/p/${token}`)).statusCode, 410, 'a link answers once');

    const responses = await db().query<Record<string, unknown>>('select * from response');
    assert.equal(responses.length, 1);
    const text = JSON.stringify(responses);
    for (const secret of [token, 'aino', '4567']) assert.ok(!text.toLowerCase().includes(secret.toLowerCase()), `the answer carries no ${secret}`);
    assert.match(String(responses[0]!.idempotency_key), /^form:/);
    const [cp] = await db().query<{ code: string }>('select cp.code from collection_point cp join pool_round r on r.collection_point_id = cp.id');
    assert.equal((await new Client(app).get(`/s/${cp!.code}`)).statusCode, 404, 'the pool survey answers only through its links');
    assert.equal(await count('select count(*)::int as n from pool_invitation where spent'), 1);

    const hub = await coordinator.get('/admin/participation');
    assertPage(hub.body, /Digipalvelut 2026/);
    assertPage(hub.body, /1 \/ 2 \(50 %\)/, 'invited 2, answered 1');
    const outbox = await db().query<{ body: string }>(
      "select case when secret_body then '…' else body end as body from outbox_sms where kind = 'pool_invitation'",
    );
    assert.equal(outbox[0]!.body, '…');

    // leaving: one link, everything about the member goes, the anonymous answer stays
    const page = await resident.get(leave);
    assertPage(page.body, /Eroan asukaspoolista/);
    const left = await resident.post(leave, {}, { csrf: false });
    assertPage(left.body, /tietosi on poistettu/);
    assert.equal(await count('select count(*)::int as n from pool_member where email is not null'), 0);
    assert.equal(await count('select count(*)::int as n from response'), 1);
    assertPage((await resident.get(leave)).body, /olet jo eronnut/);
  });

  it('shows administrators the pool in counts only, and keeps the coordinator’s tools to coordinators', async () => {
    const admin = new Client(app);
    await admin.signIn('paakayttaja', password);
    const hub = await admin.get('/admin/participation');
    assert.equal(hub.statusCode, 200);
    assertPage(hub.body, /Jäseniä 1/);
    assert.doesNotMatch(hub.body, /4567|example\.fi/, 'no contact details');
    assert.doesNotMatch(hub.body, /Lähetä kysely asukaspoolille|action="\/admin\/participation\/population"/);
    assert.equal((await admin.post('/admin/participation/pool/rounds', { title: 'x', survey: 'thl-national' })).statusCode, 403);
    const manager = new Client(app);
    await manager.signIn('esihenkilo', password);
    assert.equal((await manager.get('/admin/participation')).headers.location, '/admin/participation/requests');
  });
});
