import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { importOrgTree } from '../src/organisation/import-org-tree.ts';
import type { Db } from '../src/shared/db.ts';
import { createCollectionPoint } from '../src/surveys/collection-points.ts';
import { assertAccessible, launchBrowser } from './helpers/browser.ts';
import { testTargets } from './helpers/databases.ts';
import { serveForBrowser } from './helpers/http.ts';
import { useDemoClock } from './helpers/demo.ts';

useDemoClock();

const org = [
  'code,parent_code,kind,name_fi,name_sv,name_en,active',
  'C,,county,Alue,Området,Area,true',
  'U1,C,unit,Porvoon hammashoitola,Borgå tandklinik,Porvoo dental clinic,true',
].join('\n');

const words = {
  fi: {
    skip: 'En halua vastata',
    next: 'Seuraava',
    submit: 'Lähetä vastaus',
    thanks: 'Kiitos vastauksestasi!',
    agree: '5 täysin samaa mieltä',
    error: 'Tarkista vastauksesi',
    open: 'Mikä vaikutti kokemukseesi eniten?',
  },
  sv: {
    skip: 'Jag vill inte svara',
    next: 'Nästa',
    submit: 'Skicka svaret',
    thanks: 'Tack för ditt svar!',
    agree: '5 helt av samma åsikt',
    error: 'Kontrollera dina svar',
    open: 'Vad påverkade din upplevelse mest?',
  },
  en: {
    skip: 'I prefer not to answer',
    next: 'Next',
    submit: 'Send answer',
    thanks: 'Thank you for your answer!',
    agree: '5 strongly agree',
    error: 'Please check your answers',
    open: 'What influenced your experience the most?',
  },
} as const;

