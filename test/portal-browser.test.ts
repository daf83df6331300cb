import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import type { Browser } from 'playwright-core';
import { createUser, grantRole } from '../src/access/users.ts';
import { exportAggregates, importAggregates } from '../src/reports/aggregates.ts';
import { presetPeriod } from '../src/reports/period-presets.ts';
import type { Db } from '../src/shared/db.ts';
import { assertAccessible, launchBrowser, signInAt } from './helpers/browser.ts';
import { testTargets } from './helpers/databases.ts';
import { useDemoClock } from './helpers/demo.ts';
import { serveForBrowser } from './helpers/http.ts';

useDemoClock();

const system = { kind: 'system', name: 'test' } as const;

describe('the reporting portal in Chromium, as a unit manager and as a division director', () => {
  let db: Db;
  let app: FastifyInstance;
  let browser: Browser;
  let base = '';
  let unit = { code: '', name: '' };
  const month = presetPeriod('last-month');

  before(async () => {
    db = await testTargets()[0]!.openDemo('analysed');
    [unit] = (await db.query<{ code: string; name: string }>(
      "select code, name_fi as name from org_node where parent_id = (select id from org_node where code = 'TER-VAS') and name_fi = 'Porvoon terveysasema 1'",
    )) as [{ code: string; name: string }];
    await createUser(db, system, { username: 'yksikko', displayName: 'Yksikön esihenkilö', password: 'pitka-salasana-2026', locale: 'fi' });
    await grantRole(db, system, { username: 'yksikko', role: 'manager', nodeCode: unit.code });
    ({ app, base } = await serveForBrowser(db));
    browser = await launchBrowser();
  });

  after(async () => {
    await browser?.close();
    await app?.close();
    await db?.close();
  });

  it('a unit manager sees their unit, the same NPS as the results API, the texts behind a topic, and nothing of other areas', async () => {
    const context = await browser.newContext({ locale: 'fi-FI' });
    const page = await context.newPage();
    await signInAt(page, `${base}/portal`, 'yksikko', 'pitka-salasana-2026');
    await page.getByRole('heading', { name: `Asiakaskokemus: ${unit.name}` }).waitFor();
    const api = await (await context.request.get(`${base}/api/v1/results?node=${encodeURIComponent(unit.code)}&from=${month.from}&to=${month.to}`)).json();
    const nps = await page.locator('ul.figures li').first().locator('.value').innerText();
    assert.equal(nps, api.groups[0].suppressed ? 'alle rajan' : String(api.groups[0].nps.value));
    await page.getByRole('img', { name: /NPS kuukausittain, 13 kuukautta/ }).waitFor();
    await assertAccessible(page, 'portal-unit');

    await page.getByLabel('Ajanjakso').selectOption('rolling-12');
    await page.getByRole('button', { name: 'Näytä' }).click();
    await page.getByText(/Asiakaskysely \(THL:n kansallinen kysely\), versio \d+: 1\.\d+\.\d{4}–/).waitFor();
    await page.getByRole('table', { name: 'Avointen vastausten aiheet ja sävy' }).getByRole('link').first().click();
    await page.getByRole('heading', { name: `Avoimet vastaukset: ${unit.name}` }).waitFor();
    await page.getByText(/vastausta .* uusimmat ensin\. Henkilötiedot on peitetty\./).waitFor();
    assert.ok((await page.locator('ol.texts blockquote').count()) > 0);
    await assertAccessible(page, 'portal-texts');

    const other = await page.goto(`${base}/portal?node=TER`);
    assert.equal(other?.status(), 403);
    const texts = await page.goto(`${base}/portal/texts?node=IKA&period=rolling-12`);
    assert.equal(texts?.status(), 403);
    await context.close();
  });

  it('a division director drills down a level, compares the units with their margins, and sets a target', async () => {
    const context = await browser.newContext({ locale: 'fi-FI' });
    const page = await context.newPage();
    await signInAt(page, `${base}/portal`, 'manager', 'demo');
    await page.getByRole('heading', { name: 'Asiakaskokemus: Terveydenhuolto' }).waitFor();
    await assertAccessible(page, 'portal-division');
    await page.getByRole('table', { name: 'Alemmat tasot' }).getByRole('link', { name: 'Vastaanottopalvelut' }).click();
    await page.getByRole('heading', { name: 'Asiakaskokemus: Vastaanottopalvelut' }).waitFor();
    const rows = page.getByRole('table', { name: 'Alemmat tasot' }).getByRole('row');
    assert.ok((await rows.count()) > 10, 'every health station, ranked');
    await page.getByRole('link', { name: 'Aseta tavoitteet' }).click();
    await assertAccessible(page, 'portal-targets');
    await page.getByLabel('NPS').fill('45');
    await page.getByRole('button', { name: 'Tallenna tavoitteet' }).click();
    await page.getByText('Tavoitteet tallennettu.').waitFor();
    await page
      .getByText(/tavoite 45 (ei saavutettu|saavutettu)/)
      .first()
      .waitFor();
    await context.close();
  });

  it("with the whole country's figures imported, the portal sets them beside the division's, at 1366 and 360 px", async () => {
    const national = await exportAggregates(db, { from: '2025-12', to: month.to.slice(0, 7) });
    await importAggregates(db, { ...national, source: { code: 'THL', kind: 'national', name: { fi: 'Koko maa', sv: 'Hela landet', en: 'Whole country' } } });
    const context = await browser.newContext({ locale: 'fi-FI' });
    const page = await context.newPage();
    await signInAt(page, `${base}/portal?node=TER&period=rolling-12`, 'manager', 'demo');
    await page.getByRole('heading', { name: 'Asiakaskokemus: Terveydenhuolto' }).waitFor();
    await page.getByText(/NPS, Koko maa/).waitFor();
    await page.getByText('Vertailuluvut on tuotu muiden alueiden koosteista', { exact: false }).waitFor();
    assert.match(await page.locator('#statements svg').first().innerHTML(), /Koko maa/, 'the chart names the comparison in its legend');
    await assertAccessible(page, 'portal-benchmark');
    await page.setViewportSize({ width: 360, height: 800 });
    await page.reload();
    await page.getByText(/NPS, Koko maa/).waitFor();
    assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= 360), 'no sideways scrolling at 360 px');
    await assertAccessible(page, 'portal-benchmark-360');
    await context.close();
  });

  for (const [lang, path, title] of [
    ['fi', '/tulokset', 'Asiakaskokemus: Kaikulan hyvinvointialue'],
    ['sv', '/resultat?node=TER', 'Kundupplevelse: Hälso- och sjukvård'],
    ['en', '/results', 'Customer experience: Kaikula Wellbeing Services County'],
  ] as const) {
    it(`the public results page in ${lang} is accessible`, async () => {
      const context = await browser.newContext({ locale: 'fi-FI' });
      const page = await context.newPage();
      await page.goto(`${base}${path}`);
      await page.getByRole('heading', { name: title }).waitFor();
      await page.getByRole('img').first().waitFor();
      await assertAccessible(page, `public-results-${lang}`);
      await context.close();
    });
  }
});
