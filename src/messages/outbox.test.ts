import assert from 'node:assert/strict';
import net from 'node:net';
import { after, before, it } from 'node:test';
import { simpleParser } from 'mailparser';
import { describeEachDatabase } from '../../test/helpers/databases.ts';
import { startSmtp } from '../../test/helpers/smtp.ts';
import { createFeedback } from '../feedback/create-feedback.ts';
import { importOrgTree } from '../organisation/import-org-tree.ts';
import { deliverOutbox, smtpTransport } from './email-outbox.ts';

/** A port on which nothing listens: connections are refused at once. */
async function closedPort(): Promise<number> {
  const s = net.createServer();
  await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', resolve));
  const port = (s.address() as net.AddressInfo).port;
  await new Promise<void>((resolve) => s.close(() => resolve()));
  return port;
}

describeEachDatabase('e-mail through the outbox', ({ db }) => {
  let smtp: Awaited<ReturnType<typeof startSmtp>>;
  before(async () => {
    await importOrgTree(db(), {
      csv: 'code,parent_code,kind,name_fi,name_sv,name_en,active\nC,,county,Alue,,,true\nU1,C,unit,Keravan neuvola,Kervo rådgivning,,true\n',
      source: 't',
    });
    smtp = await startSmtp();
  });
  after(async () => smtp.close());

  it('sends the customer a receipt with the reference and the promise, but not what they wrote', async () => {
    const f = await createFeedback(db(), null, {
      target: 'U1',
      text: 'Salainen kertomus terveydestäni',
      language: 'sv',
      contact: { email: 'aino@example.fi' },
      wantsReply: true,
    });
    const r = await deliverOutbox(db(), smtpTransport(`smtp://127.0.0.1:${smtp.port}`), 'Kaiku <kaiku@example.fi>');
    assert.deepEqual(r, { sent: 1, failed: 0, kept: 0 });
    assert.equal(smtp.received.length, 1);
    const mail = smtp.received[0]!;
    assert.deepEqual(mail.to, ['aino@example.fi']);
    const parsed = await simpleParser(mail.raw);
    assert.equal(parsed.subject, `Tack för din respons – referensnummer ${f.reference}`);
    assert.match(parsed.text ?? '', /Kervo rådgivning/);
    assert.match(parsed.text ?? '', /Du har bett om svar/);
    assert.match(parsed.text ?? '', new RegExp(`Referensnummer: ${f.reference}`));
    assert.doesNotMatch(mail.raw + (parsed.text ?? ''), /Salainen|kertomus/, 'the feedback text never travels by e-mail');
    assert.deepEqual((await deliverOutbox(db(), smtpTransport(`smtp://127.0.0.1:${smtp.port}`), 'k@x.fi')).sent, 0, 'sent once');
  });

  it('keeps a message when the SMTP server refuses, and sends it once when it is back', async () => {
    await createFeedback(db(), null, { target: 'U1', text: 'Toinen palaute', contact: { email: 'pekka@example.fi' } });
    const down = await deliverOutbox(db(), smtpTransport(`smtp://127.0.0.1:${await closedPort()}`), 'k@x.fi');
    assert.deepEqual(down, { sent: 0, failed: 1, kept: 0 });
    const [row] = await db().query<{ attempts: number; last_error: string; waiting: boolean }>(
      "select attempts, last_error, send_after > now() as waiting from outbox_email where to_address = 'pekka@example.fi'",
    );
    assert.equal(row!.attempts, 1);
    assert.match(row!.last_error, /ECONNREFUSED|connect/i);
    assert.equal(row!.waiting, true, 'tried again later, not at once');
    await db().query("update outbox_email set send_after = now() where to_address = 'pekka@example.fi'");
    const before = smtp.received.length;
    assert.equal((await deliverOutbox(db(), smtpTransport(`smtp://127.0.0.1:${smtp.port}`), 'k@x.fi')).sent, 1);
    assert.equal((await deliverOutbox(db(), smtpTransport(`smtp://127.0.0.1:${smtp.port}`), 'k@x.fi')).sent, 0);
    assert.equal(smtp.received.length, before + 1);
  });

  it('keeps mail for the development outbox without SMTP, and sends none for suspected spam or without an address', async () => {
    await createFeedback(db(), null, { target: 'U1', text: 'Kehitystila', contact: { email: 'dev@example.fi' } });
    await createFeedback(db(), null, { target: 'U1', text: 'Robotti', contact: { email: 'bot@example.fi' }, honeypot: 'x' });
    await createFeedback(db(), null, { target: 'U1', text: 'Ei osoitetta' });
    assert.deepEqual(await deliverOutbox(db(), undefined, 'k@x.fi'), { sent: 0, failed: 0, kept: 1 });
    const rows = await db().query<{ to_address: string }>("select to_address from outbox_email where to_address in ('dev@example.fi', 'bot@example.fi')");
    assert.deepEqual(
      rows.map((r) => r.to_address),
      ['dev@example.fi'],
    );
  });
});
