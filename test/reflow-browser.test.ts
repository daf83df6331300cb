import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { analysePending } from '../src/analysis/analysis-job.ts';
import { offlineProvider } from '../src/analysis/provider.ts';
import { ensureAnalysisVersion } from '../src/analysis/taxonomy.ts';
import { axeViolations, browserSuite, describeViolations, pageProblems, signedInPage } from './helpers/browser.ts';

/**
 * WCAG 1.4.10 Reflow on a 360 px phone: no page scrolls sideways, and in every language no chart
 * text runs out of its chart and no internal code shows instead of words (pageProblems). A wide table scrolls inside its
 * own region instead, and that region can be reached and scrolled by keyboard.
 */
describe('every staff and public page at 360 px, in Finnish, Swedish and English', () => {
  const ids: { feedback?: number; action?: number; council?: number; request?: number; project?: number; qr?: string } = {};
  const w = browserSuite(
    async (db) => {
      ids.feedback = (await db.query<{ id: number }>('select id from feedback order by id limit 1'))[0]?.id;
      ids.action = (await db.query<{ id: number }>('select id from improvement_action order by id limit 1'))[0]?.id;
      ids.council = (await db.query<{ id: number }>('select id from council order by id limit 1'))[0]?.id;
      ids.request = (await db.query<{ id: number }>('select id from expert_request order by id limit 1'))[0]?.id;
      ids.project = (await db.query<{ id: number }>('select id from dev_project order by id limit 1'))[0]?.id;
      ids.qr = (await db.query<{ code: string }>("select code from collection_point where channel = 'qr' order by id limit 1"))[0]?.code;
      // the texts' tone and topics, for the page that corrects them
      await ensureAnalysisVersion(db, offlineProvider.name);
      await analysePending(db, offlineProvider, Number.POSITIVE_INFINITY);
    },
    { demo: 'feedback' },
  );

  const adminPages = () => [
    '/admin',
    '/admin/feedback',
    `/admin/feedback/${ids.feedback}`,
    '/admin/feedback/figures',
    '/admin/feedback/led-to',
    '/admin/feedback/pages',
    '/admin/feedback/spam',
    '/admin/feedback/no-handler',
    '/admin/feedback?show=handled',
    '/admin/actions',
    `/admin/actions/${ids.action}`,
    `/admin/actions/${ids.action}/edit`,
    '/admin/actions/new',
    '/admin/manage',
    '/admin/users',
    '/admin/users/manager',
    '/admin/identity',
    '/admin/sms',
    '/admin/fhir',
    '/admin/org',
    '/admin/surveys',
    '/admin/surveys/languages',
    '/admin/api-keys',
    '/admin/audit',
    '/admin/outbox',
    '/admin/webhooks',
    '/admin/journey',
    '/admin/analysis',
    '/admin/analysis/report',
    `/analysis/correct?source=feedback&id=${ids.feedback}`,
    '/admin/account',
    '/portal',
    '/portal/journey',
    '/portal/texts',
  ];
  const coordinatorPages = () => [
    '/admin/participation',
    '/admin/participation/councils',
    `/admin/participation/councils/${ids.council}`,
    '/admin/participation/experts',
    '/admin/participation/requests',
    `/admin/participation/requests/${ids.request}`,
    '/admin/participation/projects',
    `/admin/participation/projects/${ids.project}`,
  ];
  const publicPages = () => [
    '/palaute',
    '/palautekanavat',
    '/mita-palautteesta-seurasi',
    '/tulokset',
    '/resultat',
    '/results',
    '/asukaspooli',
    '/asiakasraati',
    `/s/${ids.qr}`,
    '/login',
  ];

  const phoneSignedIn = (username: string) => signedInPage(w, username, { viewport: { width: 360, height: 740 } });

  async function visitAll(page: Page, paths: string[], lang: string): Promise<string[]> {
    const wide: string[] = [];
    for (const path of paths) {
      const res = await page.goto(`${w.base}${path}`);
      assert.equal(res?.status(), 200, `${path} (${lang})`);
      wide.push(...(await pageProblems(page)).map((p) => `${path} (${lang}): ${p}`));
    }
    return wide;
  }

  it('finds the pages it visits', () => {
    assert.ok(ids.feedback && ids.council && ids.request && ids.project && ids.qr, JSON.stringify(ids));
  });

  for (const lang of ['fi', 'sv', 'en'] as const) {
    it(`scrolls no staff page sideways (${lang})`, async () => {
      await w.db.query('update staff_user set locale = $1 where username in ($2, $3)', [lang, 'admin', 'coordinator']);
      const admin = await phoneSignedIn('admin');
      const coordinator = await phoneSignedIn('coordinator');
      const wide = [...(await visitAll(admin, adminPages(), lang)), ...(await visitAll(coordinator, coordinatorPages(), lang))];
      await admin.close();
      await coordinator.close();
      assert.deepEqual(wide, []);
    });
  }

  it('scrolls no public page sideways, in any language', async () => {
    const page = await w.browser.newPage({ viewport: { width: 360, height: 740 } });
    const wide: string[] = [];
    for (const lang of ['fi', 'sv', 'en']) {
      wide.push(
        ...(await visitAll(
          page,
          publicPages().map((p) => `${p}${p.includes('?') ? '&' : '?'}lang=${lang}`),
          lang,
        )),
      );
    }
    await page.close();
    assert.deepEqual(wide, []);
  });

  it('puts a wide table in a named region that scrolls, takes keyboard focus and passes axe', async () => {
    const page = await phoneSignedIn('admin');
    await page.goto(`${w.base}/admin/audit`);
    const region = page.locator('.table-scroll').first();
    assert.equal(await region.getAttribute('role'), 'region');
    assert.ok(((await region.getAttribute('aria-label')) ?? '').length > 0, 'the region has a name');
    const scrolls = await region.evaluate((e) => e.scrollWidth > e.clientWidth);
    assert.ok(scrolls, 'the audit log is wider than a phone, so its region scrolls');
    await region.focus();
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowRight');
    // Chromium scrolls smoothly: wait for the scroll to begin rather than read it at once.
    await region.evaluate(
      (e) => new Promise<void>((resolve) => (e.scrollLeft > 0 ? resolve() : e.addEventListener('scroll', () => resolve(), { once: true }))),
    );
    assert.ok((await region.evaluate((e) => e.scrollLeft)) > 0, 'arrow keys scroll the focused table');
    const v = await axeViolations(page);
    assert.equal(v.length, 0, describeViolations(v));
    await page.close();
  });

  it('folds the staff menu behind one button on a phone, opened by keyboard, and keeps it open on a wide screen', async () => {
    await w.db.query("update staff_user set locale = 'fi' where username = 'admin'");
    const page = await phoneSignedIn('admin');
    await page.goto(`${w.base}/admin/feedback`);
    const button = page.getByRole('button', { name: 'Valikko' });
    const menu = page.getByRole('navigation', { name: 'Päävalikko' });
    assert.equal(await button.getAttribute('aria-expanded'), 'false');
    assert.equal(await menu.isVisible(), false);
    const heading = await page.locator('h1').boundingBox();
    assert.ok(heading && heading.y + heading.height < 740, `the page's heading is on the first screen (at ${heading?.y})`);
    await button.focus();
    await page.keyboard.press('Enter');
    assert.equal(await button.getAttribute('aria-expanded'), 'true');
    assert.ok(await menu.getByRole('link', { name: 'Palautteet' }).isVisible());
    const v = await axeViolations(page);
    assert.equal(v.length, 0, describeViolations(v));
    await page.setViewportSize({ width: 1366, height: 768 });
    await page.goto(`${w.base}/admin/feedback`);
    assert.equal(await button.isVisible(), false);
    assert.ok(await menu.getByRole('link', { name: 'Palautteet' }).isVisible());
    await page.close();
  });
});
