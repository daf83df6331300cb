import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { simpleParser } from 'mailparser';
import { describeEachDatabase } from '../../test/helpers/databases.ts';
import { Client, testApp, visibleText } from '../../test/helpers/http.ts';
import { startSmtp } from '../../test/helpers/smtp.ts';
import { reportCounty } from '../../test/helpers/report-county.ts';
import { createUser, grantRole } from '../access/users.ts';
import { deliverOutbox, smtpTransport } from '../messages/email-outbox.ts';
import { setClock } from '../shared/clock.ts';
import { runReportJobs, scheduleMonthlyReports } from './monthly-run.ts';

const system = { kind: 'system', name: 'test' } as const;
const password = 'pitka-salasana-2026';

describeEachDatabase('the county level’s named recipients (a board’s secretary)', ({ db }) => {
  let app: FastifyInstance;
  let smtp: Awaited<ReturnType<typeof startSmtp>>;
  let admin: Client;
  const url = 'https://kaiku.example.fi';

  before(async () => {
    smtp = await startSmtp();
    await reportCounty(db(), { middle: 'division', promoters: 6, low: 3 });
    for (const [username, node] of [
      ['countyadmin', 'C'],
      ['divisionadmin', 'D1'],
    ] as const) {
      await createUser(db(), system, { username, displayName: username, email: `${username}@example.fi`, password });
      await grantRole(db(), system, { username, role: 'admin', nodeCode: node });
    }
    app = (await testApp(db())).app;
    admin = new Client(app);
    await admin.signIn('countyadmin', password);
    await admin.get('/admin/reports');
  });
  after(async () => {
    await app.close();
    await smtp.close();
  });

  it('names every problem of the form at its field in the administrator’s language and keeps what was typed', async () => {
    const res = await admin.post('/admin/reports/recipients', { name: 'A', email: 'sihteeri(at)alue.fi', locale: 'fi' });
    assert.equal(res.statusCode, 400);
    const text = visibleText(res.body);
    assert.match(text, /Nimi tai tehtävä: kirjoita vähintään 2 merkkiä/);
    assert.match(text, /Sähköposti: tarkista osoite/);
    assert.match(res.body, /value="sihteeri\(at\)alue\.fi"/);
    assert.match(res.body, /id="r-email"[^>]*aria-invalid="true"/);
  });

  it('is the county administrators’ list: a division’s administrator may not add to it', async () => {
    const division = new Client(app);
    await division.signIn('divisionadmin', password);
    await division.get('/admin');
    assert.equal((await division.post('/admin/reports/recipients', { name: 'Sihteeri', email: 's@example.fi', locale: 'fi' })).statusCode, 403);
  });

  it('sends the county’s report to a named recipient by a link that opens it without signing in, until it runs out', async () => {
    const added = await admin.post('/admin/reports/recipients', { name: 'Aluehallituksen sihteeri', email: 'Sihteeri@Alue.fi', locale: 'sv' });
    assert.equal(added.statusCode, 303);
    assert.equal((await admin.post('/admin/reports/recipients', { name: 'Sama', email: 'sihteeri@alue.fi', locale: 'fi' })).statusCode, 400, 'once');
    // no manager anywhere: the county's job is there for the named recipient alone
    assert.equal(await scheduleMonthlyReports(db(), new Date('2026-11-02T06:00:00+02:00')), 1);
    setClock('2026-11-02T07:00:00+02:00');
    assert.deepEqual(await runReportJobs(db(), url), { done: 1, failed: 0 });
    await deliverOutbox(db(), smtpTransport(smtp.url), 'Kaiku <kaiku@example.fi>');
    const [mail] = await Promise.all(smtp.received.filter((m) => m.to[0] === 'sihteeri@alue.fi').map((m) => simpleParser(m.raw)));
    assert.equal(mail?.subject, 'Kundupplevelse 2026-10: Området');
    const link = /https:\/\/kaiku\.example\.fi(\/reports\/shared\/[A-Za-z0-9_-]{43}\.pdf)/.exec(mail!.text ?? '')?.[1];
    assert.ok(link, 'the e-mail carries the secret link');
    const [kept] = await db().query<{ body: string }>("select body from outbox_email where kind = 'monthly_report_shared'");
    assert.doesNotMatch(kept!.body, /reports\/shared/, 'the link is not kept in the outbox once sent');

    const pdf = await app.inject({ url: link });
    assert.equal(pdf.statusCode, 200);
    assert.equal(pdf.rawPayload.subarray(0, 5).toString(), '%PDF-');
    assert.equal((await app.inject({ url: `/reports/shared/${'A'.repeat(43)}.pdf` })).statusCode, 404);
    assert.equal(await runReportJobs(db(), url).then((r) => r.done), 0, 'nothing sent twice');

    setClock('2027-01-02T07:00:00+02:00');
    assert.equal((await app.inject({ url: link })).statusCode, 404, 'sixty days on the link has run out');
    setClock('2026-11-03T07:00:00+02:00');
    assert.equal((await app.inject({ url: link })).statusCode, 200);
    const page = await admin.get('/admin/reports');
    const id = /\/admin\/reports\/recipients\/(\d+)\/remove/.exec(page.body)?.[1];
    assert.equal((await admin.post(`/admin/reports/recipients/${id}/remove`, {})).statusCode, 303);
    assert.equal((await app.inject({ url: link })).statusCode, 404, 'taken off the list, the link goes with the address');
    const audit = await db().query<{ action: string }>("select action from audit_log where action like 'report_recipient%' order by id");
    assert.deepEqual(
      audit.map((a) => a.action),
      ['report_recipient_added', 'report_recipient_removed'],
    );
  });
});
