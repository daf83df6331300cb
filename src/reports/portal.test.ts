import { formatNumber } from '../shared/i18n/format.ts';
import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import ExcelJS from 'exceljs';
import { describeEachDatabase } from '../../test/helpers/databases.ts';
import { Client, testApp, visibleText } from '../../test/helpers/http.ts';
import { presetPeriod } from './period-presets.ts';

describeEachDatabase(
  'the reporting portal',
  ({ db }) => {
    let app: FastifyInstance;
    const month = presetPeriod('last-month');
    before(async () => {
      app = (await testApp(db())).app; // the demo county with its sums and every open answer analysed
    });
    after(async () => app.close());

    const client = async (user: string) => {
      const c = new Client(app);
      await c.signIn(user, 'demo');
      return c;
    };

    it('lands a manager on their own area with the numbers of the results API', async () => {
      const manager = new Client(app);
      assert.equal((await manager.signIn('manager', 'demo')).headers.location, '/portal', 'straight from the sign-in');
      assert.equal((await new Client(app).signIn('handler', 'demo')).headers.location, '/admin', 'a handler starts from the inbox links');
      const page = await manager.get('/portal');
      assert.equal(page.statusCode, 200);
      const text = visibleText(page.body);
      assert.match(text, /Asiakaskokemus: Terveydenhuolto/);
      const api = (await manager.get(`/api/v1/results?node=TER&from=${month.from}&to=${month.to}`)).json();
      const all = api.groups[0];
      assert.match(text, new RegExp(`${all.nps.value} NPS ± \\d+ ei tavoitetta ${formatNumber(all.answers, 'fi').replace(/\s/g, ' ')} vastausta`));
      const trend = (await manager.get(`/api/v1/results?node=TER&from=2000-01-01&to=${month.to}&groupBy=month`)).json();
      const last = trend.groups.at(-1);
      assert.match(text, new RegExp(`${last.key} ${last.nps.value} ± \\d+ ${last.answers}`), 'the trend table ends with the results of the last month');
      const encounter = Math.round(all.questions.encounter.shareTop2 * 100);
      assert.match(text, new RegExp(`Minulle jäi tunne, että minusta välitettiin kokonaisvaltaisesti\\. ${encounter} %`));
      assert.match(page.body, /<svg[^>]*viewBox="0 0 760 280"/, 'the trend is drawn as SVG');
      assert.match(page.body, /<a href="\/portal\?node=TER-VAS&amp;period=last-month">Vastaanottopalvelut<\/a>/, 'the level below opens');
    });

    it('speaks Swedish and English too', async () => {
      const manager = await client('manager');
      assert.match(visibleText((await manager.get('/portal?lang=sv')).body), /Kundupplevelse: Hälso- och sjukvård .* NPS per månad/);
      assert.match(visibleText((await manager.get('/portal?lang=en')).body), /Customer experience: Health care .* NPS by month/);
    });

    it('compares the level below, the siblings and groups of a background variable, small groups visibly uncertain', async () => {
      const manager = await client('manager');
      const page = await manager.get('/portal?node=TER-VAS&period=last-month&compare=ageGroup&version=&channel=&bg.segment=');
      assert.equal(page.statusCode, 200, 'the form\'s empty choices mean "all"');
      const text = visibleText(page.body);
      assert.match(text, /Rinnakkaiset yksiköt/);
      assert.doesNotMatch(page.body, /<a href="\/portal\?node=TER-ERI/, 'siblings are compared, not opened');
      assert.match(text, /Ryhmittäin: Ikäryhmä/);
      const api = (await manager.get(`/api/v1/results?node=TER-VAS&from=${month.from}&to=${month.to}&groupBy=background.ageGroup`)).json();
      assert.ok(api.groups.length >= 3, `the age groups of a month (${api.groups.length})`);
      assert.ok(
        api.groups.some((g: { suppressed: boolean }) => !g.suppressed),
        'at least one group above the anonymity threshold',
      );
      for (const g of api.groups) {
        const key = g.key.replace(/[+]/g, '\\+');
        if (g.suppressed) assert.match(text, new RegExp(`${key} alle rajan ${g.answers}`));
        else assert.match(text, new RegExp(`${key} ${g.nps.value} ± \\d+ ${g.answers}`));
      }
    });

    it('keeps another area out of reach, whatever the address says', async () => {
      const handler = await client('handler');
      assert.equal((await handler.get('/portal')).statusCode, 403, 'a handler reads feedback, not survey results');
      const unitManager = new Client(app);
      const manager = await client('manager');
      for (const path of ['/portal', '/portal/texts', '/portal/export.csv', '/portal/chart/trend.svg', '/portal/targets']) {
        assert.equal((await manager.get(`${path}?node=IKA`)).statusCode, 403, path);
      }
      assert.equal((await unitManager.get('/portal?node=TER')).statusCode, 303, 'no session, to the sign-in page');
    });

    it('sets targets that the area and the levels below are measured against', async () => {
      const manager = await client('manager');
      const form = await manager.get(`/portal/targets?node=TER&year=${month.to.slice(0, 4)}`);
      assert.equal(form.statusCode, 200);
      const refused = await manager.post('/portal/targets', {
        node: 'TER',
        year: month.to.slice(0, 4),
        survey: 'thl-national',
        t_nps: '250',
        t_encounter: '80',
      });
      assert.equal(refused.statusCode, 400);
      assert.match(visibleText(refused.body), /NPS: anna luku väliltä [−-]100–100\./);
      assert.match(refused.body, /name="t_encounter"[^>]*value="80"/, 'what was typed stays');
      const saved = await manager.post('/portal/targets', { node: 'TER', year: month.to.slice(0, 4), survey: 'thl-national', t_nps: '99', t_encounter: '10' });
      assert.equal(saved.statusCode, 303);
      const text = visibleText((await manager.get('/portal')).body);
      assert.match(text, /✗ tavoite 99 ei saavutettu/);
      assert.match(text, /✓ tavoite 10 saavutettu/);
      const below = visibleText((await manager.get('/portal?node=TER-VAS')).body);
      assert.match(below, /tavoite 99 ei saavutettu/, 'the level below inherits the target');
      const [logged] = await db().query<{ target_id: string }>("select target_id from audit_log where action = 'targets_set'");
      assert.equal(logged?.target_id, 'TER');
      const analyst = await client('analyst');
      assert.equal((await analyst.get('/portal/targets?node=TER')).statusCode, 403, 'analysts read targets, managers set them');
    });

    it('drills from a topic to the masked open answers behind it, newest first, and exports the view', async () => {
      const manager = await client('manager');
      const page = await manager.get('/portal?node=TER&period=rolling-12');
      const link = /<a href="(\/portal\/texts\?[^"]*topic=([a-z_]+))">/.exec(page.body);
      assert.ok(link, 'each topic links to its texts');
      const texts = await manager.get(link[1]!.replace(/&amp;/g, '&'));
      assert.equal(texts.statusCode, 200);
      const body = visibleText(texts.body);
      assert.match(body, /\d+ vastausta .* uusimmat ensin\. Henkilötiedot on peitetty\./);
      const quotes = [...texts.body.matchAll(/<blockquote>([^<]*)<\/blockquote>/g)];
      assert.ok(quotes.length > 0);
      const negative = await manager.get(`${link[1]!.replace(/&amp;/g, '&')}&tone=negative`);
      const tones = [...negative.body.matchAll(/tone-text-(\w+)/g)].map((m) => m[1]);
      assert.ok(tones.length > 0, 'the negative texts of the topic are listed');
      assert.deepEqual([...new Set(tones)], ['negative'], 'and only those');

      const csv = await manager.get('/portal/export.csv?node=TER&period=last-month');
      assert.equal(csv.statusCode, 200);
      assert.match(csv.headers['content-disposition'] as string, /asiakaskokemus-TER-/);
      assert.match(csv.body, /Ajanjakso,Terveydenhuolto,\d+,\d+/);
      const xlsx = await manager.get('/portal/export.xlsx?node=TER&period=last-month');
      const book = new ExcelJS.Workbook();
      await book.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
      assert.ok(book.worksheets[0]!.rowCount > 20);
      const svg = await manager.get('/portal/chart/trend.svg?node=TER&period=last-month');
      assert.equal(svg.headers['content-type'], 'image/svg+xml');
      assert.match(svg.body, /^<svg/);
    });

    it('says in words where the NPS answers pile on one middle value (elderly housing answering as on a 1–5 scale)', async () => {
      const admin = await client('admin');
      const page = await admin.get('/portal?node=IKA&survey=thl-relatives&period=rolling-12');
      assert.equal(page.statusCode, 200);
      assert.match(
        visibleText(page.body),
        /Huomio vastausten laadusta .*Asumispalvelut: \d+ % NPS-vastauksista on 5\. Vastaajat ovat ehkä käyttäneet asteikkoa kuin 1–5-asteikkoa/,
      );
      const home = await admin.get('/portal?node=TER&period=rolling-12');
      assert.doesNotMatch(home.body, /Huomio vastausten laadusta/, 'not where the answers spread as usual');
    });
  },
  { demo: 'analysed' },
);
