import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { simpleParser } from 'mailparser';
import { startSmtp } from '../../test/helpers/smtp.ts';
import { reportCounty } from '../../test/helpers/report-county.ts';
import { describeEachDatabase } from '../../test/helpers/databases.ts';
import { assertPage, Client, testApp, visibleText } from '../../test/helpers/http.ts';
import { createUser, grantRole } from '../access/users.ts';
import { deliverOutbox, smtpTransport } from '../messages/email-outbox.ts';
import { firstWorkingDay, runReportJobs, scheduleMonthlyReports } from './monthly-run.ts';

const system = { kind: 'system', name: 'test' } as const;

describe('the first working day of a month in Finland', () => {
  it('skips weekends and public holidays', () => {
    assert.equal(firstWorkingDay(2026, 11), '2026-11-02', '1 November 2026 is a Sunday');
    assert.equal(firstWorkingDay(2027, 1), '2027-01-04', 'New Year on Friday, then the weekend');
    assert.equal(firstWorkingDay(2026, 5), '2026-05-04', 'May Day on Friday');
    assert.equal(firstWorkingDay(2024, 4), '2024-04-02', 'Easter Monday on 1 April 2024');
    assert.equal(firstWorkingDay(2026, 10), '2026-10-01');
  });
});

describeEachDatabase('the monthly report run', ({ db }) => {
  let app: FastifyInstance;
  let smtp: Awaited<ReturnType<typeof startSmtp>>;
  const url = 'https://kaiku.example.fi';
  const send = () => deliverOutbox(db(), smtpTransport(smtp.url), 'Kaiku <kaiku@example.fi>');

  before(async () => {
    smtp = await startSmtp();
    await reportCounty(db(), { middle: 'result_area', promoters: 7, low: 2 });
    for (const [username, email, role, node, locale] of [
      ['alue', 'alue@example.fi', 'manager', 'A1', 'fi'],
      ['yksikko', 'yksikko@example.fi', 'manager', 'U1', 'sv'],
      ['admin1', 'admin1@example.fi', 'admin', 'C', 'fi'],
    ] as const) {
      await createUser(db(), system, { username, displayName: username, email, password: 'pitka-salasana-2026', locale });
      await grantRole(db(), system, { username, role, nodeCode: node });
    }
    app = (await testApp(db())).app;
    for (const [user, node] of [
      ['alue', 'A1'],
      ['yksikko', 'U1'],
    ] as const) {
      const c = new Client(app);
      await c.signIn(user, 'pitka-salasana-2026');
      await c.get(`/portal?node=${node}`);
      const res = await c.post('/portal/subscribe', { node, action: 'subscribe' });
      assert.equal(res.statusCode, 303);
    }
  });
  after(async () => {
    await app.close();
    await smtp.close();
  });

  it('waits for the first working day, then sends each subscriber one e-mail in their language, however often it runs', async () => {
    assert.equal(await scheduleMonthlyReports(db(), new Date('2026-11-01T12:00:00+02:00')), 0, 'Sunday 1 November: not yet');
    assert.equal(await scheduleMonthlyReports(db(), new Date('2026-11-02T06:00:00+02:00')), 2, 'one job per subscribed node');
    assert.equal(await scheduleMonthlyReports(db(), new Date('2026-11-02T06:01:00+02:00')), 0, 'the scheduler firing again adds nothing');
    assert.deepEqual(await runReportJobs(db(), url), { done: 2, failed: 0 });
    // as if the server restarted mid-run: a job taken again, and the scheduler once more
    await db().query("update report_job set status = 'running', due_at = now() - interval '1 minute' where id = 'monthly:2026-10:U1'");
    await scheduleMonthlyReports(db(), new Date('2026-11-03T06:00:00+02:00'));
    assert.deepEqual(await runReportJobs(db(), url), { done: 1, failed: 0 });
    await send();
    await send();
    const mails = await Promise.all(smtp.received.map(async (m) => ({ to: m.to[0], mail: await simpleParser(m.raw) })));
    const reports = mails.filter((m) => /2026-10/.test(m.mail.subject ?? ''));
    assert.deepEqual(reports.map((m) => m.to).sort(), ['alue@example.fi', 'yksikko@example.fi'], 'one e-mail per recipient, nothing twice');
    const unit = reports.find((m) => m.to === 'yksikko@example.fi')!.mail;
    assert.equal(unit.subject, 'Kundupplevelse 2026-10: Kervo hälsostation');
    assert.match(unit.text ?? '', /NPS: 40/, 'the headline figures are in the e-mail itself: 7 promoters, 3 detractors');
    assert.match(unit.text ?? '', /https:\/\/kaiku\.example\.fi\/reports\/monthly%3A2026-10%3AU1\/sv\.pdf/);
  });

  it('shows the PDF behind sign-in to the node’s readers only, and lets an administrator see the run and run a node again', async () => {
    const unitManager = new Client(app);
    await unitManager.signIn('yksikko', 'pitka-salasana-2026');
    const pdf = await unitManager.get('/reports/monthly%3A2026-10%3AU1/sv.pdf');
    assert.equal(pdf.statusCode, 200);
    assert.equal(pdf.rawPayload.subarray(0, 5).toString(), '%PDF-');
    assert.equal((await unitManager.get('/reports/monthly%3A2026-10%3AA1/fi.pdf')).statusCode, 403, 'the area above is not the unit manager’s');
    assert.equal((await new Client(app).get('/reports/monthly%3A2026-10%3AU1/sv.pdf')).statusCode, 303, 'sign in first');

    const admin = new Client(app);
    await admin.signIn('admin1', 'pitka-salasana-2026');
    const page = await admin.get('/admin/reports');
    assert.match(visibleText(page.body), /2026-10: 2\/2 valmiina, 0 epäonnistunut/);
    const rerun = await admin.post('/admin/reports/monthly%3A2026-10%3AU1/rerun', {});
    assert.equal(rerun.statusCode, 303);
    assert.deepEqual(await runReportJobs(db(), url), { done: 1, failed: 0 });
    await send();
    assert.equal(smtp.received.filter((m) => m.to[0] === 'yksikko@example.fi').length, 1, 'made again, not sent again');
  });

  it('adds the quarter and the year before when they have just ended', async () => {
    const added = await scheduleMonthlyReports(db(), new Date('2027-01-04T08:00:00+02:00'));
    assert.equal(added, 6, 'December, Q4 and 2026 for both subscribed nodes');
    const ids = (
      await db().query<{ id: string }>(
        "select id from report_job where node_id = (select id from org_node where code = 'U1') and created_at > now() - interval '1 minute' order by id",
      )
    ).map((r) => r.id);
    assert.ok(
      ['monthly:2026-12:U1', 'quarterly:2026-Q4:U1', 'yearly:2026:U1'].every((id) => ids.includes(id)),
      ids.join(),
    );
    await db().query("delete from report_job where period in ('2026-12', '2026-Q4', '2026')");
  });

  it('tries a failing report again, and tells the administrators after the third try', async () => {
    await db().query("insert into report_job (id, period, node_id) values ('monthly:2026-13:U1', '2026-13', (select id from org_node where code = 'U1'))");
    for (let i = 0; i < 3; i++) {
      await db().query("update report_job set due_at = now() where id = 'monthly:2026-13:U1'");
      await runReportJobs(db(), url);
    }
    const [job] = await db().query<{ status: string; attempts: number }>("select status, attempts from report_job where id = 'monthly:2026-13:U1'");
    assert.deepEqual(job, { status: 'failed', attempts: 3 });
    await send();
    assert.ok(smtp.received.some((m) => m.to[0] === 'admin1@example.fi' && /monthly:2026-13:U1/.test(m.raw)));
  });

  it('reaches a manager who never subscribed, until they opt out', async () => {
    await createUser(db(), system, { username: 'uusi', displayName: 'uusi', email: 'uusi@example.fi', password: 'pitka-salasana-2026', locale: 'fi' });
    await grantRole(db(), system, { username: 'uusi', role: 'manager', nodeCode: 'A1' });
    await scheduleMonthlyReports(db(), new Date('2027-02-01T08:00:00+02:00'));
    await runReportJobs(db(), url);
    await send();
    assert.ok(
      smtp.received.some((m) => m.to[0] === 'uusi@example.fi' && /2027-01/.test(m.raw)),
      'by default, without subscribing',
    );
    const c = new Client(app);
    await c.signIn('uusi', 'pitka-salasana-2026');
    const portal = await c.get('/portal?node=A1');
    assertPage(portal.body, /Lopeta/, 'the portal shows the report as coming');
    assert.equal((await c.post('/portal/subscribe', { node: 'A1', action: 'unsubscribe' })).statusCode, 303);
    await scheduleMonthlyReports(db(), new Date('2027-03-01T08:00:00+02:00'));
    await runReportJobs(db(), url);
    await send();
    assert.ok(
      smtp.received.some((m) => m.to[0] === 'alue@example.fi' && /2027-02/.test(m.raw)),
      'the others still get it',
    );
    assert.ok(!smtp.received.some((m) => m.to[0] === 'uusi@example.fi' && /2027-02/.test(m.raw)), 'not after opting out');
  });
});
