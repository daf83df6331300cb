import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { after, before } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import type { Config } from '../../src/shared/config.ts';
import type { Db } from '../../src/shared/db.ts';
import { testTargets } from './databases.ts';
import { type DemoVariant, useDemoClock } from './demo.ts';
import { serveForBrowser } from './http.ts';

const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export async function launchBrowser(): Promise<Browser> {
  if (!fs.existsSync(chromiumPath)) {
    throw new Error(`Chromium not found at ${chromiumPath}: install Debian's chromium package (apt-get install -y chromium) or set CHROMIUM_PATH`);
  }
  const browser = await chromium.launch({
    executablePath: chromiumPath,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  // Waits for what a page shows get a generous bound: a busy machine must not fail a test.
  const newContext = browser.newContext.bind(browser);
  browser.newContext = async (options) => generous(await newContext(options));
  browser.newPage = async (options) => {
    const page = await (await browser.newContext(options)).newPage();
    // a page of its own context: closing the page closes the context, as Playwright's newPage does
    page.on(
      'close',
      () =>
        void page
          .context()
          .close()
          .catch(() => undefined),
    ); // gone already when the browser closed first
    return page;
  };
  return browser;
}

export const browserWaitMs = 180_000;

function generous(context: BrowserContext): BrowserContext {
  context.setDefaultTimeout(browserWaitMs);
  context.setDefaultNavigationTimeout(browserWaitMs);
  return context;
}

const axeSource = fs.readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

export interface AxeViolation {
  id: string;
  impact: string;
  help: string;
  nodes: { target: string[] }[];
}

/** WCAG 2.1 A and AA rules of axe-core, run in the page as it is now. */
export async function axeViolations(page: Page): Promise<AxeViolation[]> {
  // Evaluated through the browser's debugging protocol: the pages' CSP forbids inline scripts.
  await page.evaluate(axeSource);
  return page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (ctx: Document, opts: unknown) => Promise<{ violations: AxeViolation[] }> } }).axe;
    const r = await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } });
    return r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => ({ target: n.target })) }));
  });
}

export function describeViolations(v: AxeViolation[]): string {
  return v
    .map(
      (x) =>
        `${x.id} (${x.impact}): ${x.help} at ${x.nodes
          .map((n) => n.target.join(' '))
          .slice(0, 3)
          .join(', ')}`,
    )
    .join('\n');
}

const shots = path.resolve(import.meta.dirname, '../../.test-artifacts/screenshots');

/** Saves a full-page screenshot (to look at) and fails on any WCAG 2.1 A/AA problem axe finds. */
export async function assertAccessible(page: Page, name: string): Promise<void> {
  fs.mkdirSync(shots, { recursive: true });
  await page.screenshot({ path: path.join(shots, `${name}.png`), fullPage: true });
  const v = await axeViolations(page);
  assert.equal(v.length, 0, `axe found WCAG 2.1 AA problems on ${name}:\n${describeViolations(v)}`);
}

/** A new page of its own, signed in on the sign-in form as a demo staff member (password 'demo'). */
export async function signedInPage(
  s: { browser: Browser; base: string },
  username: string,
  options: { viewport: { width: number; height: number }; locale?: string },
): Promise<Page> {
  const page = await s.browser.newPage(options);
  await page.goto(`${s.base}/login`);
  await page.fill('#username', username);
  await page.fill('#password', 'demo');
  await page.click('form[action="/login"] button[type=submit]');
  await page.waitForURL((u) => !u.pathname.startsWith('/login'));
  return page;
}

/** Goes to a staff page and signs in on the Finnish sign-in form it leads to. */
export async function signInAt(page: Page, url: string, username: string, password: string): Promise<void> {
  await page.goto(url);
  await page.getByLabel('Käyttäjätunnus').fill(username);
  await page.getByLabel('Salasana').fill(password);
  await page.getByRole('button', { name: 'Kirjaudu' }).click();
}

/**
 * A browser suite's world, on the demo county's reference date: an embedded database (the demo
 * county's with `demo`) made ready by `prepare`, Kaiku serving it on
 * loopback, and Chromium; `ready` runs once all three are up. Everything is closed after the suite.
 */
export function browserSuite(
  prepare: (db: Db) => Promise<unknown>,
  opts: { env?: Record<string, string>; ready?: (s: BrowserSuite) => Promise<void>; demo?: DemoVariant } = {},
): BrowserSuite {
  const s = {} as BrowserSuite;
  useDemoClock();
  before(async () => {
    s.db = opts.demo ? await testTargets()[0]!.openDemo(opts.demo) : await testTargets()[0]!.open();
    await prepare(s.db);
    ({ app: s.app, base: s.base, config: s.config } = await serveForBrowser(s.db, opts.env));
    s.browser = await launchBrowser();
    await opts.ready?.(s);
  });
  after(async () => {
    await s.browser?.close();
    await s.app?.close();
    await s.db?.close();
  });
  return s;
}

export interface BrowserSuite {
  db: Db;
  app: FastifyInstance;
  base: string;
  config: Config;
  browser: Browser;
}

/**
 * What is wrong with the page as shown: sideways scrolling, chart text outside its chart, and
 * internal words where people's words belong — a message key ('fb.title'), a placeholder left
 * unfilled ('{n}') or a code in snake_case ('suspected_spam').
 */
export async function pageProblems(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const found: string[] = [];
    const over = document.documentElement.scrollWidth - document.documentElement.clientWidth;
    if (over > 0) found.push(`${over} px sideways`);
    for (const svg of document.querySelectorAll<SVGSVGElement>('.chart-image svg, figure svg')) {
      const frame = svg.getBoundingClientRect();
      for (const text of svg.querySelectorAll<SVGTextElement>('text')) {
        const b = text.getBoundingClientRect();
        if (b.width > 0 && (b.left < frame.left - 1 || b.right > frame.right + 1 || b.top < frame.top - 1 || b.bottom > frame.bottom + 1))
          found.push(
            `chart text cut: "${text.textContent}" (${Math.round(b.left - frame.left)}–${Math.round(b.right - frame.left)} of ${Math.round(frame.width)})`,
          );
      }
    }
    // Identifiers meant for integrators (webhook events, CSV columns, question keys) stand in <code>.
    let visible = document.body.innerText;
    for (const c of document.querySelectorAll<HTMLElement>('code, pre, kbd, samp')) visible = visible.replace(c.innerText, ' ');
    const tokens = visible.match(/\{[a-zA-Z]+\}|\b[a-z][a-zA-Z]+\.[a-z][a-zA-Z]+(?:\.[a-zA-Z_]+)*\b|\b[a-z]+_[a-z_]+\b/g) ?? [];
    const allowed = /\.(fi|se|com|org|net|eu|invalid|example|csv|xlsx|pdf|png|svg|js|txt|jsonl|json)$|^(example|demo|palaute|www)\./;
    for (const t of new Set(tokens)) if (!allowed.test(t)) found.push(`internal code shown: ${t}`);
    return found;
  });
}
