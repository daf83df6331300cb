import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { PNG } from 'pngjs';
import { describeEachDatabase } from '../../test/helpers/databases.ts';
import { assertPage, Client, testApp } from '../../test/helpers/http.ts';
import { logoType } from './brand.ts';

/** A real 2×2 PNG, drawn by pngjs. */
function tinyPng(): Buffer {
  const png = new PNG({ width: 2, height: 2 });
  png.data.fill(0x40);
  return PNG.sync.write(png);
}

describeEachDatabase(
  "the county's logo and address on the public pages",
  ({ db }) => {
    let app: FastifyInstance;
    before(async () => {
      app = (await testApp(db())).app;
    });
    after(async () => app?.close());

    it('tells a PNG and an SVG from anything else by content, not by name', () => {
      assert.equal(logoType(tinyPng()), 'image/png');
      assert.equal(logoType(Buffer.from('<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg"/>')), 'image/svg+xml');
      assert.equal(logoType(Buffer.from('<html><svg></svg></html>')), undefined);
      assert.equal(logoType(Buffer.from('GIF89a')), undefined);
    });

    it('leads a resident from the bare address and the name to the feedback form until a website is set', async () => {
      const home = await app.inject({ url: '/' });
      assert.equal(home.headers.location, '/palaute');
      const form = await app.inject({ url: '/palaute', headers: { 'accept-language': 'fi' } });
      assertPage(form.body, /<a class="brand" href="\/">Kaikulan hyvinvointialue<\/a>/);
    });

    it('takes a logo and a website from the county administrator and shows them on every public page', async () => {
      const admin = new Client(app);
      await admin.signIn('admin', 'demo');
      await admin.get('/admin/brand');
      const bad = await admin.postFile(
        '/admin/brand',
        { homeUrl: 'www.kaikula.fi' },
        { name: 'logo', filename: 'logo.png', content: Buffer.from('not an image') },
      );
      assert.equal(bad.statusCode, 400);
      assertPage(bad.body, /Logo ei ole PNG- eikä SVG-kuva[\s\S]*Osoitteen pitää alkaa https:\/\//, 'both errors at once');
      assertPage(bad.body, /value="www\.kaikula\.fi"/, 'what was typed stays');
      assert.equal((await db().query('select 1 from county_brand')).length, 0, 'nothing saved');

      const png = tinyPng();
      const ok = await admin.postFile(
        '/admin/brand',
        { homeUrl: 'https://www.kaikula.fi' },
        { name: 'logo', filename: 'logo.png', content: png, type: 'image/png' },
      );
      assert.equal(ok.statusCode, 303);
      const page = await app.inject({ url: '/palaute', headers: { 'accept-language': 'fi' } });
      const src =
        /<a class="brand" href="https:\/\/www\.kaikula\.fi"><img class="logo" src="(\/brand\/logo\?v=[0-9a-f]+)" alt height="40"\/>Kaikulan hyvinvointialue<\/a>/.exec(
          page.body,
        )?.[1];
      assert.ok(src, 'the logo beside the name, leading to the website');
      const logo = await app.inject({ url: src });
      assert.equal(logo.headers['content-type'], 'image/png');
      assert.deepEqual(logo.rawPayload, png);
      assert.match(String(logo.headers['content-security-policy']), /sandbox/);
      const staff = await admin.get('/admin');
      assert.doesNotMatch(staff.body, /brand\/logo/, 'staff pages stay Kaiku');
      const [logged] = await db().query<{ actor: string }>("select actor from audit_log where action = 'brand_saved'");
      assert.equal(logged?.actor, 'admin');

      await admin.get('/admin/brand');
      assert.equal((await admin.post('/admin/brand', { homeUrl: 'https://www.kaikula.fi', removeLogo: 'yes' })).statusCode, 303);
      assert.equal((await app.inject({ url: '/brand/logo' })).statusCode, 404);
    });

    it('is the county administrator’s alone', async () => {
      const manager = new Client(app);
      await manager.signIn('manager', 'demo');
      assert.equal((await manager.get('/admin/brand')).statusCode, 403);
    });
  },
  { demo: 'organisation' },
);
