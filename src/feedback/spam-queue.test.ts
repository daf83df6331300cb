import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { describeEachDatabase } from '../../test/helpers/databases.ts';
import { assertPage, Client, testApp } from '../../test/helpers/http.ts';
import { createFeedback } from './create-feedback.ts';

describeEachDatabase(
  'the suspected-spam queue',
  ({ db }) => {
    let app: FastifyInstance;
    before(async () => {
      app = (await testApp(db())).app;
    });
    after(async () => app.close());

    it('shows administrators what was held back and why, and logs that they read it', async () => {
      const genuine = await createFeedback(db(), null, {
        target: 'IKA',
        text: 'Katsokaa www.a.fi www.b.fi www.c.fi www.d.fi, siellä ohjeet',
        contact: { email: 'oikea@example.fi' },
      });
      const bot = await createFeedback(db(), null, { target: 'IKA', text: 'Halpoja lääkkeitä', honeypot: 'x' });
      assert.deepEqual([genuine.status, bot.status], ['suspected_spam', 'suspected_spam']);
      assert.equal((await db().query("select 1 from outbox_email where to_address = 'oikea@example.fi'")).length, 0, 'no receipt while held');

      const c = new Client(app);
      await c.signIn('admin', 'demo');
      const page = await c.get('/admin/feedback/spam');
      assert.equal(page.statusCode, 200);
      assertPage(page.body, new RegExp(`${genuine.reference}[\\s\\S]*many_links`));
      assertPage(page.body, new RegExp(`${bot.reference}[\\s\\S]*honeypot`));
      const [read] = await db().query<{ actor: string; details: { ids: number[] } }>(
        "select actor, details from audit_log where action = 'feedback_read' order by id desc limit 1",
      );
      assert.equal(read!.actor, 'admin');
      assert.ok(read!.details.ids.includes(genuine.id));

      const released = await c.post(`/admin/feedback/${genuine.id}/spam`, { genuine: 'true' });
      assert.equal(released.statusCode, 303);
      await c.post(`/admin/feedback/${bot.id}/spam`, { genuine: 'false' });
      const rows = await db().query<{ id: number; status: string }>('select id, status from feedback where id = any($1) order by id', [[genuine.id, bot.id]]);
      assert.deepEqual(
        rows.map((r) => r.status),
        ['new', 'spam'],
      );
      const [mail] = await db().query<{ subject: string }>("select subject from outbox_email where to_address = 'oikea@example.fi'");
      assert.match(mail!.subject, new RegExp(genuine.reference), 'the receipt goes out once released');
      const events = await db().query<{ kind: string }>('select kind from feedback_event where feedback_id = $1 order by id', [genuine.id]);
      assert.deepEqual(
        events.map((e) => e.kind),
        ['received', 'released_from_spam'],
      );
      const after = await c.get('/admin/feedback/spam');
      assert.doesNotMatch(after.body, new RegExp(genuine.reference));
    });

    it('is for administrators only', async () => {
      const c = new Client(app);
      await c.signIn('manager', 'demo');
      assert.equal((await c.get('/admin/feedback/spam')).statusCode, 403);
      const [any] = await db().query<{ id: number }>('select id from feedback limit 1');
      assert.equal((await c.post(`/admin/feedback/${any!.id}/spam`, { genuine: 'true' })).statusCode, 403);
    });
  },
  { demo: 'organisation' },
);
