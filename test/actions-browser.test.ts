import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { simpleParser } from 'mailparser';
import { remindActionOwners } from '../src/actions/reminders.ts';
import { deliverOutbox, smtpTransport } from '../src/messages/email-outbox.ts';
import { setClock } from '../src/shared/clock.ts';
import { assertAccessible, browserSuite, signedInPage } from './helpers/browser.ts';
import { startSmtp } from './helpers/smtp.ts';

/**
 * Seed 001's steps 5–12 as a manager and a handler go through them: an action opened from a
 * feedback, its owner told and reminded through a real SMTP server, done, followed up as resolved,
 * and the change told to residents on the public page in three languages.
 */
describe('a development action from a feedback to "resolved", in Chromium', () => {
  let smtp: Awaited<ReturnType<typeof startSmtp>>;
  const w = browserSuite(async () => {}, { demo: 'feedback' });
  before(async () => {
    smtp = await startSmtp();
  });
  after(async () => smtp?.close());

  /** What the mail loop does every few seconds in the server, through the real SMTP server. */
  const mailTo = async (address: string) => {
    await deliverOutbox(w.db, smtpTransport(smtp.url), w.config.mailFrom);
    const mails = await Promise.all(smtp.received.filter((m) => m.to.includes(address)).map((m) => simpleParser(m.raw)));
    return mails.map((m) => ({ subject: m.subject ?? '', text: m.text ?? '' }));
  };

  it('opens, reminds, finishes and follows up an action, and tells residents', async () => {
    const [fb] = await w.db.query<{ id: number; reference: string; code: string }>(
      `select f.id, f.reference, n.code from feedback f join org_node n on n.id = f.target_node_id
       where n.parent_id = (select id from org_node where code = 'TER-VAS') and f.status in ('new', 'in_progress', 'handled') order by f.id limit 1`,
    );
    assert.ok(fb, 'the demo county has feedback in the Porvoo area');

    const manager = await signedInPage(w, 'manager', { viewport: { width: 1280, height: 900 }, locale: 'fi-FI' });
    await manager.goto(`${w.base}/admin/feedback/${fb.id}`);
    await manager.getByRole('link', { name: 'Avaa kehittämistoimi tästä palautteesta' }).click();
    await manager.getByLabel('Lyhyt nimi').fill('Ajanvarauksen takaisinsoitot');
    await manager.getByLabel('Mitä havaittiin (juurisyy)').fill('Iltapäivän takaisinsoittopyynnöt jäivät seuraavaan päivään, koska vuorossa oli yksi hoitaja.');
    await manager.getByRole('button', { name: 'Avaa toimi' }).click();
    // what is missing is said at its field, and what was typed stays
    await manager.getByText('Mitä tehdään: täytä tämä kohta.').first().waitFor();
    assert.equal(await manager.getByLabel('Lyhyt nimi').inputValue(), 'Ajanvarauksen takaisinsoitot');
    await manager.getByLabel('Mitä tehdään').fill('Toinen hoitaja takaisinsoittoihin klo 12–16 ja jonon seuranta päivittäin.');
    await manager.getByLabel('Vastuuhenkilö').selectOption({ label: 'Palautteenkäsittelijä, Porvoo (demo)' });
    await manager.getByLabel('Valmis viimeistään').fill('2026-12-15');
    await manager.getByLabel('Seurantapäivä').fill('2027-02-15');
    await manager
      .getByLabel('Asukkaille kerrottava muutos (vapaaehtoinen)')
      .fill('Takaisinsoittoihin on nyt iltapäivisin kaksi hoitajaa, joten soitto tulee saman päivän aikana.');
    await assertAccessible(manager, 'action-form');
    await manager.getByRole('button', { name: 'Avaa toimi' }).click();
    await manager.getByText('Kehittämistoimi avattu.').waitFor();
    await assertAccessible(manager, 'action-page');
    const actionUrl = new URL(manager.url()).pathname;
    assert.match(await manager.locator('main').innerText(), new RegExp(fb.reference));

    const owner = 'handler@demo.kaiku.invalid';
    const told = await mailTo(owner);
    assert.ok(told.some((m) => /Sinut nimettiin vastuuhenkilöksi: Ajanvarauksen takaisinsoitot/.test(m.subject) && m.text.includes(actionUrl)));

    // three days before its date the owner is reminded, once
    setClock('2026-12-12T08:00:00+02:00');
    await remindActionOwners(w.db, w.base);
    await remindActionOwners(w.db, w.base);
    assert.equal((await mailTo(owner)).filter((m) => /määräpäivä lähestyy: Ajanvarauksen takaisinsoitot/.test(m.subject)).length, 1);

    // the owner records the work done from her own page
    const handler = await signedInPage(w, 'handler', { viewport: { width: 1280, height: 900 }, locale: 'fi-FI' });
    await handler.goto(`${w.base}/admin`);
    await handler.getByRole('link', { name: /Vastuullasi olevat kehittämistoimet/ }).click();
    await handler.getByRole('link', { name: 'Ajanvarauksen takaisinsoitot' }).click();
    await handler.getByRole('radio', { name: 'Tehty' }).check();
    await handler.getByLabel('Huomio (vapaaehtoinen)').fill('Toinen hoitaja aloitti 1.12.');
    await handler.getByRole('button', { name: 'Tallenna tila' }).click();
    await handler.getByText('Tila tallennettu.').waitFor();

    // on the follow-up day she is asked whether it held, and records that it did
    setClock('2027-02-15T08:00:00+02:00');
    await remindActionOwners(w.db, w.base);
    assert.equal((await mailTo(owner)).filter((m) => /Onko asia korjaantunut\? Seuranta: Ajanvarauksen takaisinsoitot/.test(m.subject)).length, 1);
    // two months on, her session has long ended: she signs in again from the e-mail's link
    await handler.close();
    const again = await signedInPage(w, 'handler', { viewport: { width: 1280, height: 900 }, locale: 'fi-FI' });
    await again.goto(`${w.base}${actionUrl}`);
    await again.getByRole('radio', { name: 'Asia korjaantui' }).check();
    await again.getByRole('button', { name: 'Kirjaa seuranta' }).click();
    await again.getByText('Seuranta kirjattu.').waitFor();
    const history = await again.locator('main').innerText();
    for (const step of [
      'Toimi avattiin',
      'Vastuuhenkilöä muistutettiin määräpäivästä',
      'Tila: Tehty',
      'Vastuuhenkilöä muistutettiin seurannasta',
      'Seuranta: Asia korjaantui',
    ])
      assert.ok(history.includes(step), step);

    // residents read what changed, in each language, without the feedback or anyone's name
    const resident = await w.browser.newPage({ viewport: { width: 360, height: 800 } });
    for (const path of ['/mita-palautteesta-seurasi', '/vad-responsen-ledde-till', '/what-feedback-changed']) {
      await resident.goto(`${w.base}${path}?node=${fb.code}`);
      assert.match(await resident.locator('main').innerText(), /Takaisinsoittoihin on nyt iltapäivisin kaksi hoitajaa/);
      await assertAccessible(resident, `what-changed${path.replaceAll('/', '-')}`);
    }
    await Promise.all([manager.close(), again.close(), resident.close()]);
  });
});
