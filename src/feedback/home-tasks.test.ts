import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { describeEachDatabase } from '../../test/helpers/databases.ts';
import { demoNow, useDemoClock } from '../../test/helpers/demo.ts';
import { assertPage, Client, testApp } from '../../test/helpers/http.ts';
import { createFeedback } from './create-feedback.ts';

useDemoClock();

describeEachDatabase(
  'the front page says what waits for the person',
  ({ db }) => {
    let app: FastifyInstance;
    before(async () => {
      app = (await testApp(db())).app;
      const [{ code }] = (await db().query<{ code: string }>("select code from org_node where name_fi = 'Porvoon terveysasema 1'")) as [{ code: string }];
      const day = 24 * 3600_000;
      // One past its 7-day promise, one due in three days, and one robot's message for the spam queue.
      await createFeedback(
        db(),
        null,
        { target: code, text: 'Kukaan ei ole vastannut viikkoon.', language: 'fi' },
        { receivedAt: new Date(demoNow.getTime() - 9 * day) },
      );
      await createFeedback(
        db(),
        null,
        { target: code, text: 'Ajanvaraus oli hankala.', language: 'fi' },
        { receivedAt: new Date(demoNow.getTime() - 4 * day) },
      );
      await createFeedback(db(), null, { target: code, text: 'Osta halvalla', language: 'fi', honeypot: 'http://spam.example' });
    });
    after(async () => app?.close());

    const home = async (user: string) => {
      const c = new Client(app);
      await c.signIn(user, 'demo');
      return (await c.get('/admin')).body;
    };

    it('shows a handler the open feedback in their reach, the late ones first in words', async () => {
      const page = await home('handler');
      assertPage(page, /Sinua odottaa/);
      assertPage(
        page,
        /<a href="\/admin\/feedback"><span class="big">2<\/span> <span class="task-label">Avoimet palautteet<\/span><\/a><p>1 myöhässä: käsittele ne ensin<\/p>/,
      );
      assert.doesNotMatch(page, /Roskapostiepäilyt tarkistettavana/, 'the spam queue is the administrators’');
      assert.doesNotMatch(page, /Kukaan ei ole vastannut/, 'counts only, no feedback text');
      assert.doesNotMatch(page, /<h2>Organisaatio<\/h2>/, 'the size of the tree is the administrators’ concern');
    });

    it('shows the county’s administrator the spam queue too', async () => {
      const page = await home('admin');
      assertPage(page, /<span class="big">1<\/span> <span class="task-label">Roskapostiepäilyt tarkistettavana/);
    });

    it('tells the administrator of units whose feedback no one is named to handle, and lists them', async () => {
      const [{ n }] = (await db().query<{ n: number }>(
        `with recursive covered as (select node_id as id from role_assignment where role = 'handler'
           union select c.id from org_node c join covered on c.parent_id = covered.id)
         select count(*)::int as n from org_node where active and kind in ('unit', 'service') and id not in (select id from covered)`,
      )) as [{ n: number }];
      assert.ok(n > 0, 'the demo county has units with no handler above them');
      const page = await home('admin');
      assertPage(
        page,
        new RegExp(`<a href="/admin/feedback/no-handler"><span class="big">${n}</span> <span class="task-label">Yksiköt ilman palautteen käsittelijää`),
      );
      assertPage(page, /<span class="task-label">Tekstiviestikyselyt eivät ole käytössä kokonaan/, 'the demo sends no SMS, a setting to look at');
      const c = new Client(app);
      await c.signIn('admin', 'demo');
      const list = await c.get('/admin/feedback/no-handler');
      assertPage(list.body, new RegExp(`${n} yksikköä ilman käsittelijää`));
      assert.doesNotMatch(list.body, /Porvoon terveysasema 1/, 'a unit under a result area’s handler has one');
      await db().query(
        "insert into role_assignment (user_id, node_id, role) select u.id, n.id, 'handler' from staff_user u, org_node n where u.username = 'handler' and n.parent_id is null",
      );
      assertPage((await c.get('/admin/feedback/no-handler')).body, /Jokaisella yksiköllä on palautteen käsittelijä/);
      assert.doesNotMatch(await home('admin'), /Yksiköt ilman/);
      await db().query("delete from role_assignment where role = 'handler' and node_id = (select id from org_node where parent_id is null)");
    });

    it('shows nothing waiting for someone with no part in handling', async () => {
      const page = await home('analyst');
      assert.doesNotMatch(page, /Sinua odottaa/);
    });
  },
  { demo: 'organisation' },
);
