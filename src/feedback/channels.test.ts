import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { describeEachDatabase } from '../../test/helpers/databases.ts';
import { assertPage, testApp, visibleText } from '../../test/helpers/http.ts';

describeEachDatabase(
  'the public description of the feedback channels',
  ({ db }) => {
    let app: FastifyInstance;
    before(async () => {
      app = (await testApp(db())).app;
    });
    after(async () => app?.close());

    it('describes every way to give feedback for the county, in the page’s language, with the ways its surveys reach people', async () => {
      const fi = await app.inject('/palautekanavat');
      assert.equal(fi.statusCode, 200);
      const text = visibleText(fi.body);
      assert.match(text, /Palautekanavat: Kaikulan hyvinvointialue/);
      assert.match(text, /käsitellään 7 päivän kuluessa/);
      for (const way of [/QR-koodilla/, /odotustilan palautelaitteella/, /paperilomakkeella/]) assert.match(text, way, 'the demo’s open collection points');
      assert.match(text, /Muistutus ja kantelu/);
      const sv = await app.inject('/responskanaler');
      assertPage(sv.body, /<html lang="sv"/);
      assert.match(visibleText(sv.body), /Responskanaler: Kaikula välfärdsområde|Responskanaler: /);
      const switched = await app.inject('/feedback-channels?lang=fi&node=TER');
      assert.equal(switched.headers.location, '/palautekanavat?node=TER');
    });

    it('speaks of one unit with ?node, its form link leading straight to it', async () => {
      const [unit] = await db().query<{ code: string; name_fi: string }>(
        "select n.code, n.name_fi from org_node n where n.kind = 'unit' and exists (select 1 from collection_point c where c.node_id = n.id and c.active) order by n.code limit 1",
      );
      const page = await app.inject(`/palautekanavat?node=${encodeURIComponent(unit!.code)}`);
      assert.equal(page.statusCode, 200);
      assertPage(page.body, new RegExp(`Palautekanavat: ${unit!.name_fi.replace(/[()]/g, '.')}`));
      assertPage(page.body, new RegExp(`href="/palaute\\?kohde=${encodeURIComponent(unit!.code).replace(/\./g, '\\.')}"`));
      assert.equal((await app.inject('/palautekanavat?node=EI-OLE')).statusCode, 404);
    });
  },
  { demo: 'county' },
);
