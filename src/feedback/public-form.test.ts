import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { describeEachDatabase } from '../../test/helpers/databases.ts';
import { assertPage, Client, testApp } from '../../test/helpers/http.ts';
import { demoCountyCsv } from '../organisation/demo-county.ts';
import { importOrgTree } from '../organisation/import-org-tree.ts';

describeEachDatabase('the public feedback form', ({ db }) => {
  let app: FastifyInstance;
  before(async () => {
    await importOrgTree(db(), { csv: demoCountyCsv(), source: 'test' });
    app = (await testApp(db())).app;
  });
  after(async () => app.close());

  it('speaks the language of its address and offers the divisions, support services and general', async () => {
    const fi = await app.inject('/palaute');
    assert.equal(fi.statusCode, 200);
    assertPage(fi.body, /<html lang="fi">/);
    assertPage(fi.body, /<a class="brand" href="\/">Kaikulan hyvinvointialue<\/a>/, 'headed by the county, not "Kaiku"');
    assertPage(fi.body, /Älä kirjoita palautteeseen terveystietoja/);
    for (const name of ['Terveydenhuolto', 'Ikääntyneiden palvelut', 'Pelastustoimi', 'Tukipalvelut', 'Yleinen tai muu palaute'])
      assertPage(fi.body, new RegExp(name));
    const sv = await app.inject('/respons');
    assertPage(sv.body, /<html lang="sv">/);
    assertPage(sv.body, /Hälso- och sjukvård/);
    assertPage(sv.body, /<a class="brand" href="\/">Kaikula välfärdsområde<\/a>/);
    const en = await app.inject('/feedback?lang=fi');
    assert.equal(en.statusCode, 303);
    assert.equal(en.headers.location, '/palaute');
  });

  it('opens pointed at a unit from a survey’s thank-you page, and empty for a unit it does not know', async () => {
    const [unit] = await db().query<{ code: string; name_sv: string }>(
      "select code, name_sv from org_node where kind = 'unit' and active and name_fi = 'Porvoon hammashoitola 1'",
    );
    const sv = await app.inject(`/respons?kohde=${unit!.code}`);
    assertPage(sv.body, new RegExp(`<input type="hidden" name="target" value="${unit!.code}"`));
    assertPage(sv.body, new RegExp(`value="${unit!.name_sv}"`));
    assertPage(sv.body, /<input type="radio" name="category" value="TER" checked/);
    const moved = await app.inject(`/feedback?lang=fi&kohde=${unit!.code}`);
    assert.equal(moved.headers.location, `/palaute?kohde=${unit!.code}`);
    const unknown = await app.inject('/palaute?kohde=%3Cscript%3E');
    assert.equal(unknown.statusCode, 200);
    assert.doesNotMatch(unknown.body, /name="target"/);
  });

  it('finds the target by name without JavaScript, then sends and shows a receipt with a reference', async () => {
    const c = new Client(app);
    const search = await c.post('/palaute', { action: 'search', category: 'TER', query: 'porvoon hammas', text: 'Kiitos hyvästä hoidosta' }, { csrf: false });
    assert.equal(search.statusCode, 200);
    assertPage(search.body, /Porvoon hammashoitola 1/);
    assertPage(search.body, />Kiitos hyvästä hoidosta<\/textarea>/, 'what was written stays');
    const code = /name="target" value="([^"]+)"[^>]*\/> Porvoon hammashoitola 1/.exec(search.body)?.[1];
    assert.ok(code);
    const sent = await c.post(
      '/palaute',
      { action: 'send', category: 'TER', target: code, text: 'Kiitos hyvästä hoidosta', email: 'aino@example.fi', wantsReply: 'yes' },
      { csrf: false },
    );
    assert.equal(sent.statusCode, 303);
    assert.match(sent.headers.location as string, /^\/palaute\/kuitti\/[A-Za-z0-9_-]{24}$/);
    const receipt = await c.get(sent.headers.location as string);
    assertPage(receipt.body, /Kiitos palautteestasi!/);
    assertPage(receipt.body, /K-\d{4}-\d{6}/);
    assertPage(receipt.body, /Porvoon hammashoitola 1/);
    assertPage(receipt.body, /Olet pyytänyt vastausta/);
    assert.doesNotMatch(receipt.body, /aino@example\.fi/, 'the receipt does not repeat contact details');
    const [row] = await db().query<{ channel: string; language: string; contact_email: string; status: string }>(
      "select channel, language, contact_email, status from feedback where contact_email = 'aino@example.fi'",
    );
    assert.deepEqual(row, { channel: 'web', language: 'fi', contact_email: 'aino@example.fi', status: 'new' });
  });

  it('shows what to fix, in the page’s language, and stores nothing', async () => {
    const [{ n: before }] = (await db().query<{ n: number }>('select count(*)::int as n from feedback')) as [{ n: number }];
    const res = await new Client(app).post('/respons', { action: 'send', category: '', text: '', wantsReply: 'yes' }, { csrf: false });
    assert.equal(res.statusCode, 400);
    assertPage(res.body, /<title>Kontrollera responsen: Ge respons – Kaikula välfärdsområde<\/title>/);
    assertPage(res.body, /href="#fb-category">Välj vilken service responsen gäller.</);
    assertPage(res.body, /Skriv din respons/, 'every error at once, not the category first and the rest later');
    assertPage(res.body, /Om du vill ha svar, ange e-postadress eller telefonnummer/);
    const email = await new Client(app).post('/palaute', { action: 'send', category: '', text: 'Hyvä', email: 'aino.example.fi' }, { csrf: false });
    assertPage(email.body, /Sähköpostiosoite on puutteellinen: kirjoita se muodossa nimi@esimerkki.fi/);
    assertPage(email.body, /Valitse, mitä palvelua palaute koskee/);
    const res2 = await new Client(app).post(
      '/respons',
      { action: 'send', category: 'IKA', text: 'Bra service', wantsReply: 'yes', phone: '12' },
      { csrf: false },
    );
    assertPage(res2.body, /Kontrollera telefonnumret/);
    const [{ n: after }] = (await db().query<{ n: number }>('select count(*)::int as n from feedback')) as [{ n: number }];
    assert.equal(after, before);
  });

  it('sends general feedback to the county, and quietly queues a robot’s as suspected spam', async () => {
    const general = await new Client(app).post('/feedback', { action: 'send', category: 'DEMO', text: 'The web site is hard to use.' }, { csrf: false });
    const receipt = await app.inject(general.headers.location as string);
    assertPage(receipt.body, /General or other feedback/);
    const bot = await new Client(app).post('/palaute', { action: 'send', category: 'IKA', text: 'Osta nyt', website: 'http://spam.example' }, { csrf: false });
    assert.equal(bot.statusCode, 303, 'a robot sees the same receipt');
    const [row] = await db().query<{ status: string }>("select status from feedback where text = 'Osta nyt'");
    assert.equal(row!.status, 'suspected_spam');
  });

  it('works for a member of staff who is signed in, too', async () => {
    const { createUser } = await import('../access/users.ts');
    await createUser(db(), { kind: 'system', name: 't' }, { username: 'henkilokunta', displayName: 'Henkilö', password: 'long enough pw' });
    const c = new Client(app);
    await c.signIn('henkilokunta', 'long enough pw');
    assert.ok(c.cookies.has('kaiku_session'));
    const res = await c.post('/palaute', { action: 'send', category: 'TER', text: 'Työntekijänä annettu palaute' }, { csrf: false });
    assert.equal(res.statusCode, 303);
  });

  it('takes accessibility feedback by its own tick box, with the law’s 14 days', async () => {
    const c = new Client(app);
    const form = await c.get('/palaute');
    assertPage(form.body, /<input type="checkbox" name="accessibility" value="yes"\/> Palaute koskee verkkosivun tai muun digipalvelun saavutettavuutta/);
    const res = await c.post(
      '/palaute',
      { action: 'send', category: 'TER', text: 'Lomakkeen painikkeilla ei ole nimiä.', accessibility: 'yes' },
      { csrf: false },
    );
    assert.equal(res.statusCode, 303);
    const [row] = await db().query<{ accessibility: boolean; days: number }>(
      "select accessibility, round(extract(epoch from due_at - received_at) / 86400)::int as days from feedback where text = 'Lomakkeen painikkeilla ei ole nimiä.'",
    );
    assert.deepEqual(row, { accessibility: true, days: 14 });
  });

  it('gives a receipt only to the one who has its address', async () => {
    const res = await app.inject('/palaute/kuitti/aaaaaaaaaaaaaaaaaaaaaaaa');
    assert.equal(res.statusCode, 404);
  });
});
