import assert from 'node:assert/strict';
import { before, it } from 'node:test';
import { describeEachDatabase } from '../../test/helpers/databases.ts';
import { importOrgTree } from '../organisation/import-org-tree.ts';
import { eraseExpiredParticipants } from './retention.ts';

const org = ['code,parent_code,kind,name_fi,name_sv,name_en,active', 'C,,county,Alue,Området,Area,true'].join('\n');

describeEachDatabase('erasing participants no longer needed', ({ db }) => {
  before(async () => importOrgTree(db(), { csv: org, source: 'test' }));

  it('erases unconfirmed joins after 30 days, declined applications after 90, and members 90 days after their term; keeps the rest', async () => {
    const now = new Date('2027-06-01T09:00:00Z');
    const pool = (email: string, consented: string, confirmed: boolean) =>
      db().query(
        `insert into pool_member (email, language, consent_text, consented_at, confirmed_at, confirm_hash, leave_token) values ($1, 'fi', 'x', $2, $3, $1 || 'c', $1 || 'l')`,
        [email, consented, confirmed ? consented : null],
      );
    await pool('old-pending@example.fi', '2027-04-01T00:00:00Z', false);
    await pool('new-pending@example.fi', '2027-05-20T00:00:00Z', false);
    await pool('old-member@example.fi', '2020-01-01T00:00:00Z', true);
    const [council] = await db().query<{ id: number }>("insert into council (node_id, name) select id, 'Raati' from org_node where code = 'C' returning id");
    const [call] = await db().query<{ id: number }>(
      `insert into council_call (council_id, title, opens_on, closes_on) values ($1, '{"fi": "Haku"}', '2024-01-01', '2024-02-01') returning id`,
      [council!.id],
    );
    const application = async (name: string, status: string, decided: string | null) =>
      (
        await db().query<{ id: number }>(
          `insert into council_application (call_id, name, email, language, motivation, consent_text, status, decided_at) values ($1, $2, $3, 'fi', 'm', 'x', $4, $5) returning id`,
          [call!.id, name, `${name}@example.fi`, status, decided],
        )
      )[0]!.id;
    await application('declined-long-ago', 'declined', '2027-01-01T00:00:00Z');
    await application('declined-recently', 'declined', '2027-05-01T00:00:00Z');
    const endedApp = await application('ended', 'accepted', '2024-02-10T00:00:00Z');
    const currentApp = await application('current', 'accepted', '2024-02-10T00:00:00Z');
    const member = async (name: string, app: number, end: string) =>
      (
        await db().query<{ id: number }>(
          `insert into council_member (council_id, application_id, name, term_start, term_end) values ($1, $2, $3, '2024-03-01', $4) returning id`,
          [council!.id, app, name, end],
        )
      )[0]!.id;
    const ended = await member('ended', endedApp, '2027-01-31');
    await member('current', currentApp, '2027-12-31');
    const [project] = await db().query<{ id: number }>("insert into dev_project (node_id, name) select id, 'P' from org_node where code = 'C' returning id");
    await db().query(`insert into dev_project_representative (project_id, source, council_member_id) values ($1, 'council', $2)`, [project!.id, ended]);

    assert.deepEqual(await eraseExpiredParticipants(db(), now), { pool: 1, applications: 2, members: 1 });
    assert.deepEqual(
      (await db().query<{ email: string }>('select email from pool_member order by email')).map((r) => r.email),
      ['new-pending@example.fi', 'old-member@example.fi'],
    );
    assert.deepEqual(
      (await db().query<{ name: string }>('select name from council_application order by name')).map((r) => r.name),
      ['current', 'declined-recently'],
    );
    assert.deepEqual(
      (await db().query<{ name: string }>('select name from council_member')).map((r) => r.name),
      ['current'],
    );
    const [rep] = await db().query<{ council_member_id: number | null }>('select council_member_id from dev_project_representative');
    assert.equal(rep!.council_member_id, null, 'the project keeps that a council member took part');
    assert.deepEqual(await eraseExpiredParticipants(db(), now), { pool: 0, applications: 0, members: 0 });
  });
});
