import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import type { Browser } from 'playwright-core';
import { demoCountyCsv } from '../src/organisation/demo-county.ts';
import { importOrgTree } from '../src/organisation/import-org-tree.ts';
import type { Db } from '../src/shared/db.ts';
import { assertAccessible, launchBrowser } from './helpers/browser.ts';
import { testTargets } from './helpers/databases.ts';
import { serveForBrowser } from './helpers/http.ts';
import { useDemoClock } from './helpers/demo.ts';

useDemoClock();

const pages = {
  fi: {
    path: '/palaute',
    category: 'Ikääntyneiden palvelut',
    target: 'Yksikkö tai palvelu (vapaaehtoinen)',
    search: 'Hae',
    text: 'Palautteesi',
    send: 'Lähetä palaute',
    error: 'Tarkista palaute',
    thanks: 'Kiitos palautteestasi!',
    query: 'kotihoito porvoo',
  },
  sv: {
    path: '/respons',
    category: 'Äldreomsorg',
    target: 'Enhet eller tjänst (frivilligt)',
    search: 'Sök',
    text: 'Din respons',
    send: 'Skicka respons',
    error: 'Kontrollera responsen',
    thanks: 'Tack för din respons!',
    query: 'hemvården borgå',
  },
  en: {
    path: '/feedback',
    category: 'Elderly services',
    target: 'Unit or service (optional)',
    search: 'Search',
    text: 'Your feedback',
    send: 'Send feedback',
    error: 'Please check your feedback',
    thanks: 'Thank you for your feedback!',
    query: 'home care porvoo',
  },
} as const;

describe('giving free-form feedback in Chromium', () => {
  let db: Db;
  let app: FastifyInstance;
  let browser: Browser;
  let base = '';

  before(async () => {
    db = await testTargets()[0]!.open();
    await importOrgTree(db, { csv: demoCountyCsv(), source: 'test' });
    ({ app, base } = await serveForBrowser(db));
    browser = await launchBrowser();
  });

  after(async () => {
    await browser?.close();
    await app?.close();
    await db?.close();
  });

  for (const lang of ['fi', 'sv', 'en'] as const) {
    it(`in ${lang}: the form, its error state and the receipt are accessible`, async () => {
      const w = pages[lang];
      const context = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
      const page = await context.newPage();
      await page.goto(`${base}${w.path}`);
      await assertAccessible(page, `feedback-${lang}-form`);
      await page.getByRole('button', { name: w.send }).click();
      await page.getByRole('alert').getByText(w.error).waitFor();
      await assertAccessible(page, `feedback-${lang}-errors`);
      await page.getByRole('radio', { name: w.category }).check();
      await page.getByRole('combobox', { name: w.target }).fill(w.query);
      await page.getByRole('button', { name: w.search, exact: true }).click();
      await page
        .getByRole('group', { name: /Valitse kohde|Välj enhet|Choose the unit/ })
        .getByRole('radio')
        .first()
        .check();
      await page.getByLabel(w.text).fill('Hoitaja oli ystävällinen ja tuli ajallaan.');
      await page.getByRole('button', { name: w.send }).click();
      await page.getByRole('heading', { name: w.thanks }).waitFor();
      assert.match(await page.locator('.reference').innerText(), /^K-\d{4}-\d{6}$/);
      await assertAccessible(page, `feedback-${lang}-receipt`);
      await context.close();
    });
  }

  it('narrows the target by typing, with the keyboard, and sends it there', async () => {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
    const page = await context.newPage();
    await page.goto(`${base}/palaute`);
    await page.getByRole('radio', { name: 'Terveydenhuolto' }).check();
    const box = page.getByRole('combobox', { name: 'Yksikkö tai palvelu (vapaaehtoinen)' });
    await box.fill('porvoon hammas');
    await page.getByRole('option', { name: /Porvoon hammashoitola 1/ }).waitFor();
    await assertAccessible(page, 'feedback-typeahead-open');
    assert.equal(await box.getAttribute('aria-expanded'), 'true');
    await box.press('ArrowDown');
    await box.press('Enter');
    assert.equal(await box.inputValue(), 'Porvoon hammashoitola 1');
    assert.equal(await box.getAttribute('aria-expanded'), 'false');
    await page.getByLabel('Palautteesi').fill('Hammashoitaja selitti kaiken selkeästi.');
    await page.getByRole('button', { name: 'Lähetä palaute' }).click();
    await page.getByRole('heading', { name: 'Kiitos palautteestasi!' }).waitFor();
    await page.getByText('Porvoon hammashoitola 1').waitFor();
    await context.close();
  });

  it('is sent by keyboard alone: Tab between fields, arrows choose the service and the unit, Enter sends', async () => {
    const context = await browser.newContext({ viewport: { width: 360, height: 740 }, locale: 'fi-FI' });
    const page = await context.newPage();
    await page.goto(`${base}/palaute`);
    const focused = () =>
      page.evaluate(
        () => `${document.activeElement?.tagName}|${document.activeElement?.getAttribute('name') ?? ''}|${document.activeElement?.textContent?.trim() ?? ''}`,
      );
    const tabTo = async (match: RegExp) => {
      for (let i = 0; i < 40 && !match.test(await focused()); i++) await page.keyboard.press('Tab');
      assert.match(await focused(), match, 'reached by Tab');
    };
    await tabTo(/^INPUT\|category\|/);
    await page.keyboard.press('Space');
    for (let i = 0; i < 10 && !(await page.getByRole('radio', { name: 'Terveydenhuolto' }).isChecked()); i++) await page.keyboard.press('ArrowDown');
    assert.ok(await page.getByRole('radio', { name: 'Terveydenhuolto' }).isChecked(), 'arrows choose the service');
    await tabTo(/^INPUT\|query\|/);
    await page.keyboard.type('porvoon hammas');
    await page.getByRole('option', { name: /Porvoon hammashoitola 1/ }).waitFor();
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    await tabTo(/^TEXTAREA\|/);
    await page.keyboard.type('Sain ajan nopeasti, kiitos.');
    await tabTo(/^BUTTON\|.*\|Lähetä palaute$/);
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Kiitos palautteestasi!' }).waitFor();
    await page.getByText('Porvoon hammashoitola 1').waitFor();
    await context.close();
  });

  it('says when the chosen service has no such unit, and searches all services on request', async () => {
    const context = await browser.newContext({ viewport: { width: 360, height: 740 } });
    const page = await context.newPage();
    await page.goto(`${base}/palaute`);
    await page.getByRole('radio', { name: 'Ikääntyneiden palvelut' }).check();
    const box = page.getByRole('combobox', { name: 'Yksikkö tai palvelu (vapaaehtoinen)' });
    await box.fill('porvoon hammas');
    const told = 'Valitsemastasi palvelusta ei löytynyt kohdetta tällä hakusanalla: haku rajautuu valittuun palveluun.';
    const shown = page.locator('.typeahead-empty').getByText(told);
    await shown.waitFor();
    assert.equal(await page.getByRole('status').filter({ hasText: told }).count(), 1, 'screen readers hear it too');
    await assertAccessible(page, 'feedback-typeahead-nothing');
    await page.getByRole('button', { name: 'Hae kaikista palveluista' }).click();
    await page.getByRole('option', { name: /Porvoon hammashoitola 1/ }).waitFor();
    assert.equal(await shown.isVisible(), false);
    await page
      .getByRole('status')
      .filter({ hasText: /kohdetta löytyi/ })
      .waitFor({ state: 'attached' });
    await context.close();
  });
});
