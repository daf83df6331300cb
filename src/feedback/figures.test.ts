import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import ExcelJS from 'exceljs';
import type { FastifyInstance } from 'fastify';
import { describeEachDatabase } from '../../test/helpers/databases.ts';
import { assertPage, Client, testApp, visibleText } from '../../test/helpers/http.ts';
import { createFeedback } from './create-feedback.ts';
import { markHandled } from './handle-feedback.ts';

const system = { kind: 'system', name: 'test' } as const;

describeEachDatabase(
  'what managers see of feedback: figures, what it led to, exports',
  ({ db }) => {
    let app: FastifyInstance;
    before(async () => {
      app = (await testApp(db())).app;
      const units = await db().query<{ code: string }>(
        "select code from org_node where parent_id = (select id from org_node where code = 'TER-VAS') and kind = 'unit' order by name_fi limit 2",
      );
      const [u1, u2] = units.map((u) => u.code) as [string, string];
      const add = async (target: string, received: string, text: string, handledAfterDays?: number, effects: string[] = [], description = '') => {
        const f = await createFeedback(
          db(),
          null,
          { target, text, contact: { name: 'Aino Asiakas', email: 'aino@example.fi' } },
          { receivedAt: new Date(received) },
        );
        if (handledAfterDays !== undefined) {
          await markHandled(db(), system, f.id, { effects, description });
          await db().query('update feedback set handled_at = received_at + make_interval(days => $2) where id = $1', [f.id, handledAfterDays]);
        }
      };
      await add(u1, '2026-03-10T10:00:00+02:00', 'Hyvä palvelu, kiitos!', 2, ['training'], 'Kiitos välitetty tiimille ja perehdytykseen.');
      await add(u1, '2026-03-20T10:00:00+02:00', '=HYPERLINK("http://evil.example")', 10, ['noted', 'training'], 'Ohjeistus käydään läpi.');
      await add(u1, '2026-04-05T10:00:00+03:00', 'Odotin vastausta turhaan.');
      await createFeedback(db(), null, { target: u1, text: 'Robotin viesti', honeypot: 'x' }, { receivedAt: new Date('2026-04-06T10:00:00+03:00') });
      // with what people really type: a no-break space, an en dash, dots, a bare country code, a
      // dash-like separator in an identity code, letters run on after one, a name opening a sentence
      await add(
        u2,
        '2026-04-07T10:00:00+03:00',
        'Ajanvaraus ei toiminut, hoitaja Minna neuvoi numerosta 040 765 4321. Soittakaa 040\u00a0123\u00a04567 tai 044–765 4321 tai 050.123.4567 tai 358401234567. Hetu 010190\u2010123A ja 010190\u2212123Ab. Sirpa kohteli minua hyvin.',
        4,
        ['changed_practice'],
        'Ajanvarauksen ohje uusittu, yhteyshenkilö Pekka Virtanen.',
      );
    });
    after(async () => app.close());

    const client = async (user: string) => {
      const c = new Client(app);
      await c.signIn(user, 'demo');
      return c;
    };
    const period = 'from=2026-03&to=2026-04';

    it('counts received, handled in time, median handling time, overdue now and the effects, by month and by unit', async () => {
      const res = await (await client('manager')).get(`/api/v1/feedback/figures?node=TER-VAS&${period}`);
      assert.equal(res.statusCode, 200);
      const f = res.json();
      assert.deepEqual(f.totals, { received: 4, handled: 3, handledInTime: 2, inTimeShare: 0.5, medianDays: 4, overdueNow: 1 });
      assert.deepEqual(
        f.byMonth.map((m: { month: string; received: number; handledInTime: number }) => [m.month, m.received, m.handledInTime]),
        [
          ['2026-03', 2, 1],
          ['2026-04', 2, 1],
        ],
      );
      assert.deepEqual(
        f.byNode.map((n: { received: number }) => n.received),
        [3, 1],
      );
      assert.deepEqual(
        Object.fromEntries(f.effects.filter((e: { count: number }) => e.count).map((e: { effect: string; count: number }) => [e.effect, e.count])),
        { training: 2, noted: 1, changed_practice: 1 },
      );
    });

    it('shows the figures with a chart by month and links down the tree', async () => {
      const c = await client('manager');
      const page = await c.get(`/admin/feedback/figures?node=TER&${period}`);
      assert.equal(page.statusCode, 200);
      assertPage(page.body, /<svg id="fb-months"[^>]*role="img"/);
      const text = visibleText(page.body);
      assert.match(text, /4 saapunutta palautetta 50 % käsitelty määräajassa 4 käsittelyaika, mediaani \(vrk\) 1 myöhässä nyt/);
      assert.match(page.body, /href="\/admin\/feedback\/figures\?node=TER-VAS&amp;from=2026-03&amp;to=2026-04"/, 'drill down to the result area');
      assert.match(text, /Johti lisäkoulutukseen tai -ohjaukseen 2/);
      const bad = await c.get('/admin/feedback/figures?node=TER&from=2026-05&to=2026-01');
      assert.equal(bad.statusCode, 400);
    });

    it('lists what feedback led to per unit, ready for the self-monitoring report, without the feedback or the customer', async () => {
      const page = await (await client('handler')).get(`/admin/feedback/led-to?node=TER-VAS&${period}`);
      assert.equal(page.statusCode, 200);
      assertPage(page.body, /Kiitos välitetty tiimille ja perehdytykseen\./);
      assertPage(page.body, /Johti toimintatavan muutokseen, hankintaan tai uuteen toimintatapaan\. Ajanvarauksen ohje uusittu, yhteyshenkilö \[nimi\]\./);
      assert.doesNotMatch(page.body, /Pekka|Virtanen/, 'names in what the handler wrote are masked');
      assert.doesNotMatch(page.body, /Hyvä palvelu|Aino|aino@example|K-2026-/);
    });

    it('exports the feedback with text and contact details to its handlers, without them to analysts, and logs each export', async () => {
      const handler = await (await client('handler')).get(`/admin/feedback/export.csv?node=TER-VAS&${period}`);
      assert.equal(handler.statusCode, 200);
      assert.match(handler.headers['content-disposition'] as string, /attachment; filename="palaute-TER-VAS-2026-03-2026-04\.csv"/);
      const lines = handler.body
        .replace(/^\ufeff/, '')
        .trim()
        .split('\r\n');
      assert.equal(lines.length, 5, 'a header and the four, spam left out');
      assert.match(lines[0]!, /^Viitenumero,Vastaanotettu,.*,Palaute,Nimi,Sähköposti,Puhelin$/);
      assert.match(handler.body, /2026-03-10 10:00,2026-03-17 10:00,2026-03-12 10:00,Käsitelty/, 'Helsinki time');
      assert.match(handler.body, /"'=HYPERLINK\(""http:\/\/evil\.example""\)"/, 'a formula is written as text');
      assert.match(handler.body, /aino@example\.fi/);

      const analyst = await (await client('analyst')).get(`/admin/feedback/export.csv?node=TER-VAS&${period}`);
      assert.equal(analyst.statusCode, 200);
      assert.doesNotMatch(analyst.body, /aino|Sähköposti|040 765|Minna/, 'no contact details, and the text masked');
      assert.match(
        analyst.body,
        /Ajanvaraus ei toiminut, hoitaja \[nimi\] neuvoi numerosta \[puhelin\]\. Soittakaa \[puhelin\] tai \[puhelin\] tai \[puhelin\] tai \[puhelin\]\. Hetu \[henkilötunnus\] ja \[henkilötunnus\]\. \[nimi\] kohteli minua hyvin\./,
      );
      assert.doesNotMatch(analyst.body, /4567|4321|010190|Sirpa/);

      const xlsx = await (await client('manager')).get(`/admin/feedback/export.xlsx?node=TER-VAS&${period}`);
      assert.equal(xlsx.statusCode, 200);
      const book = new ExcelJS.Workbook();
      await book.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
      const sheet = book.worksheets[0]!;
      assert.equal(sheet.rowCount, 5);
      assert.equal(sheet.getRow(2).getCell(13).value, 'Kiitos välitetty tiimille ja perehdytykseen.');

      const logged = await db().query<{ actor: string; details: { personalData: boolean; rows: number; format: string } }>(
        "select actor, details from audit_log where action = 'feedback_export' order by id",
      );
      assert.deepEqual(
        logged.map((l) => [l.actor, l.details.format, l.details.rows, l.details.personalData]),
        [
          ['handler', 'csv', 4, true],
          ['analyst', 'csv', 4, false],
          ['manager', 'xlsx', 4, true],
        ],
      );
    });

    it('is not for professionals, nor for anyone outside the node', async () => {
      assert.equal((await (await client('professional')).get(`/admin/feedback/figures?node=TER-VAS&${period}`)).statusCode, 403);
      assert.equal((await (await client('handler')).get(`/admin/feedback/export.csv?node=TER&${period}`)).statusCode, 403);
      assert.equal((await (await client('manager')).get(`/admin/feedback/led-to?node=IKA&${period}`)).statusCode, 403);
    });
  },
  { demo: 'organisation' },
);
