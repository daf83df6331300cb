import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { browserSuite, signInAt } from './helpers/browser.ts';
import { testApp } from './helpers/http.ts';

/** Collects the page's Content-Security-Policy violations from the start of every document. */
async function watchViolations(page: Page): Promise<() => Promise<string[]>> {
  await page.addInitScript(() => {
    const w = window as unknown as { cspViolations: string[] };
    w.cspViolations = [];
    document.addEventListener('securitypolicyviolation', (e) => w.cspViolations.push(`${e.violatedDirective} ${e.blockedURI} ${e.sample}`));
  });
  return () => page.evaluate(() => (window as unknown as { cspViolations: string[] }).cspViolations);
}

describe('secure headers and a strict Content-Security-Policy, in Chromium', () => {
  const codes: Record<string, string> = {};
  const w = browserSuite(
    async (db) => {
      for (const channel of ['qr', 'kiosk']) {
        codes[channel] = (
          await db.query<{ code: string }>("select code from collection_point where channel = $1 and survey_id = 'thl-national' order by id limit 1", [channel])
        )[0]!.code;
      }
    },
    { demo: 'analysed' },
  );

  it('runs every public page with no inline script or style: the policy says so and Chromium reports no violation', async () => {
    const pages = [
      '/palaute',
      '/respons',
      '/feedback',
      `/s/${codes.qr}`,
      `/k/${codes.kiosk}`,
      '/tulokset',
      '/results?node=TER',
      '/asukaspooli?lang=sv',
      '/asiakasraati',
      '/widget/page-feedback?node=TER&l=fi',
      '/login',
    ];
    const page = await w.browser.newPage();
    const violations = await watchViolations(page);
    for (const path of pages) {
      const res = await page.goto(`${w.base}${path}`);
      assert.equal(res?.status(), 200, path);
      const csp = (await res!.allHeaders())['content-security-policy'] ?? '';
      assert.match(csp, /script-src 'self'/, path);
      assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval/, path);
      assert.match(csp, /object-src 'none'/, path);
      await page.waitForLoadState('load');
      assert.deepEqual(await violations(), [], `no violations on ${path}`);
    }
    // the public results charts are drawn (as images), not blocked; of each one's wide and narrow drawings the one for this screen shows
    await page.goto(`${w.base}/tulokset`);
    const charts = page.locator('img.chart-image:visible');
    await charts.first().waitFor();
    assert.equal(await charts.count(), 2, 'the NPS trend and the statements');
    for (const chart of await charts.all()) assert.ok(((await chart.evaluate((img: HTMLImageElement) => img.naturalWidth)) as number) > 0);
    await page.close();
  });

  it('lets staff pages use style attributes but still no inline script, and a progress page reloads from a file', async () => {
    const page = await (await w.browser.newContext({ locale: 'fi-FI' })).newPage();
    const violations = await watchViolations(page);
    await signInAt(page, `${w.base}/portal`, 'admin', 'demo');
    await page.getByRole('heading', { level: 1 }).waitFor();
    const res = await page.goto(`${w.base}/portal?node=TER`);
    assert.match((await res!.allHeaders())['content-security-policy'] ?? '', /script-src 'self';/);
    await page.goto(`${w.base}/admin/analysis`);
    assert.deepEqual(
      (await violations()).filter((v) => v.startsWith('script')),
      [],
    );
    await page.close();
  });

  it('sends HSTS only over TLS as a trusted proxy reports it', async () => {
    const behindProxy = (await testApp(w.db, { KAIKU_TRUST_PROXY: '127.0.0.1' })).app;
    const tls = await behindProxy.inject({ url: '/login', headers: { 'x-forwarded-proto': 'https' }, remoteAddress: '127.0.0.1' });
    assert.equal(tls.headers['strict-transport-security'], 'max-age=31536000; includeSubDomains');
    assert.equal(
      (await behindProxy.inject({ url: '/login', headers: { 'x-forwarded-proto': 'https' }, remoteAddress: '10.9.9.9' })).headers['strict-transport-security'],
      undefined,
      'not from an untrusted address',
    );
    assert.equal((await behindProxy.inject('/login')).headers['strict-transport-security'], undefined);
    await behindProxy.close();
    assert.equal(tls.headers['x-content-type-options'], 'nosniff');
    assert.equal(tls.headers['referrer-policy'], 'same-origin');
    assert.equal(tls.headers['x-frame-options'], 'DENY');
    assert.match(String(tls.headers['content-security-policy']), /frame-ancestors 'none'/);
  });
});
