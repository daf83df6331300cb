import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { describeEachDatabase } from '../../test/helpers/databases.ts';
import { assertPage, Client, testApp, visibleText } from '../../test/helpers/http.ts';
import { createUser, grantRole } from '../access/users.ts';
import { createFeedback } from './create-feedback.ts';

const system = { kind: 'system', name: 'test' } as const;

describeEachDatabase(
  'handling feedback: opening, comments, answers, moves and the formal hand-off',
  ({ db }) => {
    let app: FastifyInstance;
    let unit = '';
    let id = 0;
    let reference = '';
    before(async () => {
      app = (await testApp(db(), { KAIKU_PUBLIC_URL: 'https://palaute.kaikula.fi' })).app;
      [{ code: unit }] = (await db().query<{ code: string }>("select code from org_node where name_fi = 'Porvoon terveysasema 1'")) as [{ code: string }];
      const f = await createFeedback(db(), null, {
        target: unit,
        text: 'Takaisinsoittoa ei tullut kahteen päivään.',
        language: 'fi',
        channel: 'web',
        contact: { name: 'Aino Asiakas', email: 'aino@example.fi', phone: '040 765 4321' },
        wantsReply: true,
      });
      id = f.id;
      reference = f.reference;
      await createUser(db(), system, {
        username: 'kotihoito',
        displayName: 'Kotihoidon käsittelijä',
        email: 'kotihoito@example.fi',
        password: 'long enough pw',
      });
      await grantRole(db(), system, { username: 'kotihoito', role: 'handler', nodeCode: 'IKA-KOT' });
    });
    after(async () => app.close());

    const signedIn = async (user = 'handler', password = 'demo') => {
      const c = new Client(app);
      await c.signIn(user, password);
      return c;
    };
    const status = async () => (await db().query<{ status: string }>('select status from feedback where id = $1', [id]))[0]!.status;

    it('is in progress once one of its handlers opens it; a manager reading it changes nothing', async () => {
      await (await signedIn('manager')).get(`/admin/feedback/${id}`);
      assert.equal(await status(), 'new');
      const page = await (await signedIn()).get(`/admin/feedback/${id}`);
      assertPage(page.body, /Käsittelyssä/);
      assertPage(page.body, /avattu, käsittelyssä/);
      assertPage(page.body, /<dt>Kanava<\/dt><dd>verkkolomake<\/dd>/, 'the channel in words, not its code');
      assertPage(page.body, / · asiakas · vastaanotettu/);
      assert.equal(await status(), 'in_progress');
    });

    it('keeps internal comments with the feedback and sends them nowhere', async () => {
      const c = await signedIn();
      await c.get(`/admin/feedback/${id}`);
      const before = (await db().query<{ n: number }>('select count(*)::int as n from outbox_email'))[0]!.n;
      const empty = await c.post(`/admin/feedback/${id}/comment`, { body: '  ' });
      assert.equal(empty.statusCode, 400);
      assertPage(empty.body, /Kirjoita kommentti/);
      const res = await c.post(`/admin/feedback/${id}/comment`, { body: 'Soitan asiakkaalle huomenna.' });
      assert.equal(res.statusCode, 303);
      const page = await c.get(`/admin/feedback/${id}`);
      assertPage(page.body, /Kommentti lisätty/);
      assertPage(page.body, /Soitan asiakkaalle huomenna\./);
      assert.equal((await db().query<{ n: number }>('select count(*)::int as n from outbox_email'))[0]!.n, before);
    });

    it('answers the customer by e-mail in their language and keeps the answer with the feedback', async () => {
      const c = await signedIn();
      await c.get(`/admin/feedback/${id}`);
      const res = await c.post(`/admin/feedback/${id}/reply`, { channel: 'email', body: 'Pahoittelemme. Takaisinsoittojono on nyt korjattu.' });
      assert.equal(res.statusCode, 303);
      const [mail] = await db().query<{ to_address: string; subject: string; body: string }>(
        "select to_address, subject, body from outbox_email where kind = 'feedback_reply'",
      );
      assert.equal(mail!.to_address, 'aino@example.fi');
      assert.equal(mail!.subject, `Vastaus palautteeseesi ${reference}`);
      assert.match(mail!.body, /Takaisinsoittojono on nyt korjattu/);
      assert.doesNotMatch(mail!.body, /kahteen päivään/, 'the customer’s own words are not sent back');
      const page = visibleText((await c.get(`/admin/feedback/${id}`)).body);
      assert.match(page, /vastaus asiakkaalle sähköpostilla\s+Pahoittelemme/);
      assert.match(page, /vastattu asiakkaalle \(Sähköposti\)/);
    });

    it('answers by text message within one short message, to the number the customer gave', async () => {
      const c = await signedIn();
      await c.get(`/admin/feedback/${id}`);
      const long = await c.post(`/admin/feedback/${id}/reply`, { channel: 'sms', body: 'x'.repeat(601) });
      assert.equal(long.statusCode, 400);
      assertPage(long.body, /enintään 600 merkkiä/);
      assert.equal((await c.post(`/admin/feedback/${id}/reply`, { channel: 'sms', body: 'Soitamme teille tänään.' })).statusCode, 303);
      const [sms] = await db().query<{ to_number: string; body: string }>("select to_number, body from outbox_sms where kind = 'feedback_reply'");
      assert.equal(sms!.to_number, '+358407654321');
      assert.match(sms!.body, new RegExp(`^Soitamme teille tänään\\.\\nVastaus palautteeseesi ${reference}`));
    });

    it('cannot answer a customer who left no contact details', async () => {
      const anon = await createFeedback(db(), null, { target: unit, text: 'Nimetön palaute ilman yhteystietoja.' });
      const c = await signedIn();
      const page = await c.get(`/admin/feedback/${anon.id}`);
      assertPage(page.body, /Asiakkaalle ei voi vastata/);
      const res = await c.post(`/admin/feedback/${anon.id}/reply`, { channel: 'email', body: 'Kenelle tämä menisi?' });
      assert.equal(res.statusCode, 400);
      assertPage(res.body, /Asiakas ei antanut tätä yhteystietoa/);
    });

    it('records that the matter goes on as a formal objection', async () => {
      const c = await signedIn();
      await c.get(`/admin/feedback/${id}`);
      assert.equal((await c.post(`/admin/feedback/${id}/formal`, { process: 'muistutus', note: 'Asiakas haluaa tehdä muistutuksen' })).statusCode, 303);
      const page = visibleText((await c.get(`/admin/feedback/${id}`)).body);
      assert.match(page, /Käsitellään menettelyssä\s+Muistutus/);
      assert.match(page, /siirretty muistutukseksi tai kanteluksi: Muistutus/);
      assert.equal((await db().query<{ p: string }>('select formal_process as p from feedback where id = $1', [id]))[0]!.p, 'muistutus');
    });

    it('moves misdirected feedback by name, tells the new unit’s handlers, keeps the deadline and the history', async () => {
      const [{ due_at: dueBefore }] = (await db().query<{ due_at: Date }>('select due_at from feedback where id = $1', [id])) as [{ due_at: Date }];
      const c = await signedIn();
      await c.get(`/admin/feedback/${id}`);
      const several = await c.post(`/admin/feedback/${id}/move`, { target: 'kotihoi' });
      assert.equal(several.statusCode, 200, 'several matches are offered to choose from');
      assertPage(several.body, /<p class="hint" role="status">Hakusanalla ”kotihoi” löytyi \d+ kohdetta\. Valitse oikea ja siirrä\.<\/p>/);
      const choices = [...several.body.matchAll(/name="target" value="([^"]+)"/g)].map((m) => m[1]!);
      assert.ok(choices.length > 1);
      const [{ code: kotihoito, name_fi: kotihoitoName }] = (await db().query<{ code: string; name_fi: string }>(
        "select code, name_fi from org_node where kind = 'unit' and parent_id = (select id from org_node where code = 'IKA-KOT') and code = any($1) order by code limit 1",
        [choices],
      )) as [{ code: string; name_fi: string }];
      assert.ok(kotihoito, 'home-care teams are among the choices');
      const same = await c.post(`/admin/feedback/${id}/move`, { target: unit });
      assertPage(same.body, /Palaute on jo tällä yksiköllä/);
      assert.equal((await c.post(`/admin/feedback/${id}/move`, { target: kotihoito })).statusCode, 303);
      const [row] = await db().query<{ due_at: Date; status: string; code: string }>(
        'select f.due_at, f.status, n.code from feedback f join org_node n on n.id = f.target_node_id where f.id = $1',
        [id],
      );
      assert.deepEqual(row, { due_at: dueBefore, status: 'new', code: kotihoito });
      const mails = await db().query<{ to_address: string; subject: string }>(
        "select to_address, subject from outbox_email where kind = 'feedback_new' and subject like $1 order by id",
        [`%${reference}%`],
      );
      assert.deepEqual(
        mails.map((m) => m.to_address),
        ['handler@demo.kaiku.invalid', 'kotihoito@example.fi'],
      );
      assert.match(mails[1]!.subject, new RegExp(kotihoitoName));
      assert.equal((await (await signedIn()).get(`/admin/feedback/${id}`)).statusCode, 403, 'the old unit’s handler no longer reads it');
      const moved = visibleText((await (await signedIn('kotihoito', 'long enough pw')).get(`/admin/feedback/${id}`)).body);
      assert.match(moved, new RegExp(`siirretty: ${unit} → ${kotihoito}`));
      assert.match(moved, /Soitan asiakkaalle huomenna/, 'comments travel with it');
    });

    it('moves straight to the place whose whole name was typed, even when the name is part of others', async () => {
      const f = await createFeedback(db(), null, { target: unit, text: 'Kotihoidon käynti jäi väliin.', language: 'fi' });
      const c = await signedIn();
      const res = await c.post(`/admin/feedback/${f.id}/move`, { target: 'kotihoito' });
      assert.equal(res.statusCode, 303);
      const [row] = await db().query<{ code: string }>('select n.code from feedback f join org_node n on n.id = f.target_node_id where f.id = $1', [f.id]);
      assert.equal(row?.code, 'IKA-KOT');
    });
  },
  { demo: 'organisation' },
);
