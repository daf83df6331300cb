import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { describeEachDatabase } from '../../test/helpers/databases.ts';
import { assertPage, Client, testApp, visibleText } from '../../test/helpers/http.ts';
import { normalisePageUrl } from './page-feedback.ts';

it('keeps only the page’s address: no query, no fragment, nothing but http(s)', () => {
  assert.equal(normalisePageUrl('https://www.kaikula.fi/palvelut/neuvola?hetu=010101-123N#top'), 'https://www.kaikula.fi/palvelut/neuvola');
  assert.equal(normalisePageUrl('javascript:alert(1)'), null);
  assert.equal(normalisePageUrl('not a url'), null);
  assert.equal(normalisePageUrl(`https://x.fi/${'a'.repeat(600)}`), null);
});

describeEachDatabase(
  '“Was this page helpful?” from the county’s web pages',
  ({ db }) => {
    let app: FastifyInstance;
    let unit = '';
    before(async () => {
      app = (await testApp(db(), { KAIKU_PUBLIC_URL: 'https://kaiku.kaikula.fi' })).app;
      [{ code: unit }] = (await db().query<{ code: string }>("select code from org_node where name_fi = 'Porvoon terveysasema 1'")) as [{ code: string }];
    });
    after(async () => app.close());

    const send = (form: Record<string, string>, headers: Record<string, string> = {}) =>
      app.inject({
        method: 'POST',
        url: '/widget/page-feedback',
        payload: new URLSearchParams(form).toString(),
        headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
      });

    it('serves a small page that may be framed by other sites and sets no cookie; other pages may not be framed', async () => {
      const frame = await app.inject(
        `/widget/page-feedback?node=${encodeURIComponent(unit)}&l=sv&page=${encodeURIComponent('https://www.kaikula.fi/sv/halsostation?x=1')}`,
      );
      assert.equal(frame.statusCode, 200);
      assert.equal(frame.headers['set-cookie'], undefined);
      assert.equal(frame.headers['x-frame-options'], undefined);
      assertPage(frame.body, /<html lang="sv">/);
      assertPage(frame.body, /Var den här sidan till hjälp\?/);
      assertPage(
        frame.body,
        new RegExp(`<a href="/respons\\?kohde=${unit}" target="_blank" rel="noopener">Vill du ha svar eller berätta mer\\? Ge respons`),
        'a way on to the full form about the same unit',
      );
      const script = await app.inject('/widget/page-feedback.js');
      assert.equal(script.statusCode, 200);
      assert.match(script.headers['content-type'] as string, /javascript/);
      for (const url of ['/palaute', '/login', '/admin/feedback']) {
        const res = await app.inject(url);
        assert.equal(res.headers['x-frame-options'], 'DENY', url);
        assert.match(res.headers['content-security-policy'] as string, /frame-ancestors 'none'/, url);
      }
    });

    it('stores the answer against the page and the node, thanks in the page’s language, and sets no cookie', async () => {
      const res = await send({
        node: unit,
        page: 'https://www.kaikula.fi/terveysasemat/porvoo?utm=x',
        l: 'fi',
        rating: 'partly',
        comment: 'Aukioloajat puuttuvat.',
      });
      assert.equal(res.statusCode, 200);
      assert.equal(res.headers['set-cookie'], undefined);
      assertPage(res.body, /Kiitos palautteestasi!/);
      assertPage(res.body, new RegExp(`<a href="/palaute\\?kohde=${unit}"`), 'the thanks is not a dead end');
      await send({ node: unit, page: 'https://www.kaikula.fi/terveysasemat/porvoo', l: 'fi', rating: 'yes' });
      await send({ node: unit, l: 'en', rating: 'no' }, { referer: 'https://www.kaikula.fi/en/health-centres?q=1' });
      const rows = await db().query<{ page_url: string; rating: string; comment: string | null; language: string }>(
        'select page_url, rating, comment, language from page_feedback order by id',
      );
      assert.deepEqual(rows, [
        { page_url: 'https://www.kaikula.fi/terveysasemat/porvoo', rating: 'partly', comment: 'Aukioloajat puuttuvat.', language: 'fi' },
        { page_url: 'https://www.kaikula.fi/terveysasemat/porvoo', rating: 'yes', comment: null, language: 'fi' },
        { page_url: 'https://www.kaikula.fi/en/health-centres', rating: 'no', comment: null, language: 'en' },
      ]);
    });

    it('asks again, in the page’s language, when no answer was chosen; a robot is thanked and nothing stored', async () => {
      const missing = await send({ node: unit, l: 'sv', comment: 'Bra' });
      assert.equal(missing.statusCode, 400);
      assertPage(missing.body, /Välj ja, delvis eller nej\./);
      const robot = await send({ node: unit, l: 'fi', rating: 'yes', website: 'http://spam.example' });
      assertPage(robot.body, /Kiitos palautteestasi!/);
      const unknown = await send({ node: 'NO-SUCH', l: 'en', rating: 'yes' });
      assert.equal(unknown.statusCode, 400);
      assert.equal((await db().query<{ n: number }>('select count(*)::int as n from page_feedback'))[0]!.n, 3);
    });

    it('shows staff the answers per page within their node, with the comments and the code to embed', async () => {
      const c = new Client(app);
      await c.signIn('handler', 'demo');
      const page = await c.get('/admin/feedback/pages?node=TER-VAS');
      assert.equal(page.statusCode, 200);
      const text = visibleText(page.body);
      assert.match(
        text,
        /https:\/\/www\.kaikula\.fi\/terveysasemat\/porvoo Porvoon terveysasema 1 Kommentit \(1\) .*Osittain: Aukioloajat puuttuvat\. 1 1 0 50 %/,
      );
      assertPage(page.body, /&lt;script src=&quot;https:\/\/kaiku\.kaikula\.fi\/widget\/page-feedback\.js&quot; data-node=&quot;TER-VAS&quot;/);
      const pro = new Client(app);
      await pro.signIn('professional', 'demo');
      assert.equal((await pro.get('/admin/feedback/pages?node=TER-VAS')).statusCode, 403);
    });

    it('shows the comments masked to those who may not read feedback', async () => {
      await app.inject({
        method: 'POST',
        url: '/widget/page-feedback',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        payload: new URLSearchParams({
          node: 'TER-VAS',
          l: 'fi',
          rating: 'no',
          page: 'https://www.kaikula.fi/terveysasemat/porvoo',
          comment: 'Sirpa ei vastannut, soitin 040\u00a0123\u00a04567, hetu 010190-123A.',
        }).toString(),
      });
      const handler = new Client(app);
      await handler.signIn('handler', 'demo');
      assert.match(
        visibleText((await handler.get('/admin/feedback/pages?node=TER-VAS')).body),
        /Sirpa ei vastannut, soitin 040.123.4567, hetu 010190-123A\./,
        'a handler reads it as written',
      );
      const analyst = new Client(app);
      await analyst.signIn('analyst', 'demo');
      const page = visibleText((await analyst.get('/admin/feedback/pages?node=TER-VAS')).body);
      assert.match(page, /\[nimi\] ei vastannut, soitin \[puhelin\], hetu \[henkilötunnus\]\./);
      assert.doesNotMatch(page, /Sirpa|4567|010190/);
    });
  },
  { demo: 'organisation' },
);
