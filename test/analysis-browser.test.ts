import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import type { Browser } from 'playwright-core';
import { analysePending } from '../src/analysis/analysis-job.ts';
import { offlineProvider, providerFor } from '../src/analysis/provider.ts';
import { createFeedback } from '../src/feedback/create-feedback.ts';
import { clock } from '../src/shared/clock.ts';
import { retrainPending } from '../src/analysis/retrain.ts';
import { requeueHistory } from '../src/analysis/taxonomy.ts';
import { loadConfig } from '../src/shared/config.ts';
import type { Db } from '../src/shared/db.ts';
import { assertAccessible, launchBrowser, signInAt } from './helpers/browser.ts';
import { testTargets } from './helpers/databases.ts';
import { useDemoClock } from './helpers/demo.ts';
import { serveForBrowser } from './helpers/http.ts';

useDemoClock();

describe('text analysis in Chromium: an administrator edits a topic, a manager reads the topics, an analyst corrects a text, the tone model is retrained', () => {
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
    const [{ n: texts }] = (await db.query<{
      n: number;
    }>(`select ((select count(*) from response r join survey_version sv on sv.survey_id = r.survey_id and sv.version = r.survey_version
                 where answer_has_text(sv.definition, r.answers)) + (select count(*) from feedback))::int as n`)) as [{ n: number }];
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

  it('corrects an open answer from the portal by keyboard at 360 px, and the list shows it corrected', async () => {
    const context = await browser.newContext({ locale: 'fi-FI', viewport: { width: 360, height: 740 } });
    const page = await context.newPage();
    await signInAt(page, `${base}/portal/texts?node=TER-VAS&period=rolling-12`, 'analyst', 'demo');
    const first = page.locator('ol.texts > li').first();
    const text = (await first.locator('blockquote').textContent())!;
    await first.getByRole('link', { name: 'Korjaa' }).focus();
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Korjaa tekstin sävy ja aiheet' }).waitFor();
    await page.getByText(text, { exact: true }).waitFor();
    assert.deepEqual(await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth), 0);
    await assertAccessible(page, 'analysis-correct-360');
    await page.getByRole('radio', { name: 'Ristiriitainen' }).check();
    await page.getByRole('checkbox', { name: 'Maksut ja laskut' }).check();
    await page.getByRole('button', { name: 'Tallenna korjaus' }).press('Enter');
    await page.getByText('Korjaus tallennettu.').waitFor();
    const again = page.locator('ol.texts > li').filter({ hasText: text }).first();
    await again.getByText(/Ristiriitainen.*korjattu/).waitFor();
    await assertAccessible(page, 'portal-texts-corrected-360');
    await context.close();
  });

  it('retrains the tone model with its progress, then shows the scores before and after, and the main classes on the topic report', async () => {
    const context = await browser.newContext({ locale: 'fi-FI' });
    const page = await context.newPage();
    await signInAt(page, `${base}/admin/analysis`, 'admin', 'demo');
    await page.getByRole('heading', { name: 'Sävymalli' }).waitFor();
    await page.getByRole('button', { name: 'Opeta malli uudelleen' }).click();
    await page.getByText('Uudelleenopetus odottaa vuoroaan.').waitFor();
    assert.equal(await page.getByRole('button', { name: 'Opeta malli uudelleen' }).isDisabled(), true, 'one retraining at a time');
    // the job runs in the server's background; here the test runs it, and the page follows
    const config = loadConfig({ LOG_LEVEL: 'silent' });
    await retrainPending(db, config);
    // an accepted model analyses the history again (the job again, here run by the test); the page follows until it is done
    while ((await requeueHistory(db)) !== null);
    await analysePending(db, await providerFor(db, config), Number.POSITIVE_INFINITY);
    await page.getByText(/Kaikki tekstit on analysoitu \(versio/).waitFor();
    await page.getByText(/Uusi malli nro \d+ otettiin käyttöön|ei ollut testiteksteillä yhtä hyvä/).waitFor();
    const scores = page.getByRole('table', { name: /Sävyn tunnistus testiteksteistä/ });
    assert.equal(await scores.getByRole('row').count(), 5, 'all texts and each language, before and after');
    await assertAccessible(page, 'analysis-tone-model');
    const reportPage = await context.newPage();
    await reportPage.goto(`${base}/admin/analysis/report?node=TER`);
    assert.ok((await reportPage.getByRole('table', { name: 'Pääluokat' }).getByRole('row').count()) >= 3, 'the main classes with their tone');
    await assertAccessible(reportPage, 'analysis-report-main-classes');
    // the portal's free-form feedback by main class, each topic leading to its texts, which can be corrected
    const [{ code: unit }] = (await db.query<{ code: string }>(
      "select code from org_node where parent_id = (select id from org_node where code = 'TER-VAS') and kind = 'unit' order by code limit 1",
    )) as [{ code: string }];
    // a month ago: the portal's "last 12 months" are whole months
    const monthAgo = { receivedAt: new Date(clock.millis() - 31 * 86_400_000) };
    await createFeedback(db, null, { target: unit, text: 'Puhelinjonossa meni tunti, eikä nettiajanvaraus toiminut.' }, monthAgo);
    await analysePending(db, await providerFor(db, config), Number.POSITIVE_INFINITY);
    await reportPage.goto(`${base}/portal?node=TER&period=rolling-12`);
    assert.ok((await reportPage.getByRole('table', { name: 'Pääluokat' }).getByRole('row').count()) >= 2);
    await reportPage.getByRole('table', { name: 'Vapaan palautteen aiheet ja sävy' }).getByRole('link').first().click();
    await reportPage.getByRole('link', { name: 'Korjaa' }).first().waitFor();
    assert.match(reportPage.url(), /\/admin\/analysis\/texts\?node=TER&from=\d{4}-\d{2}&to=\d{4}-\d{2}&topic=/);
    await context.close();
  });
});
