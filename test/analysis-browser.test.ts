import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import type { Browser } from 'playwright-core';
import { analysePending } from '../src/analysis/analysis-job.ts';
import { offlineProvider } from '../src/analysis/provider.ts';
import { requeueHistory } from '../src/analysis/taxonomy.ts';
import type { Db } from '../src/shared/db.ts';
import { assertAccessible, launchBrowser, signInAt } from './helpers/browser.ts';
import { testTargets } from './helpers/databases.ts';
import { useDemoClock } from './helpers/demo.ts';
import { serveForBrowser } from './helpers/http.ts';

useDemoClock();

describe('text analysis in Chromium: an administrator edits a topic, a manager reads the topics', () => {
  let db: Db;
  let app: FastifyInstance;
  let browser: Browser;
  let base = '';

  before(async () => {
    db = await testTargets()[0]!.openDemo('analysed');
    ({ app, base } = await serveForBrowser(db));
    await analysePending(db, offlineProvider, Number.POSITIVE_INFINITY);
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
    await page.getByText(/Kaikki tekstit on analysoitu \(versio \d+/).waitFor();
    const [{ id: first }] = (await db.query<{ id: number }>('select max(id)::int as id from analysis_version')) as [{ id: number }];
    await assertAccessible(page, 'analysis-taxonomy');

    await page.getByRole('link', { name: 'Puhelinpalvelu ja takaisinsoitto' }).click();
    await assertAccessible(page, 'analysis-topic-edit');
    const keywords = page.getByLabel('Avainsanat (fi)');
    await keywords.fill(`${await keywords.inputValue()}, puhelinaika`);
    // every open answer and every feedback of the demo county waits for the new version
    const [{ n: texts }] = (await db.query<{ n: number }>('select ((select count(*) from answer_with_text) + (select count(*) from feedback))::int as n')) as [
      { n: number },
    ];
    assert.ok(texts > 10_000, `the demo county has its open answers (${texts})`);
    await page.getByRole('button', { name: 'Tallenna aihe' }).click();
    await page.getByText('Aihe tallennettu. Uusi analyysiversio käynnistyi: kaikki tekstit analysoidaan uudelleen.').waitFor();
    const thousands = String(texts).replace(/\B(?=(\d{3})+(?!\d))/g, '\\s');
    const [{ id: second }] = (await db.query<{ id: number }>('select max(id)::int as id from analysis_version')) as [{ id: number }];
    assert.ok(second > first, 'a new analysis version');
    // saving only starts the version: the job queues the history in steps, here taken by the test, and the page follows
    await page.getByText(new RegExp(`Analyysiversio ${second}: aiempia tekstejä viedään jonoon`)).waitFor();
    while ((await requeueHistory(db)) !== null);
    await page.getByText(new RegExp(`Analyysiversio ${second}: analysoitu 0/${thousands} tekstiä`)).waitFor();
    const bar = page.getByRole('progressbar');
    assert.equal(await bar.getAttribute('value'), '0', 'the whole history waits for the new version');
    await assertAccessible(page, 'analysis-progress');

    // the job runs in the server's background; here the test runs it, and the page follows
    await analysePending(db, offlineProvider, Number.POSITIVE_INFINITY);
    await page.getByText(new RegExp(`Kaikki tekstit on analysoitu \\(versio ${second}`)).waitFor();
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
