import assert from 'node:assert/strict';
import http from 'node:http';
import type net from 'node:net';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { simpleParser } from 'mailparser';
import type { Browser } from 'playwright-core';
import type { Config } from '../src/shared/config.ts';
import type { Db } from '../src/shared/db.ts';
import { deliverOutbox, smtpTransport } from '../src/messages/email-outbox.ts';
import { assertAccessible, launchBrowser, signInAt } from './helpers/browser.ts';
import { testTargets } from './helpers/databases.ts';
import { useDemoClock } from './helpers/demo.ts';
import { serveForBrowser } from './helpers/http.ts';
import { startSmtp } from './helpers/smtp.ts';

useDemoClock();

describe('from a customer’s feedback to the handler’s answer in their e-mail, in Chromium', () => {
  let db: Db;
  let app: FastifyInstance;
  let config: Config;
  let browser: Browser;
  let base = '';
  let smtp: Awaited<ReturnType<typeof startSmtp>>;

  before(async () => {
    db = await testTargets()[0]!.openDemo('county');
    smtp = await startSmtp();
    ({ app, base, config } = await serveForBrowser(db, { KAIKU_SMTP_URL: 'smtp://placeholder:25' }));
    browser = await launchBrowser();
  });

  after(async () => {
    await browser?.close();
    await app?.close();
    await smtp?.close();
    await db?.close();
  });

  /** What the mail loop does every few seconds in the server, through the real SMTP server. */
  const sendMail = async () => {
    await deliverOutbox(db, smtpTransport(smtp.url), config.mailFrom);
    return Promise.all(smtp.received.map(async (m) => ({ to: m.to, mail: await simpleParser(m.raw) })));
  };

  it('the customer asks for an answer; the handler reads, answers, records the effect and closes; the answer arrives', async () => {
    const customer = await browser.newContext({ locale: 'fi-FI' });
    const form = await customer.newPage();
    await form.goto(`${base}/palaute`);
    await form.getByRole('radio', { name: 'Terveydenhuolto' }).check();
    await form.getByRole('combobox', { name: 'Yksikkö tai palvelu (vapaaehtoinen)' }).fill('porvoon terveysasema 1');
    await form
      .getByRole('option', { name: /Porvoon terveysasema 1/ })
      .first()
      .click();
    await form.getByLabel('Palautteesi').fill('Soitin kolmesti, mutta takaisinsoittoa ei tullut.');
    await form.getByLabel('Sähköposti').fill('aino.asiakas@example.fi');
    await form.getByLabel('Haluan vastauksen palautteeseeni').check();
    await form.getByRole('button', { name: 'Lähetä palaute' }).click();
    await form.getByRole('heading', { name: 'Kiitos palautteestasi!' }).waitFor();
    const reference = await form.locator('.reference').innerText();

    let mails = await sendMail();
    const notice = mails.find((m) => m.to.includes('handler@demo.kaiku.invalid'));
    assert.ok(notice, 'the handler is told');
    assert.doesNotMatch(notice.mail.text ?? '', /aino|takaisinsoittoa/i, 'no contact details, no text in the notice');
    const link = /(http:\/\/localhost:\d+\/admin\/feedback\/\d+)/.exec(notice.mail.text ?? '')?.[1];
    assert.ok(link, 'the notice links to the feedback');
    assert.ok(
      mails.some((m) => m.to.includes('aino.asiakas@example.fi') && m.mail.subject?.includes(reference)),
      'the customer has a receipt',
    );

    const staff = await browser.newContext({ locale: 'fi-FI' });
    const page = await staff.newPage();
    await signInAt(page, link, 'handler', 'demo');
    await page.getByRole('heading', { name: new RegExp(`${reference}: Porvoon terveysasema 1`) }).waitFor();
    await page.getByText('Soitin kolmesti, mutta takaisinsoittoa ei tullut.').waitFor();
    await page.getByText('aino.asiakas@example.fi').waitFor();
    await assertAccessible(page, 'feedback-handling-detail');

    await page.getByLabel('Vastaus', { exact: true }).fill('Pahoittelemme. Korjasimme takaisinsoittojonon asetukset, ja soitamme teille huomenna.');
    await page.getByRole('button', { name: 'Lähetä vastaus' }).click();
    await page.getByText('Vastaus lähetetty asiakkaalle.').waitFor();

    await page.getByRole('button', { name: 'Merkitse käsitellyksi' }).click();
    await page.getByRole('alert').getByText('Valitse vähintään yksi vaikutus.').waitFor();
    await assertAccessible(page, 'feedback-handling-errors');
    await page.getByLabel('Auttoi korjaamaan virheen tai tunnistamaan uuden kehittämiskohteen').check();
    await page.getByLabel(/Kirjoita tarkempi kuvaus/).fill('Takaisinsoittojonon asetukset korjattiin; seurataan viikoittain.');
    await page.getByRole('button', { name: 'Merkitse käsitellyksi' }).click();
    await page.getByText('Palaute merkitty käsitellyksi.').waitFor();
    await page.getByRole('navigation', { name: 'Päävalikko' }).getByRole('link', { name: 'Palautteet' }).click();
    await page
      .getByRole('heading', { name: 'Käsiteltävät palautteet' })
      .or(page.getByRole('heading', { name: /Palaut/ }))
      .first()
      .waitFor();
    assert.equal(await page.getByRole('link', { name: reference }).count(), 0, 'no longer waiting in the inbox');

    mails = await sendMail();
    const answer = mails.find((m) => m.to.includes('aino.asiakas@example.fi') && m.mail.subject === `Vastaus palautteeseesi ${reference}`);
    assert.ok(answer, 'the answer reached the customer');
    assert.match(answer.mail.text ?? '', /Korjasimme takaisinsoittojonon asetukset/);
    await customer.close();
    await staff.close();
  });

  it('a manager sees the figures as a chart, accessibly', async () => {
    const context = await browser.newContext({ locale: 'fi-FI' });
    const page = await context.newPage();
    await signInAt(page, `${base}/admin/feedback/figures?node=TER`, 'manager', 'demo');
    await page.getByRole('img', { name: /Saapunut ja määräajassa käsitelty palaute kuukausittain/ }).waitFor();
    await assertAccessible(page, 'feedback-figures');
    await context.close();
  });

  it('the page widget works inside another site’s page, with the keyboard, and is accessible', async () => {
    const host = http.createServer((_req, res) => {
      res.setHeader('content-type', 'text/html; charset=utf-8');
      res.end(`<!doctype html><html lang="fi"><head><title>Terveysasemat</title></head><body><main><h1>Porvoon terveysasema</h1>
        <script src="${base}/widget/page-feedback.js" data-node="TER-VAS" async></script></main></body></html>`);
    });
    await new Promise<void>((resolve) => host.listen(0, '127.0.0.1', resolve));
    const hostUrl = `http://127.0.0.1:${(host.address() as net.AddressInfo).port}/terveysasemat/porvoo`;
    const context = await browser.newContext({ locale: 'fi-FI' });
    const page = await context.newPage();
    await page.goto(`${hostUrl}?from=search`);
    const frame = page.frameLocator('iframe[title="Sivupalaute"]');
    await frame.getByRole('group', { name: 'Oliko tästä sivusta apua?' }).waitFor();
    const framePage = page.frames().find((f) => f.url().includes('/widget/page-feedback'))!;
    await frame.getByRole('radio', { name: 'Osittain' }).focus();
    await page.keyboard.press('Space');
    await frame.getByLabel('Kerro halutessasi lisää (valinnainen)').fill('Aukioloajat olisi hyvä näyttää.');
    await frame.getByRole('button', { name: 'Lähetä' }).click();
    await frame.getByText('Kiitos palautteestasi!').waitFor();
    const [row] = await db.query<{ page_url: string; rating: string; comment: string }>(
      'select page_url, rating, comment from page_feedback order by id desc limit 1',
    );
    assert.deepEqual(row, { page_url: hostUrl, rating: 'partly', comment: 'Aukioloajat olisi hyvä näyttää.' });
    assert.deepEqual(
      (await context.cookies()).filter((c) => c.domain === 'localhost'),
      [],
      'Kaiku set no cookie',
    );
    const widget = await context.newPage();
    await widget.goto(`${base}/widget/page-feedback?node=TER-VAS&l=fi&page=${encodeURIComponent(hostUrl)}`);
    await assertAccessible(widget, 'page-feedback-widget');
    assert.ok(framePage);
    await context.close();
    await new Promise<void>((resolve) => host.close(() => resolve()));
  });
});