describe('answering in Chromium on a phone-sized screen', () => {
  let db: Db;
  let app: FastifyInstance;
  let browser: Browser;
  let base = '';
  let code = '';
  let kioskCode = '';

  const phone = async (locale: string): Promise<{ context: BrowserContext; page: Page }> => {
    const context = await browser.newContext({ viewport: { width: 360, height: 740 }, locale, isMobile: true, hasTouch: true });
    return { context, page: await context.newPage() };
  };

  before(async () => {
    db = await testTargets()[0]!.open();
    await importOrgTree(db, { csv: org, source: 'test' });
    code = (await createCollectionPoint(db, { kind: 'system', name: 't' }, { survey: 'thl-national', node: 'U1', channel: 'qr' })).code;
    kioskCode = (await createCollectionPoint(db, { kind: 'system', name: 't' }, { survey: 'thl-national', node: 'U1', channel: 'kiosk' })).code;
    ({ app, base } = await serveForBrowser(db));
    browser = await launchBrowser();
  });

  after(async () => {
    await browser?.close();
    await app?.close();
    await db?.close();
  });

  for (const lang of ['fi', 'sv', 'en'] as const) {
    it(`answers the THL survey in ${lang}, with an accessible error state`, async () => {
      const w = words[lang];
      const { context, page } = await phone(lang === 'fi' ? 'fi-FI' : lang === 'sv' ? 'sv-FI' : 'en-GB');
      await page.goto(`${base}/s/${code}`);
      assert.equal(await page.getAttribute('html', 'lang'), lang);
      await assertAccessible(page, `survey-${lang}-step1`);
      assert.ok(await page.getByRole('radio', { name: w.skip }).isVisible(), 'skipping is offered and visible');
      const langs = await page.getByRole('navigation').getByRole('button').allTextContents();
      assert.deepEqual(langs, ['Suomeksi', 'På svenska', 'In English']);
      await page.getByRole('radio', { name: '9', exact: true }).check();
      await page.getByLabel(w.open).fill(lang === 'fi' ? 'Ystävällinen vastaanotto' : 'Good');
      await page.getByRole('button', { name: w.next }).click();
      // An invalid value can only come from a tampered form; submit one to see the error state.
      // Tamper only once the second step has loaded: on the first step there is nothing to tamper with.
      await page.getByRole('button', { name: w.submit }).waitFor();
      const tampered = await page.evaluate(() => {
        const input = document.querySelector<HTMLInputElement>('input[name="q_availability"]');
        if (!input) return false;
        input.value = '9';
        input.checked = true;
        return true;
      });
      assert.ok(tampered, 'the second step has the availability question');
      await page.getByRole('button', { name: w.submit }).click();
      await page.getByRole('alert').getByText(w.error).waitFor();
      await assertAccessible(page, `survey-${lang}-error`);
      const statements = page.getByRole('group');
      assert.equal(await statements.count(), 7);
      for (let i = 0; i < 7; i++) await statements.nth(i).getByRole('radio', { name: w.agree }).check();
      await page.getByRole('button', { name: w.submit }).click();
      await page.getByRole('heading', { name: w.thanks }).waitFor();
      await assertAccessible(page, `survey-${lang}-thanks`);
      await context.close();
    });
  }

  it('stored the three answers, nothing from the error state', async () => {
    const rows = await db.query<{ answers: { nps: number; availability: number } }>("select answers from response where channel = 'qr'");
    assert.equal(rows.length, 3);
    assert.ok(rows.every((r) => r.answers.nps === 9 && r.answers.availability === 5));
  });

  it('shows 0–10 in one row on a phone, its end labels under 0 and 10', async () => {
    const { context, page } = await phone('fi-FI');
    await page.goto(`${base}/s/${code}`);
    const boxes: { x: number; y: number; width: number; height: number }[] = [];
    for (let v = 0; v <= 10; v++) boxes.push((await page.getByRole('radio', { name: String(v), exact: true }).boundingBox())!);
    assert.ok(
      boxes.every((b) => Math.abs(b.y - boxes[0]!.y) < 2),
      `one row: ${boxes.map((b) => Math.round(b.y)).join(' ')}`,
    );
    assert.ok(
      boxes.every((b, i) => i === 0 || b.x > boxes[i - 1]!.x),
      '0 to 10 from left to right',
    );
    const low = (await page.getByText('0 = en lainkaan todennäköisesti').boundingBox())!;
    const high = (await page.getByText('10 = erittäin todennäköisesti').boundingBox())!;
    assert.ok(low.y > boxes[0]!.y && high.y > boxes[10]!.y, 'the end labels are under the scale');
    assert.ok(Math.abs(low.x - boxes[0]!.x) < 30, `"0 = …" starts under 0 (${low.x} vs ${boxes[0]!.x})`);
    assert.ok(Math.abs(high.x + high.width - (boxes[10]!.x + boxes[10]!.width)) < 30, '"10 = …" ends under 10');
    await context.close();
  });

  it('is answered by keyboard alone: arrows choose, Enter in a step always goes forward, never back', async () => {
    const { context, page } = await phone('fi-FI');
    await page.goto(`${base}/s/${code}`);
    const focusedName = () => page.evaluate(() => (document.activeElement as HTMLInputElement | null)?.name ?? '');
    for (let i = 0; i < 12 && (await focusedName()) !== 'q_nps'; i++) await page.keyboard.press('Tab');
    assert.equal(await focusedName(), 'q_nps', 'the scale is reached by Tab');
    await page.keyboard.press('Space');
    for (let i = 0; i < 8; i++) await page.keyboard.press('ArrowRight');
    assert.ok(await page.getByRole('radio', { name: '8', exact: true }).isChecked());
    for (let i = 0; i < 4 && (await focusedName()) !== 'q_nps_open'; i++) await page.keyboard.press('Tab');
    assert.equal(await focusedName(), 'q_nps_open', 'the open question is the next stop');
    await page.keyboard.type('Näppäimistöllä vastattu');
    await page.getByRole('radio', { name: '8', exact: true }).focus();
    await page.keyboard.press('Enter');
    await page.getByRole('button', { name: 'Lähetä vastaus' }).waitFor();
    // Step 2 has "Edellinen" too; Enter on an answer sends the survey, it does not go back.
    assert.equal(await page.getByRole('button', { name: 'Edellinen' }).count(), 1);
    for (let i = 0; i < 12 && !(await focusedName()).startsWith('q_'); i++) await page.keyboard.press('Tab');
    await page.keyboard.press('Space');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Kiitos vastauksestasi!' }).waitFor();
    const [stored] = await db.query<{ answers: Record<string, unknown> }>(
      "select answers from response where channel = 'qr' and answers->>'nps_open' = 'Näppäimistöllä vastattu'",
    );
    assert.equal(stored?.answers.nps, 8);
    await context.close();
  });

  it('changes language on the second step without losing what was answered', async () => {
    const { context, page } = await phone('fi-FI');
    await page.goto(`${base}/s/${code}`);
    await page.getByRole('radio', { name: '7', exact: true }).check();
    await page.getByLabel(words.fi.open).fill('Kieli vaihdettiin kesken');
    await page.getByRole('button', { name: 'Seuraava' }).click();
    await page.getByRole('button', { name: 'Lähetä vastaus' }).waitFor();
    await page.getByRole('group').first().getByRole('radio', { name: words.fi.agree }).check();
    await page.getByRole('navigation').getByRole('button', { name: 'På svenska' }).click();
    await page.getByRole('button', { name: words.sv.submit }).waitFor();
    assert.equal(await page.getAttribute('html', 'lang'), 'sv');
    assert.ok(await page.getByRole('group').first().getByRole('radio', { name: words.sv.agree }).isChecked(), 'the answer on this step stays');
    await assertAccessible(page, 'survey-sv-after-switch');
    await page.getByRole('button', { name: words.sv.submit }).click();
    await page.getByRole('heading', { name: words.sv.thanks }).waitFor();
    const [stored] = await db.query<{ answers: Record<string, unknown> }>(
      "select answers from response where channel = 'qr' and answers->>'nps_open' = 'Kieli vaihdettiin kesken'",
    );
    assert.equal(stored?.answers.nps, 7, 'the first step’s answers were kept');
    // The thank-you page is not a dead end: on to free-form feedback about the same unit.
    await page.getByRole('link', { name: 'Berätta mer eller fråga: ge respons om enheten' }).click();
    await page.getByRole('heading', { level: 1 }).waitFor();
    assert.equal(new URL(page.url()).pathname, '/respons');
    assert.equal(await page.getByRole('combobox').inputValue(), 'Borgå tandklinik');
    await context.close();
  });

  it('on a kiosk, the next person gets a clean form', async () => {
    const { context, page } = await phone('fi-FI');
    // The page's own timers run on a clock the test moves: no waiting for wall-clock seconds.
    await page.clock.install();
    await page.goto(`${base}/k/${kioskCode}`);
    await page.getByRole('radio', { name: '3', exact: true }).check();
    await page.getByLabel(words.fi.open).fill('Edellisen vastaajan kommentti');
    await page.getByRole('button', { name: 'Seuraava' }).click();
    await page.getByRole('button', { name: 'Lähetä vastaus' }).click();
    await page.getByRole('heading', { name: 'Kiitos vastauksestasi!' }).waitFor();
    await assertAccessible(page, 'kiosk-thanks');
    // The page returns to the start by itself for the next person.
    const restartAfter = Number(await page.locator('body').getAttribute('data-return-after'));
    assert.ok(restartAfter > 0 && restartAfter <= 60, `returns within a minute (${restartAfter} s)`);
    await page.clock.runFor(restartAfter * 1000);
    await page.waitForURL(`${base}/k/${kioskCode}`);
    await page.getByRole('heading', { level: 1 }).waitFor();
    assert.equal(await page.getByRole('radio', { checked: true }).count(), 0);
    assert.equal(await page.getByLabel(words.fi.open).inputValue(), '');
    await assertAccessible(page, 'kiosk-start');
    // The second person answers too; the first person's answer is not on the page anywhere.
    assert.doesNotMatch(await page.content(), /Edellisen vastaajan/);
    await page.getByRole('radio', { name: '10', exact: true }).check();
    await page.getByRole('button', { name: 'Seuraava' }).click();
    assert.doesNotMatch(await page.content(), /Edellisen vastaajan/);
    await page.getByRole('button', { name: 'Lähetä vastaus' }).click();
    await page.getByRole('heading', { name: 'Kiitos vastauksestasi!' }).waitFor();
    const kiosk = await db.query<{ nps: number }>("select (answers->>'nps')::int as nps from response where channel = 'kiosk' order by id");
    assert.deepEqual(
      kiosk.map((r) => r.nps),
      [3, 10],
    );
    await context.close();
  });

  it('on a kiosk, warns an idle person before clearing their answers, and lets them go on', async () => {
    const { context, page } = await phone('fi-FI');
    await page.clock.install();
    await page.goto(`${base}/k/${kioskCode}`);
    await page.getByRole('radio', { name: '6', exact: true }).check();
    await page.clock.runFor(41_000);
    const warning = page.getByRole('alertdialog');
    await warning.getByText(/Oletko vielä siellä\? Kysely alkaa alusta \d+ sekunnin kuluttua/).waitFor();
    await assertAccessible(page, 'kiosk-idle-warning');
    await warning.getByRole('button', { name: 'Jatka vastaamista' }).click();
    assert.equal(await warning.count(), 0);
    assert.ok(await page.getByRole('radio', { name: '6', exact: true }).isChecked(), 'the answer stays');
    // Left alone for good: warning, then a clean start.
    const reloaded = page.waitForEvent('load');
    await page.clock.runFor(41_000 + 21_000);
    await reloaded;
    await page.getByRole('heading', { level: 1 }).waitFor();
    assert.equal(await page.getByRole('radio', { checked: true }).count(), 0);
    await context.close();
  });
});
