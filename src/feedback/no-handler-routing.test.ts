import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import { simpleParser } from 'mailparser';
import { startSmtp } from '../../test/helpers/smtp.ts';
import { deliverOutbox, smtpTransport } from '../messages/email-outbox.ts';
import { describeEachDatabase } from '../../test/helpers/databases.ts';
import { createUser, grantRole } from '../access/users.ts';
import { ancestorsCte } from '../organisation/tree-queries.ts';
import { createFeedback } from './create-feedback.ts';

const system = { kind: 'system', name: 'test' } as const;

describeEachDatabase(
  'feedback to a unit without a handler reaches someone at once',
  ({ db }) => {
    let unit = { id: 0, code: '' };
    let smtp: Awaited<ReturnType<typeof startSmtp>>;
    after(async () => smtp?.close());
    before(async () => {
      smtp = await startSmtp();
      // a unit with no handler on it or anywhere above it
      [unit] = (await db().query<{ id: number; code: string }>(
        `with recursive covered as (select node_id as id from role_assignment where role = 'handler'
           union select c.id from org_node c join covered on c.parent_id = covered.id)
         select id, code from org_node where kind = 'unit' and active and id not in (select id from covered) order by code limit 1`,
      )) as [{ id: number; code: string }];
      assert.ok(unit, 'the demo county has such a unit');
    });

    const mailedFor = async (text: string) => {
      const { reference } = await createFeedback(db(), null, { target: unit.code, text }, { publicUrl: 'https://palaute.example.fi' });
      return db().query<{ to_address: string; body: string }>(
        "select to_address, body from outbox_email where kind = 'feedback_new' and subject like $1 order by to_address",
        [`%${reference}%`],
      );
    };

    it('goes to the nearest manager at or above the unit, saying no handler is named', async () => {
      await createUser(db(), system, { username: 'lahiesihenkilo', displayName: 'Lähiesihenkilö', email: 'lahi@example.fi', password: 'long enough pw' });
      await grantRole(db(), system, { username: 'lahiesihenkilo', role: 'manager', nodeCode: unit.code });
      const mails = await mailedFor('Kukaan ei vastannut puhelimeen.');
      assert.deepEqual(
        mails.map((m) => m.to_address),
        ['lahi@example.fi'],
      );
      assert.match(mails[0]!.body, /ei ole nimettyä palautteen käsittelijää, joten palaute tuli sinulle/);
      assert.doesNotMatch(mails[0]!.body, /Kukaan ei vastannut/, 'never the text');
      // the mail loop's next turn takes it through a real SMTP server
      await deliverOutbox(db(), smtpTransport(smtp.url), 'Kaiku <kaiku@example.fi>');
      const [received] = await Promise.all(smtp.received.filter((m) => m.to.includes('lahi@example.fi')).map((m) => simpleParser(m.raw)));
      assert.match(received?.text ?? '', /ei ole nimettyä palautteen käsittelijää/);
    });

    it('goes to the county’s administrators when no manager is above it either', async () => {
      await db().query(`${ancestorsCte} delete from role_assignment where role = 'manager' and node_id in (select id from up)`, [unit.id]);
      const admins = await db().query<{ email: string }>(
        `${ancestorsCte}, assigned as (select u.email, up.depth from up join role_assignment r on r.node_id = up.id and r.role = 'admin' join staff_user u on u.id = r.user_id and u.active)
         select email from assigned where depth = (select min(depth) from assigned) and email is not null order by email`,
        [unit.id],
      );
      assert.ok(admins.length > 0);
      const mails = await mailedFor('Jonotin tunnin.');
      assert.deepEqual(
        mails.map((m) => m.to_address),
        admins.map((a) => a.email),
      );
    });

    it('goes to the handler alone once one is named, without the note', async () => {
      await grantRole(db(), system, { username: 'handler', role: 'handler', nodeCode: unit.code });
      const mails = await mailedFor('Hyvää palvelua.');
      assert.deepEqual(
        mails.map((m) => m.to_address),
        ['handler@demo.kaiku.invalid'],
      );
      assert.doesNotMatch(mails[0]!.body, /ei ole nimettyä/);
    });
  },
  { demo: 'organisation' },
);
