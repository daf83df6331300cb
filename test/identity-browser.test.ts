import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import type { Browser, Page } from 'playwright-core';
import { addMapping } from '../src/identity/mappings.ts';
import type { Db } from '../src/shared/db.ts';
import { assertAccessible, launchBrowser } from './helpers/browser.ts';
import { testTargets } from './helpers/databases.ts';
import { useDemoClock } from './helpers/demo.ts';
import { testApp } from './helpers/http.ts';
import { freePort } from './helpers/net.ts';
import { startTestIdp, type TestIdp } from './helpers/oidc.ts';

/**
 * Chromium through the real redirects: Kaiku's sign-in page, the provider's login form, the
 * callback, the portal; and out again, by Kaiku's sign-out button (RP-initiated logout).
 */
describe('signing in and out with the county’s identity provider, in Chromium', () => {
  const system = { kind: 'system', name: 'test' } as const;
  let db: Db;
  let idp: TestIdp;
  let app: FastifyInstance;
  let browser: Browser;
  let base: string;
  useDemoClock();

  before(async () => {
    useDemoClock();
    db = await testTargets()[0]!.openDemo('organisation');
    const port = await freePort();
    base = `http://localhost:${port}`;
    idp = await startTestIdp(base);
    idp.people.set('anna', { name: 'Anna Aalto', email: 'anna.aalto@hyvaks.invalid', roles: ['kaiku-ter-managers'] });
    idp.people.set('ville', { name: 'Ville Virta', email: 'ville.virta@hyvaks.invalid', roles: [] });
    await addMapping(db, system, { claimValue: 'kaiku-ter-managers', role: 'manager', nodeCode: 'TER' });
    ({ app } = await testApp(db, { ...idp.env, KAIKU_PUBLIC_URL: base, KAIKU_LOCAL_LOGIN: 'off' }));
    // "localhost" on every loopback address: the provider's back-channel call may resolve it to ::1.
    await app.listen({ port, host: 'localhost' });
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await app?.close();
    await idp?.close();
    await db?.close();
  });

  /** From Kaiku's sign-in page through the provider's login form, as `login`. */
  async function signIn(page: Page, login: string) {
    await page.goto(`${base}/admin`);
    await page.getByRole('link', { name: 'Kirjaudu organisaation tunnuksilla' }).click();
    await page.locator('input[name="login"]').fill(login);
    await page.locator('input[name="password"]').fill('any');
    await page.locator('button[type="submit"]').click();
    await page.waitForURL((u) => u.origin === base && !u.pathname.startsWith('/auth/'));
  }

  const signedIn = async (page: Page) => (await page.goto(`${base}/admin`))!.url() === `${base}/admin`;

  it('shows the provider’s button first on the sign-in page, and keeps the password form for the break-glass administrator', async () => {
    const page = await browser.newPage({ locale: 'fi-FI' });
    await page.goto(`${base}/login`);
    await page.getByRole('heading', { name: 'Pääkäyttäjän varakirjautuminen' }).waitFor();
    const order: string[] = [];
    for (let i = 0; i < 12; i++) {
      await page.keyboard.press('Tab');
      order.push(await page.evaluate(() => document.activeElement?.id || document.activeElement?.textContent?.trim() || ''));
    }
    const provider = order.indexOf('Kirjaudu organisaation tunnuksilla');
    assert.ok(provider >= 0 && provider < order.indexOf('username'), `focus order: ${order.join(' | ')}`);
    await assertAccessible(page, 'identity-sign-in');
    await page.close();
  });

  it('lands a mapped manager on her portal, and signing out in Kaiku signs her out at the provider too', async () => {
    const page = await browser.newPage({ locale: 'fi-FI' });
    await signIn(page, 'anna');
    assert.equal(new URL(page.url()).pathname, '/portal');
    await page.getByRole('button', { name: 'Kirjaudu ulos' }).click();
    await page.waitForURL((u) => u.href.startsWith(`${idp.issuer}/session/end`));
    await page.getByRole('button', { name: 'Yes, sign me out' }).click();
    await page.waitForURL(`${base}/login`);
    assert.equal(await signedIn(page), false);
    // Signed out at the provider as well: the next sign-in asks for the login again.
    await page.getByRole('link', { name: 'Kirjaudu organisaation tunnuksilla' }).click();
    await page.locator('input[name="login"]').waitFor();
    await page.close();
  });

  it('tells a person with no role whom to ask', async () => {
    const page = await browser.newPage({ locale: 'fi-FI' });
    await page.goto(`${base}/login`);
    await page.getByRole('link', { name: 'Kirjaudu organisaation tunnuksilla' }).click();
    await page.locator('input[name="login"]').fill('ville');
    await page.locator('input[name="password"]').fill('any');
    await page.locator('button[type="submit"]').click();
    await page.getByRole('heading', { name: 'Ei käyttöoikeutta' }).waitFor();
    await page.getByRole('link', { name: 'Asiakaslähtöisyystiimi (demo)' }).waitFor();
    await assertAccessible(page, 'identity-no-access');
    await page.close();
  });

  it('lets the county’s administrator map the provider’s roles, by keyboard, at 360 px', async () => {
    const page = await browser.newPage({ locale: 'fi-FI', viewport: { width: 360, height: 780 } });
    await page.goto(`${base}/login`);
    await page.getByLabel('Käyttäjätunnus').fill('admin');
    await page.getByLabel('Salasana').fill('demo');
    await page.getByLabel('Salasana').press('Enter');
    await page.waitForURL(`${base}/admin`);
    await page.goto(`${base}/admin/identity`);
    await page.getByLabel('Rooli tai ryhmä tunnistuspalvelussa').fill('kaiku-vas-handlers');
    await page.getByLabel('Rooli', { exact: true }).selectOption('handler');
    await page.getByLabel('Organisaation taso (tunnus)').fill('TER-VAS');
    await page.getByLabel('Organisaation taso (tunnus)').press('Enter');
    await page.getByText('kaiku-vas-handlers').waitFor();
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(width <= 360, `the page is ${width} px wide`);
    await assertAccessible(page, 'identity-mappings');
    await page.close();
  });
});
