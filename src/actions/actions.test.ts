import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { describeEachDatabase } from '../../test/helpers/databases.ts';
import { Client, testApp, visibleText } from '../../test/helpers/http.ts';
import { createApiKey } from '../access/api-keys.ts';
import { principalForUser } from '../access/sessions.ts';
import { createFeedback } from '../feedback/create-feedback.ts';
import { setClock } from '../shared/clock.ts';
import { AppError } from '../shared/errors.ts';
import { openAction, recordFollowUp, recordProgress } from './actions.ts';
import { remindActionOwners } from './reminders.ts';

const system = { kind: 'system', name: 'test' } as const;

describeEachDatabase(
  'development actions: from feedback to a change that held',
  ({ db }) => {
    let app: FastifyInstance;
    let manager: Client;
    let unit = '';
    let feedbackId = 0;
    let handlerId = 0;
    const mails = (kind: string) =>
      db().query<{ to_address: string; subject: string; body: string }>('select to_address, subject, body from outbox_email where kind = $1 order by id', [
        kind,
      ]);

    before(async () => {
      app = (await testApp(db())).app;
      [{ code: unit }] = (await db().query<{ code: string }>(
        "select code from org_node where parent_id = (select id from org_node where code = 'TER-VAS') and kind = 'unit' order by code limit 1",
      )) as [{ code: string }];
      feedbackId = (
        await createFeedback(db(), null, {
          target: unit,
          text: 'Takaisinsoittoa ei tullut, soitin kolme kertaa. Matti Virtanen',
          contact: { email: 'asiakas@example.fi' },
        })
      ).id;
      handlerId = (await db().query<{ id: number }>("select id from staff_user where username = 'handler'"))[0]!.id;
      manager = new Client(app);
      await manager.signIn('manager', 'demo');
    });
    after(async () => app.close());

    it('names every problem at its field and keeps what was typed', async () => {
      const res = await manager.post('/admin/actions', {
        node: unit,
        title: 'Takaisinsoitot',
        finding: '',
        plan: 'x',
        owner: String(handlerId),
        dueOn: '2026-12-20',
        followUpOn: '2026-12-01',
      });
      assert.equal(res.statusCode, 400);
      const text = visibleText(res.body);
      assert.match(text, /Mitä havaittiin \(juurisyy\): täytä tämä kohta/);
      assert.match(text, /Mitä tehdään: täytä tämä kohta/);
      assert.match(text, /Seurantapäivä: seuranta voi olla aikaisintaan/);
      assert.match(res.body, /value="Takaisinsoitot"/, 'the title typed is kept');
      assert.match(res.body, /id="f-finding"[^>]*aria-invalid="true"/);
    });

    it('opens an action from a feedback and tells its owner', async () => {
      const form = await manager.get(`/admin/actions/new?feedback=${feedbackId}`);
      assert.equal(form.statusCode, 200);
      assert.match(form.body, new RegExp(`name="feedback" value="${feedbackId}"`));
      const res = await manager.post('/admin/actions', {
        node: unit,
        title: 'Takaisinsoitot puhelinjonosta',
        finding: 'Takaisinsoittopyynnöt jäivät iltapäivisin käsittelemättä, koska vuorossa oli yksi hoitaja.',
        plan: 'Iltapäivään toinen hoitaja takaisinsoittoihin ja jonon seuranta päivittäin.',
        owner: String(handlerId),
        dueOn: '2026-12-10',
        followUpOn: '2027-02-01',
        publicSummary: 'Takaisinsoittoihin on nyt iltapäivisin kaksi hoitajaa. Kysy lisää Matti Virtaselta.',
        feedback: String(feedbackId),
      });
      assert.equal(res.statusCode, 303, visibleText(res.body));
      const id = Number(/\/admin\/actions\/(\d+)/.exec(res.headers.location as string)?.[1]);
      const page = await manager.get(`/admin/actions/${id}`);
      assert.match(visibleText(page.body), /Takaisinsoitot puhelinjonosta/);
      assert.doesNotMatch(page.body, /soitin kolme kertaa/, 'the feedback is linked by reference, never copied');
      const [owner] = await mails('action_owner');
      assert.equal(owner?.to_address, 'handler@demo.kaiku.invalid');
      assert.match(owner!.body, new RegExp(`/admin/actions/${id}`));
      // the feedback's page shows the action
      const fb = await manager.get(`/admin/feedback/${feedbackId}`);
      assert.match(fb.body, new RegExp(`href="/admin/actions/${id}"`));
    });

    it('reminds the owner once before the date and once at the follow-up, and records that the matter was resolved', async () => {
      const [{ id }] = (await db().query<{ id: number }>("select id from improvement_action where title = 'Takaisinsoitot puhelinjonosta'")) as [
        { id: number },
      ];
      setClock('2026-12-05T09:00:00+02:00');
      assert.deepEqual(await remindActionOwners(db(), ''), { due: 0, followUp: 0 }, 'five days before: not yet');
      setClock('2026-12-07T09:00:00+02:00');
      assert.deepEqual(await remindActionOwners(db(), ''), { due: 1, followUp: 0 });
      assert.deepEqual(await remindActionOwners(db(), ''), { due: 0, followUp: 0 }, 'once');
      assert.match((await mails('action_due'))[0]!.subject, /määräpäivä lähestyy/);
      const handler = await principalForUser(db(), handlerId);
      await recordProgress(db(), handler, id, { status: 'in_progress' });
      await recordProgress(db(), handler, id, { status: 'done', note: 'Toinen hoitaja aloitti.' });
      await assert.rejects(recordFollowUp(db(), handler, id, {}), (e: unknown) => e instanceof AppError && e.code === 'invalid');
      setClock('2027-02-01T08:00:00+02:00');
      assert.deepEqual(await remindActionOwners(db(), ''), { due: 0, followUp: 1 });
      assert.match((await mails('action_follow_up'))[0]!.subject, /Onko asia korjaantunut/);
      await recordFollowUp(db(), handler, id, { outcome: 'resolved', note: 'Ei uusia valituksia takaisinsoitoista.' });
      const [row] = await db().query<{ status: string; outcome: string }>('select status, outcome from improvement_action where id = $1', [id]);
      assert.deepEqual({ ...row }, { status: 'done', outcome: 'resolved' });
      const events = await db().query<{ kind: string }>('select kind from improvement_action_event where action_id = $1 order by at, id', [id]);
      assert.deepEqual(
        events.map((e) => e.kind),
        ['opened', 'reminded_due', 'status', 'status', 'reminded_follow_up', 'followed_up'],
      );
    });

    it('is opened only by managers and administrators of the node, and read only within the tree', async () => {
      const handler = await principalForUser(db(), handlerId);
      await assert.rejects(
        openAction(db(), handler, { node: unit, title: 'x', finding: 'xyz', plan: 'xyz', owner: handlerId, dueOn: '2027-03-01', followUpOn: '2027-04-01' }),
        (e: unknown) => e instanceof AppError && e.code === 'forbidden',
      );
      const professional = new Client(app);
      await professional.signIn('professional', 'demo');
      assert.equal((await professional.get('/admin/actions')).statusCode, 403);
    });

    it('lists actions in the API with results:read and tells residents what changed, names masked', async () => {
      const key = (await createApiKey(db(), system, { name: 'Raportointi', scopes: ['results:read'] })).key;
      const res = await app.inject({ url: '/api/v1/actions?node=TER-VAS', headers: { authorization: `Bearer ${key}` } });
      assert.equal(res.statusCode, 200);
      const body = res.json() as { actions: { title: string; status: string; outcome: string }[] };
      assert.deepEqual(
        body.actions.map((a) => [a.title, a.status, a.outcome]),
        [['Takaisinsoitot puhelinjonosta', 'done', 'resolved']],
      );
      for (const path of ['/mita-palautteesta-seurasi?node=TER-VAS', '/vad-responsen-ledde-till?node=TER-VAS', '/what-feedback-changed?node=TER-VAS']) {
        const page = await app.inject({ url: path });
        assert.equal(page.statusCode, 200, path);
        const text = visibleText(page.body);
        assert.match(text, /Takaisinsoittoihin on nyt iltapäivisin kaksi hoitajaa/);
        assert.doesNotMatch(text, /Matti Virtase/, 'a name written by staff is masked');
        assert.doesNotMatch(text, /soitin kolme kertaa/, 'no feedback text');
      }
      assert.equal((await app.inject({ url: '/mita-palautteesta-seurasi?node=NO-SUCH' })).statusCode, 404);
    });
  },
  { demo: 'organisation' },
);
