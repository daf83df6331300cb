import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { describeEachDatabase } from '../../test/helpers/databases.ts';
import { assertPage, Client, testApp, visibleText } from '../../test/helpers/http.ts';
import { createUser, grantRole } from '../access/users.ts';
import { importOrgTree } from '../organisation/import-org-tree.ts';
import { clock } from '../shared/clock.ts';

const system = { kind: 'system', name: 'test' } as const;

describeEachDatabase('setting up SMS surveys and importing visits', ({ db }) => {
  let app: FastifyInstance;
  let admin: Client;
  before(async () => {
    await importOrgTree(db(), {
      csv: 'code,parent_code,kind,name_fi,name_sv,name_en,active\nC,,county,Kaikula,,,true\nU1,C,unit,Keravan neuvola,,,true\n',
      source: 't',
    });
    app = (await testApp(db())).app;
    await createUser(db(), system, { username: 'paakayttaja', displayName: 'Pääkäyttäjä', password: 'long enough pw' });
    await grantRole(db(), system, { username: 'paakayttaja', role: 'admin', nodeCode: 'C' });
    await createUser(db(), system, { username: 'esihenkilo', displayName: 'Esihenkilö', password: 'long enough pw' });
    await grantRole(db(), system, { username: 'esihenkilo', role: 'manager', nodeCode: 'C' });
    admin = new Client(app);
    await admin.signIn('paakayttaja', 'long enough pw');
  });
  after(async () => app.close());

  it('shows the rules, and how many text messages each message takes in each language', async () => {
    const page = await admin.get('/admin/sms');
    assert.equal(page.statusCode, 200);
    const text = visibleText(page.body);
    assert.match(text, /Lähetysaika 09:00–20:00 \(Europe\/Helsinki\)/);
    assert.match(text, /Samaan numeroon enintään kerran 30 päivässä/);
    assert.match(text, /2\/4 1 × GSM-7 \(\d+ merkkiä\)/, 'a statement with its instruction fits one message');
    assert.match(text, /1\. viesti \(esittely ja kysymys\) 2 × GSM-7/, 'the introduction makes the first one two');
    assert.match(
      text,
      /Tekstiviestikyselyt eivät ole käytössä kokonaan Viestejä ei lähetetä: ne jäävät lähtevien jonoon/,
      'the set-up gaps as a warning first',
    );
    assert.match(text, /Asiakkaiden vastausviestejä ei oteta vastaan, koska KAIKU_SMS_WEBHOOK_SECRET puuttuu/);
    assert.match(text, /Lähetystapa Ei lähetetä: viestit jäävät lähtevien jonoon/);
    const other = new Client(app);
    await other.signIn('esihenkilo', 'long enough pw');
    assert.equal((await other.get('/admin/sms')).statusCode, 403);
  });

  it('keeps each kind of visit to at most four questions', async () => {
    const five = await admin.post('/admin/sms/surveys', {
      'visit.questions': ['nps', 'availability', 'encounter', 'information', 'nps_open'],
      'visit.withinHours': '48',
      'stay.questions': ['nps'],
      'stay.withinHours': '48',
      'first-contact.questions': ['solved'],
      'first-contact.withinHours': '1',
    });
    assert.equal(five.statusCode, 400);
    assertPage(five.body, /Valitse kullekin käyntityypille 1–4 kysymystä/);
    const ok = await admin.post('/admin/sms/surveys', {
      'visit.questions': ['nps', 'nps_open'],
      'visit.withinHours': '24',
      'stay.questions': ['nps'],
      'stay.withinHours': '48',
      'first-contact.questions': ['solved', 'knows_next'],
      'first-contact.withinHours': '1',
    });
    assert.equal(ok.statusCode, 303);
    const [s] = await db().query<{ value: { visit: { questions: string[]; withinHours: number } } }>("select value from setting where key = 'sms_surveys'");
    assert.deepEqual(s!.value.visit, { survey: 'thl-national', questions: ['nps', 'nps_open'], withinHours: 24 });
  });

  it('changes the 30-day rule and the conversation’s expiry within sensible limits', async () => {
    await admin.get('/admin/sms');
    assert.equal((await admin.post('/admin/sms/limits', { frequencyDays: '0', conversationHours: '24' })).statusCode, 400);
    assert.equal((await admin.post('/admin/sms/limits', { frequencyDays: '60', conversationHours: '12' })).statusCode, 303);
    assert.match(visibleText((await admin.get('/admin/sms')).body), /Samaan numeroon enintään kerran 60 päivässä Keskustelu päättyy 12 tunnin jälkeen/);
  });

  it('imports a CSV or JSON-lines file of visits and tells line by line what was wrong', async () => {
    await admin.get('/admin/sms');
    const soon = new Date(clock.millis() - 60_000).toISOString();
    const csv = `eventId;unit;visitAt;type;phone;language;age;consent;nonDisclosure;background.journeyStage
f-1;U1;${soon};visit;040 111 0001;fi;40;true;false;service_delivery
f-2;U1;${soon};visit;040 111 0002;sv;17;true;false;
f-3;U1;eilen;visit;040 111 0003;fi;40;true;false;
f-4;U7;${soon};visit;040 111 0004;fi;40;yes;no;
`;
    const res = await admin.postFile('/admin/sms/visits/import', {}, { name: 'file', filename: 'kaynnit.csv', content: csv });
    assert.equal(res.statusCode, 303);
    const page = visibleText((await admin.get(res.headers.location as string)).body);
    assert.match(page, /Valmis: 4 riviä\. Uusia 1, jo tuotuja 0, odottamassa 1, ohitettuja 1, virheellisiä 1\./);
    assert.match(page, /4 visitAt: /, 'the bad line by its number in the file');

    const jsonl = `${JSON.stringify({ eventId: 'f-1', unit: 'U1', visitAt: soon, type: 'visit', phone: '0401110001', age: 40, consent: true, nonDisclosure: false })}\n${JSON.stringify({ eventId: 'j-2', unit: 'U1', visitAt: soon, type: 'visit', phone: '0401110005', age: 70, consent: true, nonDisclosure: false })}\n`;
    const again = await admin.postFile('/admin/sms/visits/import', {}, { name: 'file', filename: 'kaynnit.jsonl', content: jsonl });
    assert.match(visibleText((await admin.get(again.headers.location as string)).body), /Uusia 1, jo tuotuja 1/);
    const sms = visibleText((await admin.get('/admin/sms')).body);
    assert.match(sms, /odottaa yksikköä 1/);
    assert.match(sms, /ei kysytty: alle 18-vuotias 1/);
    assert.match(sms, /U7: 1/);
  });
});
