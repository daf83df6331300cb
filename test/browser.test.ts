import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import type { Browser, Page } from 'playwright-core';
import type { Db } from '../src/shared/db.ts';
import { assertAccessible, launchBrowser } from './helpers/browser.ts';
import { testTargets } from './helpers/databases.ts';
import { useDemoClock } from './helpers/demo.ts';
import { serveForBrowser } from './helpers/http.ts';

useDemoClock();

describe('staff pages in Chromium', () => {
  let db: Db;
  let app: FastifyInstance;
  let browser: Browser;
  let page: Page;
  let base = '';

  before(async () => {
    db = await testTargets()[0]!.openDemo('county');
    ({ app, base } = await serveForBrowser(db));
    browser = await launchBrowser();
    const context = await browser.newContext({ locale: 'fi-FI' });
    page = await context.newPage();
  });

  after(async () => {
    await browser?.close();
    await app?.close();
    await db?.close();
  });

  it('shows an accessible sign-in page whose first tab stop skips to the content', async () => {
    await page.goto(`${base}/admin`);
    assert.equal(new URL(page.url()).pathname, '/login');
    await page.keyboard.press('Tab');
    assert.equal(await page.evaluate(() => document.activeElement?.textContent), 'Siirry sisältöön');
    await assertAccessible(page, 'sign-in');
  });

  it('tells a wrong password plainly and signs in with the right one', async () => {
    await page.getByLabel('Käyttäjätunnus').fill('admin');
    await page.getByLabel('Salasana').fill('väärä');
    await page.getByRole('button', { name: 'Kirjaudu' }).click();
    await page.getByRole('alert').getByText('Käyttäjätunnus tai salasana on väärin.').waitFor();
    await assertAccessible(page, 'sign-in-error');
    await page.getByLabel('Salasana').fill('demo');
    await page.getByRole('button', { name: 'Kirjaudu' }).click();
    await page.getByRole('heading', { name: /Tervetuloa/ }).waitFor();
    await assertAccessible(page, 'home');
  });

  it('finds a unit by typing part of its Swedish name and opens it', async () => {
    await page.getByRole('navigation', { name: 'Päävalikko' }).getByRole('link', { name: 'Organisaatio' }).click();
    await page.getByLabel('Hae yksikköä tai palvelua').fill('borgå tand');
    await page.getByRole('button', { name: 'Hae' }).click();
    await assertAccessible(page, 'org-search');
    await page.getByRole('link', { name: 'Porvoon hammashoitola 1' }).click();
    await page.getByRole('heading', { name: 'Porvoon hammashoitola 1', level: 1 }).waitFor();
    assert.equal(await page.getByLabel('Nimi ruotsiksi').inputValue(), 'Borgå tandklinik 1');
    await assertAccessible(page, 'org-node');
  });

  it('renames a unit in the form and shows the change in its history', async () => {
    await page.getByLabel('Nimi englanniksi').fill('Porvoo dental clinic, centre');
    await page.getByRole('button', { name: 'Tallenna' }).click();
    await page.getByRole('status').getByText('Muutokset tallennettu.').waitFor();
    await page.getByText('name_en: Porvoo dental clinic 1 → Porvoo dental clinic, centre').waitFor();
  });

  it('switches to Swedish and keeps it', async () => {
    await page.getByRole('link', { name: 'På svenska' }).click();
    await page.getByRole('heading', { name: 'Borgå tandklinik 1', level: 1 }).waitFor();
    await page.getByRole('link', { name: 'Organisation' }).first().waitFor();
    await page.goto(`${base}/admin/users`);
    await page.getByRole('heading', { name: 'Användare', level: 1 }).waitFor();
    await assertAccessible(page, 'users-sv');
    await page.goto(`${base}/admin/org/import`);
    await assertAccessible(page, 'import-sv');
    await page.goto(`${base}/admin/api-keys`);
    await assertAccessible(page, 'api-keys-sv');
    await page.goto(`${base}/admin/audit`);
    await assertAccessible(page, 'audit-sv');
    await page.goto(`${base}/admin/surveys/thl-national`);
    await page.getByRole('heading', { name: 'Kundenkät (THL:s nationella enkät)', level: 1 }).waitFor();
    await assertAccessible(page, 'survey-admin-sv');
    await page.goto(`${base}/admin/collection-points?node=TER-SUU`);
    await assertAccessible(page, 'collection-points-sv');
    const paper = await page.getByRole('link', { name: 'Mata in pappersblanketter' }).first().getAttribute('href');
    await page.goto(`${base}${paper}`);
    await assertAccessible(page, 'paper-entry-sv');
    await page.goto(`${base}/admin/feedback/new`);
    await page.getByRole('heading', { name: 'Registrera respons för kundens räkning', level: 1 }).waitFor();
    await assertAccessible(page, 'on-behalf-sv');
    await page.goto(`${base}/admin/outbox`);
    await page.getByRole('heading', { name: 'Utgående meddelanden', level: 1 }).waitFor();
    await assertAccessible(page, 'outbox-sv');
    await page.goto(`${base}/admin/feedback/spam`);
    await page.getByRole('heading', { name: 'Misstänkt skräppost', level: 1 }).waitFor();
    await assertAccessible(page, 'spam-sv');
    await page.goto(`${base}/palaute`);
    await page.getByRole('radio', { name: 'Terveydenhuolto' }).check();
    await page.getByLabel('Palautteesi').fill('Pitkä jono puhelimessa.');
    await page.getByRole('button', { name: 'Lähetä palaute' }).click();
    await page.goto(`${base}/admin/feedback?lang=sv`);
    await page.getByRole('heading', { name: 'Respons att behandla', level: 1 }).waitFor();
    await assertAccessible(page, 'inbox-sv');
    await page
      .getByRole('link', { name: /^K-\d{4}-\d{6} · / })
      .first()
      .click();
    await page.getByText('Pitkä jono puhelimessa.').waitFor();
    await assertAccessible(page, 'feedback-detail-sv');
    for (const [path, name] of [
      ['/admin/feedback/figures?node=DEMO', 'feedback-figures-sv'],
      ['/admin/feedback/led-to?node=DEMO', 'feedback-led-to-sv'],
      ['/admin/feedback/pages?node=DEMO', 'page-feedback-sv'],
      ['/admin/sms', 'sms-admin-sv'],
    ] as const) {
      await page.goto(`${base}${path}`);
      await assertAccessible(page, name);
    }
  });
});
