import assert from 'node:assert/strict';
import { before, it } from 'node:test';
import { describeEachDatabase } from '../../test/helpers/databases.ts';
import { createFeedback } from './create-feedback.ts';
import { eraseExpiredContacts, managersAbove, remindAndEscalate } from './deadline-jobs.ts';
import { markHandled } from './handle-feedback.ts';
import { clock } from '../shared/clock.ts';

const system = { kind: 'system', name: 'test' } as const;
const daysAgo = (d: number) => new Date(clock.millis() - d * 86_400_000);

describeEachDatabase(
  'the 7-day promise kept by reminders, escalation and erasing contact details',
  ({ db }) => {
    let unit = '';
    let unitId = 0;
    before(async () => {
      [{ code: unit, id: unitId }] = (await db().query<{ code: string; id: number }>(
        "select code, id from org_node where name_fi = 'Porvoon terveysasema 1'",
      )) as [{ code: string; id: number }];
      await db().query('delete from outbox_email');
    });

    const mails = (kind: string) =>
      db().query<{ to_address: string; subject: string; body: string }>('select to_address, subject, body from outbox_email where kind = $1 order by id', [
        kind,
      ]);
    const events = (id: number) =>
      db()
        .query<{ kind: string }>('select kind from feedback_event where feedback_id = $1 order by id', [id])
        .then((r) => r.map((e) => e.kind));

    it('tells the managers of the level above, or the county’s administrators for feedback to the county', async () => {
      assert.deepEqual(
        (await managersAbove(db(), unitId)).map((m) => m.username),
        ['manager'],
        'the manager of the division above the result area',
      );
      const [root] = await db().query<{ id: number }>("select id from org_node where code = 'DEMO'");
      assert.deepEqual(
        (await managersAbove(db(), root!.id)).map((m) => m.username),
        ['admin'],
      );
    });

    it('reminds the handlers two days before the deadline and tells the managers above once it has passed, each once', async () => {
      const fresh = await createFeedback(db(), null, { target: unit, text: 'Tuore palaute' }, { receivedAt: daysAgo(1) });
      const nearlyDue = await createFeedback(db(), null, { target: unit, text: 'Pian erääntyvä palaute' }, { receivedAt: daysAgo(6) });
      const late = await createFeedback(db(), null, { target: unit, text: 'Myöhässä oleva palaute' }, { receivedAt: daysAgo(8) });

      assert.deepEqual(await remindAndEscalate(db(), 'https://palaute.kaikula.fi'), { reminded: 1, escalated: 1 });
      assert.deepEqual(await remindAndEscalate(db(), 'https://palaute.kaikula.fi'), { reminded: 0, escalated: 0 }, 'never twice');

      const [reminder] = await mails('feedback_reminder');
      assert.equal(reminder!.to_address, 'handler@demo.kaiku.invalid');
      assert.match(reminder!.subject, new RegExp(`^Muistutus: palaute ${nearlyDue.reference} on käsiteltävä`));
      assert.match(reminder!.body, new RegExp(`https://palaute\\.kaikula\\.fi/admin/feedback/${nearlyDue.id}`));
      const [escalation] = await mails('feedback_escalation');
      assert.equal(escalation!.to_address, 'manager@demo.kaiku.invalid');
      assert.equal(escalation!.subject, `Myöhässä: palaute ${late.reference} (Porvoon terveysasema 1)`);
      assert.match(escalation!.body, /Käsittelijät: Palautteenkäsittelijä, Porvoo \(demo\)/);
      assert.doesNotMatch(escalation!.body, /Myöhässä oleva palaute/, 'not the customer’s words');
      assert.deepEqual(await events(fresh.id), ['received']);
      assert.deepEqual(await events(nearlyDue.id), ['received', 'reminded']);
      assert.deepEqual(await events(late.id), ['received', 'escalated']);
    });

    it('leaves handled feedback alone', async () => {
      const f = await createFeedback(db(), null, { target: unit, text: 'Ajoissa käsitelty' }, { receivedAt: daysAgo(6) });
      await markHandled(db(), system, f.id, { effects: ['noted'], description: 'Kiitos palautteesta.' });
      assert.deepEqual(await remindAndEscalate(db(), ''), { reminded: 0, escalated: 0 });
    });

    it('erases contact details 90 days after handling and keeps the text, and the same for old sent e-mail', async () => {
      const make = async (text: string, handledDaysAgo: number) => {
        const f = await createFeedback(db(), null, {
          target: unit,
          text,
          contact: { name: 'Aino', email: 'aino@example.fi', phone: '0401234567' },
          wantsReply: true,
        });
        await markHandled(db(), system, f.id, { effects: ['noted'], description: 'Vastattu.' });
        await db().query('update feedback set handled_at = $3::timestamptz - make_interval(days => $2) where id = $1', [f.id, handledDaysAgo, clock.now()]);
        return f.id;
      };
      const old = await make('Vanha käsitelty palaute', 91);
      const recent = await make('Tuore käsitelty palaute', 89);
      const open = (await createFeedback(db(), null, { target: unit, text: 'Avoin palaute', contact: { email: 'b@example.fi' } }, { receivedAt: daysAgo(120) }))
        .id;
      await db().query("update outbox_email set sent_at = $1::timestamptz - interval '100 days'", [clock.now()]);
      const result = await eraseExpiredContacts(db());
      assert.equal(result.feedback, 1);
      assert.ok(result.messages > 0);
      const rows = await db().query<{
        id: number;
        text: string;
        contact_name: string | null;
        contact_email: string | null;
        contact_phone: string | null;
        erased: boolean;
      }>('select id, text, contact_name, contact_email, contact_phone, contact_erased_at is not null as erased from feedback where id = any($1) order by id', [
        [old, recent, open],
      ]);
      assert.deepEqual(rows[0], { id: old, text: 'Vanha käsitelty palaute', contact_name: null, contact_email: null, contact_phone: null, erased: true });
      assert.equal(rows[1]!.contact_email, 'aino@example.fi', 'not yet');
      assert.equal(rows[2]!.contact_email, 'b@example.fi', 'open feedback keeps its way back to the customer');
      assert.deepEqual((await events(old)).at(-1), 'contact_erased');
      assert.equal((await db().query<{ n: number }>("select count(*)::int as n from outbox_email where to_address like '%aino%'"))[0]!.n, 0);
      assert.deepEqual(await eraseExpiredContacts(db()), { feedback: 0, messages: 0 });
      // KAIKU_RETAIN_CONTACT_DAYS=30 shortens the wait: the 89-day-old one goes too
      assert.equal((await eraseExpiredContacts(db(), 30)).feedback, 1);
      assert.equal((await db().query<{ email: string | null }>('select contact_email as email from feedback where id = $1', [recent]))[0]!.email, null);
    });
  },
  { demo: 'organisation' },
);
