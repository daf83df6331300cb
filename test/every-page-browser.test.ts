import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { axeViolations, browserSuite, describeViolations, pageProblems, signedInPage } from './helpers/browser.ts';

/**
 * Every page each kind of staff member reaches from their menu and the administration page, and
 * one step further for the county's administrator, on a 1366 px screen: no page scrolls sideways,
 * no text in a chart runs out of it, no internal code or message key shows instead of words, and
 * axe finds no WCAG 2.1 A/AA problem. The public pages the same, with their error states. (At
 * 360 px in three languages: reflow-browser.test.ts, which runs the same code check.)
 */
describe('every page at 1366 px, for every role', () => {
  const w = browserSuite(async () => {}, { demo: 'feedback' });
  const roles = ['admin', 'handler', 'manager', 'analyst', 'professional', 'coordinator'] as const;
  const seen = new Set<string>();
  const problems: string[] = [];

  /** Addresses a page links to inside Kaiku's staff side, without downloads, actions or query variants. */
  const staffLinks = (page: Page) =>
    page.evaluate(() =>
      [...document.querySelectorAll<HTMLAnchorElement>('a[href^="/admin"], a[href^="/portal"]')]
        .map((a) => a.getAttribute('href') ?? '')
        .filter((h) => !/\.(csv|xlsx|svg|png|pdf|json)(\?|$)|\/(export|qr|slip|chart)\b|[?&](lang|page)=/.test(h)),
    );

  async function check(page: Page, path: string, who: string): Promise<void> {
    const res = await page.goto(`${w.base}${path}`);
    const status = res?.status() ?? 0;
    if (status >= 500 || status === 404) {
      problems.push(`${path} (${who}): ${status}`);
      return;
    }
    problems.push(...(await pageProblems(page)).map((p) => `${path} (${who}): ${p}`));
    const v = await axeViolations(page);
    if (v.length) problems.push(`${path} (${who}): axe ${describeViolations(v)}`);
  }

  const signedIn = (username: string) => signedInPage(w, username, { viewport: { width: 1366, height: 768 }, locale: 'fi-FI' });

  for (const role of roles) {
    it(`checks every page the ${role} reaches`, async () => {
      const page = await signedIn(role);
      await page.goto(`${w.base}/admin`);
      const menu = await page.evaluate(() => [...document.querySelectorAll<HTMLAnchorElement>('#main-menu a')].map((a) => a.getAttribute('href') ?? ''));
      const manage = menu.includes('/admin/manage') ? (await page.goto(`${w.base}/admin/manage`), await staffLinks(page)) : [];
      let paths = [...new Set([...menu, ...manage])];
      // The administrator sees the most: one step further from each of her pages.
      if (role === 'admin') {
        const further: string[] = [];
        for (const p of paths) {
          await page.goto(`${w.base}${p}`);
          further.push(...(await staffLinks(page)));
        }
        // one example of each kind of address (a feedback, a user, an organisation node …), not all 300 units
        const kinds = new Map<string, string>();
        for (const p of further)
          kinds.set(p.split('?')[0]!.replace(/\/[^/]*\d[^/]*$/, '/:id'), kinds.get(p.split('?')[0]!.replace(/\/[^/]*\d[^/]*$/, '/:id')) ?? p);
        paths = [...new Set([...paths, ...kinds.values()])];
      }
      for (const p of paths.filter((x) => !seen.has(x))) {
        seen.add(p);
        await check(page, p, role);
      }
      await page.close();
      assert.deepEqual(
        problems.filter((p) => p.includes(`(${role})`)),
        [],
      );
    });
  }

  it('checks every public page and its error states, in each language', async () => {
    const [qr] = await w.db.query<{ code: string }>("select code from collection_point where channel = 'qr' and active order by id limit 1");
    const page = await w.browser.newPage({ viewport: { width: 1366, height: 768 } });
    const before = problems.length;
    for (const lang of ['fi', 'sv', 'en']) {
      for (const p of [
        '/palaute',
        '/palautekanavat',
        '/mita-palautteesta-seurasi',
        '/tulokset',
        '/asukaspooli',
        '/asiakasraati',
        `/s/${qr!.code}`,
        '/s/tuntematon',
        '/login',
        '/ei-tallaista-sivua',
      ]) {
        const res = await page.goto(`${w.base}${p}?lang=${lang}`);
        if ((res?.status() ?? 0) >= 500) problems.push(`${p} (${lang}): ${res?.status()}`);
        problems.push(...(await pageProblems(page)).map((x) => `${p} (${lang}): ${x}`));
        if (lang === 'fi') {
          const v = await axeViolations(page);
          if (v.length) problems.push(`${p}: axe ${describeViolations(v)}`);
        }
      }
      // the feedback form sent empty: every error at once, in the page's language
      await page.goto(`${w.base}/palaute?lang=${lang}`);
      await page.locator('form button[type=submit]').last().click();
      await page.waitForLoadState();
      problems.push(...(await pageProblems(page)).map((x) => `/palaute sent empty (${lang}): ${x}`));
    }
    await page.close();
    assert.deepEqual(problems.slice(before), []);
  });
});
