import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import type { Browser } from 'playwright-core';
import { analysePending } from '../src/analysis/analysis-job.ts';
import { offlineProvider } from '../src/analysis/provider.ts';
import { seedDemoIfEmpty } from '../src/organisation/seed-demo.ts';
import type { Db } from '../src/shared/db.ts';
import { assertAccessible, launchBrowser, signInAt } from './helpers/browser.ts';
import { testTargets } from './helpers/databases.ts';
import { serveForBrowser } from './helpers/http.ts';

describe('text analysis in Chromium: an administrator edits a topic, a manager reads the topics', () => {
  let db: Db;
  let app: FastifyInstance;
  let browser: Browser;
  let base = '';

  before(async () => {
    db = await testTargets()[0]!.open();
    await seedDemoIfEmpty(db);
    ({ app, base } = await serveForBrowser(db));
    await analysePending(db, offlineProvider, 120_000);
    browser = await launchBrowser();
  });

  after(async () => {
    await browser?.close();
    await app?.close();
    await db?.close();
  });

  it('edits a topic, watches the history being analysed again, and sees the topic list with its tone split', async () => {
    const context = await browser.newContext({ locale: 'fi-FI' });
    const page = await context.newPage();
    await signInAt(page, `${base}/admin/analysis`, 'admin', 'demo');
    await page.getByRole('heading', { name: 'Tekstianalyysi: aiheet ja sävy' }).waitFor();
    await page.getByText(/Kaikki tekstit on analysoitu \(versio 1/).waitFor();
    await assertAccessible(page, 'analysis-taxonomy');

    await page.getByRole('link', { name: 'Puhelinpalvelu ja takaisinsoitto' }).click();
    await assertAccessible(page, 'analysis-topic-edit');
    const keywords = page.getByLabel('Avainsanat (fi)');
    await keywords.fill(`${await keywords.inputValue()}, puhelinaika`);
    await page.getByRole('button', { name: 'Tallenna aihe' }).click();
    await page.getByText('Aihe tallennettu. Uusi analyysiversio käynnistyi: kaikki tekstit analysoidaan uudelleen.').waitFor();
    await page.getByText(/Analyysiversio 2: analysoitu 0\/17\s909 tekstiä/).waitFor();
    const bar = page.getByRole('progressbar');
    assert.equal(await bar.getAttribute('value'), '0', 'the whole history waits for version 2');
    await assertAccessible(page, 'analysis-progress');

    // the job runs in the server's background; here the test runs it, and the page follows
    await analysePending(db, offlineProvider, 120_000);
    await page.getByText(/Kaikki tekstit on analysoitu \(versio 2/).waitFor({ timeout: 10_000 });
    await context.close();

    const manager = await browser.newContext({ locale: 'fi-FI' });
    const report = await manager.newPage();
    await signInAt(report, `${base}/admin/analysis/report?node=TER`, 'manager', 'demo');
    await report.getByRole('heading', { name: /Avointen vastausten ja palautteen aiheet: Terveydenhuolto/ }).waitFor();
    const rows = report.getByRole('table', { name: 'Yleisimmät aiheet ja niiden sävy' }).getByRole('row');
    assert.ok((await rows.count()) > 3, 'topics are listed');
    await assertAccessible(report, 'analysis-report');
    await manager.close();
  });
});
