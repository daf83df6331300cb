import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { describeEachDatabase } from '../../test/helpers/databases.ts';
import { assertPage, Client, testApp } from '../../test/helpers/http.ts';

describeEachDatabase(
  'logging feedback on a customer’s behalf',
  ({ db }) => {
    let app: FastifyInstance;
    before(async () => {
      app = (await testApp(db())).app;
    });
    after(async () => app.close());

    it('takes it from a professional in a few fields, oral or written, and records who logged it', async () => {
      const c = new Client(app);
      await c.signIn('professional', 'demo');
      const form = await c.get('/admin/feedback/new');
      assert.equal(form.statusCode, 200);
      assertPage(form.body, /Kirjaa palaute asiakkaan puolesta/);
      assertPage(
        form.body,
        /<label for="fb-text">Asiakkaan palaute<\/label>[\s\S]*Asiakas haluaa vastauksen palautteeseensa/,
        'the staff member is not the customer',
      );
      assert.doesNotMatch(form.body, /Palautteesi|Haluan vastauksen|Jätä yhteystiedot/);
      const missing = await c.post('/admin/feedback/new', { action: 'send', category: 'TER', text: 'Asiakas kiitti vastaanottoa' });
      assert.equal(missing.statusCode, 400);
      assertPage(missing.body, /Valitse, antoiko asiakas palautteen suullisesti vai kirjallisesti/);
      const [unit] = await db().query<{ code: string }>("select code from org_node where name_fi = 'Porvoon terveysasema 1'");
      const ok = await c.post('/admin/feedback/new', {
        action: 'send',
        mode: 'oral',
        category: 'TER',
        target: unit!.code,
        text: 'Asiakas kiitti vastaanottoa',
        phone: '040 765 4321',
        wantsReply: 'yes',
      });
      assert.equal(ok.statusCode, 303);
      const next = await c.get(ok.headers.location as string);
      assertPage(next.body, /Palaute kirjattu, viitenumero K-\d{4}-\d{6}/);
      assertPage(next.body, /<textarea[^>]*><\/textarea>/, 'a clean form for the next one');
      const [row] = await db().query<{ channel: string; on_behalf_mode: string; logged_by_name: string; contact_phone: string; actor: string }>(
        `select f.channel, f.on_behalf_mode, u.username as logged_by_name, f.contact_phone, e.actor
       from feedback f join staff_user u on u.id = f.logged_by join feedback_event e on e.feedback_id = f.id where f.text = 'Asiakas kiitti vastaanottoa'`,
      );
      assert.deepEqual(row, {
        channel: 'on_behalf',
        on_behalf_mode: 'oral',
        logged_by_name: 'professional',
        contact_phone: '+358407654321',
        actor: 'professional',
      });
    });

    it('is not for analysts, and needs the session’s CSRF token', async () => {
      const analyst = new Client(app);
      await analyst.signIn('analyst', 'demo');
      assert.equal((await analyst.get('/admin/feedback/new')).statusCode, 403);
      const pro = new Client(app);
      await pro.signIn('professional', 'demo');
      const forged = await pro.post('/admin/feedback/new', { _csrf: 'x', action: 'send', mode: 'written', category: 'TER', text: 'Väärennetty' });
      assert.equal(forged.statusCode, 403);
    });
  },
  { demo: 'organisation' },
);
