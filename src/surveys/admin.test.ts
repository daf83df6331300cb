import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import jsQRModule from 'jsqr';
import { PNG } from 'pngjs';
import { describeEachDatabase } from '../../test/helpers/databases.ts';
import { assertPage, Client, testApp } from '../../test/helpers/http.ts';

// jsqr is CommonJS with a default export: take the function whichever way it arrives.
const jsQR = ((jsQRModule as unknown as { default?: unknown }).default ?? jsQRModule) as unknown as (
  data: Uint8ClampedArray,
  w: number,
  h: number,
) => { data: string } | null;

describeEachDatabase(
  'collection points and paper forms',
  ({ db }) => {
    let app: FastifyInstance;
    before(async () => {
      app = (await testApp(db(), { KAIKU_PUBLIC_URL: 'https://palaute.example.fi' })).app;
    });
    after(async () => app.close());

    it('gives every demo unit collection points, with answers behind them', async () => {
      const [row] = await db().query<{ units: number; answers: number; channels: string[] }>(
        `select count(distinct node_id)::int as units, (select count(*)::int from response) as answers,
              array(select distinct channel from response order by 1) as channels from collection_point`,
      );
      assert.ok(row!.units >= 300, `units with collection points: ${row!.units}`);
      assert.ok(row!.answers > 30_000, `demo answers: ${row!.answers}`);
      assert.deepEqual(row!.channels, ['kiosk', 'link', 'paper', 'qr', 'sms']);
    });

    it('lets a manager create a QR collection point in their own area, with a QR code that leads to it', async () => {
      const c = new Client(app);
      await c.signIn('manager', 'demo');
      const page = await c.get('/admin/collection-points?node=TER-SUU');
      assert.equal(page.statusCode, 200);
      const made = await c.post('/admin/collection-points', {
        survey: 'thl-national',
        node: 'TER-SUU',
        channel: 'qr',
        name: 'Odotustila',
        npsWording: 'similar_situation',
      });
      assert.equal(made.statusCode, 303);
      const list = await c.get(made.headers.location as string);
      assertPage(list.body, /Keräyspiste luotu/);
      const [{ code }] = (await db().query<{ code: string }>("select code from collection_point where name = 'Odotustila'")) as [{ code: string }];
      assertPage(list.body, new RegExp(`palaute.example.fi/s/${code}</a>`), 'the list shows the new address');
      const png = await c.get(`/admin/collection-points/${code}/qr.png`);
      assert.equal(png.headers['content-type'], 'image/png');
      const image = PNG.sync.read(png.rawPayload);
      assert.equal(jsQR(new Uint8ClampedArray(image.data), image.width, image.height)?.data, `https://palaute.example.fi/s/${code}`);
      const svg = await c.get(`/admin/collection-points/${code}/qr.svg`);
      assert.match(svg.body, /^<svg xmlns="http:\/\/www.w3.org\/2000\/svg"/);
      const pdf = await c.get(`/admin/collection-points/${code}/slip.pdf`);
      assert.equal(pdf.headers['content-type'], 'application/pdf');
      const text = pdf.rawPayload.toString('latin1');
      assert.ok(text.startsWith('%PDF-'));
      assert.match(text, /\/MediaBox \[0 0 419\.53 595\.28\]/, 'A5');
      const survey = await app.inject(`/s/${code}`);
      assertPage(survey.body, /jos hän olisi samankaltaisessa tilanteessa/, 'the chosen NPS wording');
      const asked = await c.post(`/admin/collection-points/${code}/active`, { active: 'false' });
      assert.equal(asked.statusCode, 200, 'closing asks once more');
      assertPage(asked.body, /Suljetaanko keräyspiste: Suun terveydenhuolto – Odotustila, QR-koodi\?[\s\S]*tulostetut QR-koodit/);
      assert.equal((await app.inject(`/s/${code}`)).statusCode, 200, 'still open until confirmed');
      const closed = await c.post(`/admin/collection-points/${code}/active`, { active: 'false', confirmed: 'yes' });
      assert.equal(closed.statusCode, 303);
      const gone = await app.inject({ url: `/s/${code}`, headers: { 'accept-language': 'fi' } });
      assert.equal(gone.statusCode, 410);
      assertPage(gone.body, /Tämä kysely on suljettu/);
    });

    it('shows a long list fifty at a time, with the way on and back', async () => {
      const c = new Client(app);
      await c.signIn('admin', 'demo');
      const total = (await db().query<{ n: number }>('select count(*)::int as n from collection_point'))[0]!.n;
      assert.ok(total > 100, `the demo has many collection points (${total})`);
      const first = await c.get('/admin/collection-points');
      assert.equal((first.body.match(/\/active"/g) ?? []).length, 50);
      assertPage(first.body, new RegExp(`Näytetään 1–50 / ${total.toLocaleString('fi-FI').replace(/\s/g, '\\s')}`));
      assertPage(first.body, /<a href="\/admin\/collection-points\?page=2">Seuraavat<\/a>/);
      const last = Math.ceil(total / 50);
      const end = await c.get(`/admin/collection-points?page=${last + 5}`);
      assert.equal((end.body.match(/\/active"/g) ?? []).length, total - (last - 1) * 50, 'past the end shows the last page');
      assertPage(end.body, new RegExp(`<a href="/admin/collection-points\\?page=${last - 1}">Edelliset</a>`));
      assert.equal((await c.get('/admin/collection-points?page=x')).statusCode, 200);
    });

    it('refuses a manager outside their area', async () => {
      const c = new Client(app);
      await c.signIn('manager', 'demo');
      const res = await c.post('/admin/collection-points', { survey: 'thl-national', node: 'IKA-KOT', channel: 'qr' });
      assert.equal(res.statusCode, 403);
    });

    it('takes paper forms by keyboard, one after another, and marks them as paper', async () => {
      const c = new Client(app);
      await c.signIn('professional', 'demo');
      const [cp] = await db().query<{ code: string; id: number }>(
        "select cp.code, cp.id from collection_point cp join org_node n on n.id = cp.node_id join org_node a on a.id = n.parent_id where cp.channel = 'paper' and a.code = 'TER-VAS' and cp.survey_id = 'thl-national' limit 1",
      );
      const before = (await db().query<{ n: number }>('select count(*)::int as n from response where collection_point_id = $1', [cp!.id]))[0]!.n;
      const form = await c.get(`/admin/paper/${cp!.code}`);
      assert.equal(form.statusCode, 200);
      const nonce = /name="_nonce" value="([^"]+)"/.exec(form.body)![1]!;
      const bad = await c.post(`/admin/paper/${cp!.code}`, { _nonce: nonce, _date: '2026-11-02', q_nps: '12', q_availability: '4' });
      assert.equal(bad.statusCode, 400);
      assertPage(bad.body, /Kirjoita kokonaisluku 0–10\./);
      assert.doesNotMatch(bad.body, /must be|integer/, 'nothing in English on a Finnish page');
      assertPage(bad.body, /value="4"/, 'what was typed stays');
      const ok = await c.post(`/admin/paper/${cp!.code}`, {
        _nonce: nonce,
        _date: '2026-11-02',
        q_nps: '8',
        q_availability: '4',
        q_encounter: '',
        q_nps_open: 'Paperilla annettu',
      });
      assert.equal(ok.statusCode, 303);
      await c.post(`/admin/paper/${cp!.code}`, { _nonce: nonce, _date: '2026-11-02', q_nps: '8', q_availability: '4' }); // double Enter
      const next = await c.get(ok.headers.location as string);
      assertPage(next.body, /Lomake tallennettu/);
      assertPage(next.body, /value="2026-11-02"/, 'the date stays for the next form');
      const rows = await db().query<{ channel: string; answers: Record<string, unknown>; day: string }>(
        `select channel, answers, to_char(submitted_at at time zone 'Europe/Helsinki', 'YYYY-MM-DD') as day from response where collection_point_id = $1 order by id desc`,
        [cp!.id],
      );
      assert.equal(rows.length, before + 1);
      assert.deepEqual([rows[0]!.channel, rows[0]!.answers.nps, rows[0]!.answers.encounter, rows[0]!.day], ['paper', 8, null, '2026-11-02']);
    });

    it('lets a county administrator append an own question, which respondents then see on a last page', async () => {
      const c = new Client(app);
      await c.signIn('admin', 'demo');
      const res = await c.post('/admin/surveys/thl-national/add', {
        key: 'good_mood',
        type: 'likert',
        fi: 'Minulle jäi hyvä mieli kohtaamisestani ammattilaisten kanssa.',
        sv: 'Jag blev på gott humör av mötet med personalen.',
        en: 'I was left in a good mood.',
      });
      assert.equal(res.statusCode, 303);
      const page = await c.get('/admin/surveys/thl-national');
      assertPage(page.body, /Uusi versio julkaistu/);
      assertPage(page.body, /Minulle jäi hyvä mieli kohtaamisestani ammattilaisten kanssa.[\s\S]*good_mood[\s\S]*oma kysymys/);
      const bad = await c.post('/admin/surveys/thl-national/add', { key: 'nps', type: 'likert', fi: 'x' });
      assert.equal(bad.statusCode, 400);
      assertPage(bad.body, /Tunniste on kansallisen kysymyksen: valitse toinen tunniste\./);
      assert.doesNotMatch(bad.body, /is a national question/, 'nothing in English on a Finnish page');
      const versions = async () => (await db().query<{ n: number }>("select count(*)::int as n from survey_version where survey_id = 'thl-national'"))[0]!.n;
      const published = await versions();
      for (const body of [{}, { key: '' }, { key: 'nps' }, { key: 'no_such_question' }] as Record<string, string>[]) {
        const refused = await c.post('/admin/surveys/thl-national/remove', body);
        assert.equal(refused.statusCode, 400, `remove ${JSON.stringify(body)}`);
        assertPage(refused.body, /Kyselyssä ei ole tällaista omaa kysymystä/);
      }
      assert.equal(await versions(), published, 'a refused removal publishes nothing');
      const [cp] = await db().query<{ code: string }>("select code from collection_point where survey_id = 'thl-national' and channel = 'qr' limit 1");
      assertPage((await app.inject(`/s/${cp!.code}`)).body, /Vaihe 1 \/ 3/);
      const manager = new Client(app);
      await manager.signIn('manager', 'demo');
      assert.equal((await manager.post('/admin/surveys/thl-national/add', { key: 'x1', type: 'likert', fi: 'x' })).statusCode, 403);
    });

    it('never takes a language away unasked: says so at the form, keeps what was typed, and publishes once confirmed', async () => {
      const c = new Client(app);
      await c.signIn('admin', 'demo');
      const versions = async () => (await db().query<{ n: number }>("select count(*)::int as n from survey_version where survey_id = 'thl-youth'"))[0]!.n;
      const before = await versions();
      const refused = await c.post('/admin/surveys/thl-youth/add', {
        key: '',
        type: 'yesno',
        fi: 'Saitko tarvitsemasi tuen koulussa?',
        sv: 'Fick du stöd i skolan?',
      });
      assert.equal(refused.statusCode, 400);
      assertPage(refused.body, /Kysely ei olisi enää tarjolla kielillä: englanti, koska/);
      assertPage(refused.body, /value="Saitko tarvitsemasi tuen koulussa\?"/, 'the Finnish text stays');
      assertPage(refused.body, /value="Fick du stöd i skolan\?"/);
      assertPage(refused.body, /<option value="yesno" selected/);
      assertPage(refused.body, /name="dropLanguages" value="en"/);
      assert.equal(await versions(), before, 'nothing was published');
      const badKey = await c.post('/admin/surveys/thl-youth/add', { key: 'Huono tunniste', type: 'likert', fi: 'Koulussa oli hyvä olla.', sv: 'x', en: 'y' });
      assertPage(badKey.body, /id="s-key-error">Tunnisteessa saa olla pieniä kirjaimia/, 'the error is at the field, in Finnish');
      assertPage(badKey.body, /value="Huono tunniste"/);
      const confirmed = await c.post('/admin/surveys/thl-youth/add', {
        key: '',
        type: 'yesno',
        fi: 'Saitko tarvitsemasi tuen koulussa?',
        sv: 'Fick du stöd i skolan?',
        dropLanguages: 'en',
      });
      assert.equal(confirmed.statusCode, 303);
      const page = await c.get('/admin/surveys/thl-youth');
      assertPage(page.body, /saitko_tarvitsemasi_tuen/, 'the identifier is made from the Finnish text');
      assertPage(page.body, /Vastaajat voivat valita kielen: suomi, ruotsi\./);
    });

    it('publishes the managers’ survey of seed 001 from its ready template', async () => {
      const c = new Client(app);
      await c.signIn('admin', 'demo');
      const list = await c.get('/admin/surveys');
      assertPage(list.body, /Valmiit kyselypohjat[\s\S]*Miten hyödynnät asiakaspalautetietoa\?/);
      const made = await c.post('/admin/surveys/templates/managers-feedback-use', {});
      assert.equal(made.statusCode, 303);
      assert.equal(made.headers.location, '/admin/surveys/managers-feedback-use');
      const page = await c.get('/admin/surveys/managers-feedback-use');
      assertPage(page.body, /Mihin asiakaspalautteita on hyödynnetty\?[\s\S]*Monivalinta \(useita\)/);
      const after = await c.get('/admin/surveys');
      assertPage(after.body, /Hyvinvointialueen omat kyselyt[\s\S]*Miten hyödynnät asiakaspalautetietoa\?/);
      assert.doesNotMatch(after.body, /Valmiit kyselypohjat/, 'a published template is no longer offered');
      const again = await c.post('/admin/surveys/templates/managers-feedback-use', {});
      assert.equal(again.statusCode, 303);
      const n = await db().query<{ n: number }>("select count(*)::int as n from survey_version where survey_id = 'managers-feedback-use'");
      assert.equal(n[0]!.n, 1, 'publishing a template twice opens it, never a second version');
    });
  },
  { demo: 'county' },
);
