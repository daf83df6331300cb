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
    });

    it('shows the county’s administrator the spam queue too', async () => {
      const page = await home('admin');
      assertPage(page, /<span class="big">1<\/span> <span class="task-label">Roskapostiepäilyt tarkistettavana/);
    });

    it('shows nothing waiting for someone with no part in handling', async () => {
      const page = await home('analyst');
      assert.doesNotMatch(page, /Sinua odottaa/);
    });
  },
  { demo: 'organisation' },
);
