import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { describeEachDatabase } from '../../test/helpers/databases.ts';
import { assertPage, Client, testApp } from '../../test/helpers/http.ts';
import { createUser, grantRole } from '../access/users.ts';
import { createFeedback } from './create-feedback.ts';
import { handlersFor } from './handlers.ts';
import { clock } from '../shared/clock.ts';

const system = { kind: 'system', name: 'test' } as const;

describeEachDatabase(
  'handlers, their e-mail and their inbox',
  ({ db }) => {
    let app: FastifyInstance;
    let unit = '';
    let unitId = 0;
    before(async () => {
      app = (await testApp(db(), { KAIKU_PUBLIC_URL: 'https://palaute.kaikula.fi' })).app;
      const [u] = await db().query<{ code: string; id: number }>("select code, id from org_node where name_fi = 'Porvoon terveysasema 1'");
      unit = u!.code;
      unitId = u!.id;
      await createUser(db(), system, {
        username: 'kotihoito',
        displayName: 'Kotihoidon käsittelijä',
        email: 'kotihoito@example.fi',
        password: 'long enough pw',
      });
      await grantRole(db(), system, { username: 'kotihoito', role: 'handler', nodeCode: 'IKA-KOT' });
    });
    after(async () => app.close());

    it('finds the nearest designated handlers above a unit', async () => {
      assert.deepEqual(
        (await handlersFor(db(), unitId)).map((h) => h.username),
        ['handler'],
        'inherited from the result area',
      );
      await createUser(db(), system, { username: 'porvoo1', displayName: 'Porvoon käsittelijä', email: 'porvoo1@example.fi', password: 'long enough pw' });
      await grantRole(db(), system, { username: 'porvoo1', role: 'handler', nodeCode: unit });
      assert.deepEqual(
        (await handlersFor(db(), unitId)).map((h) => h.username),
        ['porvoo1'],
        'the unit’s own handler comes first',
      );
      await db().query("delete from role_assignment where user_id = (select id from staff_user where username = 'porvoo1')");
    });

    it('e-mails the handlers a link, the reference and the deadline, never the customer’s details or words', async () => {
      const c = new Client(app);
      await c.post(
        '/palaute',
        {
          action: 'send',
          category: 'TER',
          target: unit,
          text: 'Salainen kokemus vastaanotolta',
          email: 'asiakas@example.fi',
          phone: '0401112222',
          wantsReply: 'yes',
        },
        { csrf: false },
      );
      const [f] = await db().query<{ id: number; reference: string }>("select id, reference from feedback where text = 'Salainen kokemus vastaanotolta'");
      const mails = await db().query<{ to_address: string; subject: string; body: string }>(
        "select to_address, subject, body from outbox_email where kind = 'feedback_new' and subject like $1",
        [`%${f!.reference}%`],
      );
      assert.deepEqual(
        mails.map((m) => m.to_address),
        ['handler@demo.kaiku.invalid'],
      );
      assert.equal(mails[0]!.subject, `Uusi palaute ${f!.reference}: Porvoon terveysasema 1`);
      assert.match(mails[0]!.body, new RegExp(`https://palaute\\.kaikula\\.fi/admin/feedback/${f!.id}`));
      assert.doesNotMatch(mails[0]!.body, /asiakas@example|040|111|Salainen/, 'no contact details, no text');
    });

    it('lists the handler’s open feedback overdue first, and opens it with the contact details, logged', async () => {
      await createFeedback(db(), null, { target: unit, text: 'Vanha odottava palaute' }, { receivedAt: new Date(clock.millis() - 10 * 86_400_000) });
      const c = new Client(app);
      await c.signIn('handler', 'demo');
      const list = await c.get('/admin/feedback');
      assert.equal(list.statusCode, 200);
      const [old] = await db().query<{ reference: string }>("select reference from feedback where text = 'Vanha odottava palaute'");
      const [fresh] = await db().query<{ reference: string; id: number }>("select reference, id from feedback where text = 'Salainen kokemus vastaanotolta'");
      const body = list.body;
      assert.ok(body.indexOf(old!.reference) < body.indexOf(fresh!.reference), 'overdue first');
      assertPage(body, /<li class="inbox-item overdue">[\s\S]*?Myöhässä 3 pv/);
      assertPage(body, /Salainen kokemus vastaanotolta[\s\S]*?7 pv jäljellä|7 pv jäljellä[\s\S]*?Salainen/);
      assert.match(body, /Toivoo vastausta/);
      const detail = await c.get(`/admin/feedback/${fresh!.id}`);
      assertPage(detail.body, /Salainen kokemus vastaanotolta/);
      assertPage(detail.body, /asiakas@example\.fi/);
      assertPage(detail.body, /\+358401112222/);
      const [logged] = await db().query<{ actor: string; target_id: string }>(
        "select actor, target_id from audit_log where action = 'feedback_read' order by id desc limit 1",
      );
      assert.deepEqual(logged, { actor: 'handler', target_id: String(fresh!.id) });
    });

    it('searches and filters the inbox, masks the preview, and lists handled feedback in its own tab', async () => {
      await createFeedback(db(), null, { target: unit, text: 'Soitin Matti Virtaselle numeroon 040 123 4567 eikä kukaan vastannut' });
      const c = new Client(app);
      await c.signIn('handler', 'demo');
      const found = await c.get('/admin/feedback?q=soitin');
      assertPage(found.body, /Soitin \[nimi\]|Soitin/);
      assert.doesNotMatch(found.body, /040 123 4567/, 'the preview masks the phone number');
      assert.doesNotMatch(found.body, /Vanha odottava/, 'only what matches the search');
      const overdue = await c.get('/admin/feedback?overdue=1');
      assert.match(overdue.body, /Vanha odottava/);
      assert.doesNotMatch(overdue.body, /Soitin/);
      const none = await c.get('/admin/feedback?q=%25%25ei-mitaan');
      assertPage(none.body, /Haulla ei löytynyt palautteita/);
      const reads = await db().query("select 1 from audit_log where action = 'feedback_read' and actor = 'handler'");
      const handled = await c.get('/admin/feedback?show=handled');
      assertPage(handled.body, /<a href="\/admin\/feedback\?show=handled" aria-current="page">Käsitellyt/);
      assert.equal(
        (await db().query("select 1 from audit_log where action = 'feedback_read' and actor = 'handler'")).length,
        reads.length,
        'a list is not a read',
      );
      assert.equal((await c.get('/admin/feedback?q=a&q=b')).statusCode, 200, 'a repeated field is not an error page');
    });

    it('shows seed 001’s tips for answering, and tells the unit’s manager without the customer’s words', async () => {
      const [f] = await db().query<{ id: number; reference: string }>("select id, reference from feedback where text = 'Salainen kokemus vastaanotolta'");
      const c = new Client(app);
      await c.signIn('handler', 'demo');
      const page = await c.get(`/admin/feedback/${f!.id}`);
      assertPage(page.body, /Vinkkejä palautteen käsittelyyn[\s\S]*Pahoittelua ei tarvitse pelätä/);
      const told = await c.post(`/admin/feedback/${f!.id}/tell-manager`, { note: 'Toistuva ongelma puhelinjonossa.' });
      assert.equal(told.statusCode, 303);
      const [mail] = await db().query<{ to_address: string; body: string }>(
        "select to_address, body from outbox_email where kind = 'feedback_to_manager' and subject like $1",
        [`%${f!.reference}%`],
      );
      assert.equal(mail?.to_address, 'manager@demo.kaiku.invalid');
      assert.match(mail!.body, /Toistuva ongelma puhelinjonossa/);
      assert.doesNotMatch(mail!.body, /Salainen|asiakas@example|040/, 'never the customer’s text or details');
      assertPage((await c.get(`/admin/feedback/${f!.id}`)).body, /kerrottu esihenkilölle: /);
    });

    it('lets only the handlers, managers and administrators over the unit read it', async () => {
      const [f] = await db().query<{ id: number }>("select id from feedback where text = 'Salainen kokemus vastaanotolta'");
      const cases: [string, string, number][] = [
        ['handler', 'demo', 200],
        ['manager', 'demo', 200],
        ['admin', 'demo', 200],
        ['professional', 'demo', 403],
        ['analyst', 'demo', 403],
        ['kotihoito', 'long enough pw', 403],
      ];
      for (const [user, password, status] of cases) {
        const c = new Client(app);
        await c.signIn(user, password);
        assert.equal((await c.get(`/admin/feedback/${f!.id}`)).statusCode, status, user);
      }
      const other = new Client(app);
      await other.signIn('kotihoito', 'long enough pw');
      assert.doesNotMatch((await other.get('/admin/feedback')).body, /Salainen|Porvoon terveysasema 1/, 'not in another unit’s inbox');
      assert.equal((await app.inject(`/admin/feedback/${f!.id}`)).statusCode, 303, 'the public is sent to sign in');
    });

    it('closes only with what the feedback led to, and then leaves the inbox', async () => {
      const [f] = await db().query<{ id: number; reference: string }>("select id, reference from feedback where text = 'Salainen kokemus vastaanotolta'");
      const pro = new Client(app);
      await pro.signIn('professional', 'demo');
      await pro.get('/admin');
      assert.equal((await pro.post(`/admin/feedback/${f!.id}/handled`, { effects: 'noted', description: 'Ei oikeutta' })).statusCode, 403);

      const c = new Client(app);
      await c.signIn('handler', 'demo');
      await c.get(`/admin/feedback/${f!.id}`);
      const missing = await c.post(`/admin/feedback/${f!.id}/handled`, { description: '' });
      assert.equal(missing.statusCode, 400);
      assertPage(missing.body, /Valitse vähintään yksi vaikutus/);
      assert.doesNotMatch(missing.body, /Kerro kuvauksessa/, 'seed 001: the description is optional ("tarkenna halutessasi")');
      const other = await c.post(`/admin/feedback/${f!.id}/handled`, { effects: 'other', description: '' });
      assert.equal(other.statusCode, 400);
      assertPage(other.body, /Kerro kuvauksessa, mikä on muu hyödyntämistapa/, '"Muu hyödyntämistapa, mikä?" asks what');
      assertPage(other.body, /value="other" checked/, 'the choice stays');
      const done = await c.post(`/admin/feedback/${f!.id}/handled`, {
        effects: ['revised_instruction', 'training'],
        description: 'Puhelinohjeet tarkennetaan ja tiimi koulutetaan joulukuussa.',
      });
      assert.equal(done.statusCode, 303);
      const page = await c.get(done.headers.location as string);
      assertPage(page.body, /Palaute merkitty käsitellyksi/);
      assertPage(page.body, /Johti tämänhetkisen ohjeen tai toimintatavan kertaamiseen\/tarkentamiseen/, 'seed 001’s words');
      assertPage(page.body, /Puhelinohjeet tarkennetaan/);
      const [row] = await db().query<{ status: string; effects: string[]; handled: boolean }>(
        'select status, effects, handled_at is not null as handled from feedback where id = $1',
        [f!.id],
      );
      assert.deepEqual(row, { status: 'handled', effects: ['revised_instruction', 'training'], handled: true });
      const [event] = await db().query<{ kind: string; actor: string }>(
        'select kind, actor from feedback_event where feedback_id = $1 order by id desc limit 1',
        [f!.id],
      );
      assert.deepEqual(event, { kind: 'handled', actor: 'handler' });
      assert.doesNotMatch((await c.get('/admin/feedback')).body, new RegExp(f!.reference), 'no longer in the inbox');
      assert.match((await c.get('/admin/feedback?show=handled')).body, new RegExp(`${f!.reference}[\\s\\S]*?Käsitelty`), 'but among the handled');
      assert.equal((await c.post(`/admin/feedback/${f!.id}/handled`, { effects: 'noted', description: 'Uudestaan' })).statusCode, 409);
    });
  },
  { demo: 'organisation' },
);
