import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { describeEachDatabase } from '../../test/helpers/databases.ts';
import { assertPage, Client, testApp, visibleText } from '../../test/helpers/http.ts';
import { findNodeByCode } from '../organisation/tree-queries.ts';

const adminKey = 'test-admin-key-0123456789abcdef';
const header = 'code,parent_code,kind,name_fi,name_sv,name_en,active';

describeEachDatabase(
  'HTTP',
  ({ db }) => {
    let app: FastifyInstance;
    before(async () => {
      app = (await testApp(db(), { KAIKU_ADMIN_API_KEY: adminKey })).app;
    });
    after(async () => app.close());

    it('answers the health check when the database answers', async () => {
      const res = await app.inject('/healthz');
      assert.equal(res.statusCode, 200);
      assert.equal(res.json().status, 'ok');
    });

    it('serves the public unit typeahead in the documented shape, in the asked language', async () => {
      const res = await app.inject('/api/v1/units?q=borg%C3%A5%20h%C3%A4lso');
      assert.equal(res.statusCode, 200);
      const { units } = res.json() as { units: { code: string; name: { fi: string; sv: string; en: string }; path: string[] }[] };
      assert.equal(units[0]?.name.fi, 'Porvoon terveysasema 1');
      assert.equal(units[0]?.name.sv, 'Borgå hälsostation 1');
      assert.deepEqual(units[0]?.path, ['Kaikulan hyvinvointialue', 'Terveydenhuolto', 'Vastaanottopalvelut']);
      const sv = (await app.inject('/api/v1/units?q=hammas&lang=sv&limit=1')).json() as { units: { path: string[] }[] };
      assert.deepEqual(sv.units[0]?.path, ['Kaikula välfärdsområde', 'Hälso- och sjukvård', 'Munhälsovård']);
      const tooLong = await app.inject(`/api/v1/units?q=${'a'.repeat(300)}`);
      assert.equal(tooLong.statusCode, 400);
      assert.equal(tooLong.json().error.code, 'invalid');
    });

    it('sends a signed-out visitor to sign-in, and signs in with secure HttpOnly SameSite cookies', async () => {
      const c = new Client(app);
      const res = await c.get('/admin/org');
      assert.equal(res.statusCode, 303);
      assert.equal(res.headers.location, '/login?next=%2Fadmin%2Forg');
      const wrong = await c.signIn('admin', 'nope');
      assert.equal(wrong.statusCode, 401);
      assertPage(wrong.body, /Käyttäjätunnus tai salasana on väärin/);
      const ok = await c.signIn('admin', 'demo');
      assert.equal(ok.statusCode, 303);
      const cookie = ok.cookies.find((x) => x.name === 'kaiku_session') as { httpOnly?: boolean; secure?: boolean; sameSite?: string };
      assert.equal(cookie.httpOnly, true);
      assert.equal(cookie.secure, true);
      assert.equal(cookie.sameSite, 'Lax');
      const home = await c.get('/admin');
      assertPage(home.body, /Tervetuloa, Asiakaslähtöisyystiimi/);
      assertPage(home.body, /Yksiköt<\/div><div class="big">325</);
      assertPage(home.body, /<a href="\/admin" aria-current="page">Etusivu<\/a>/);
      const account = await c.get('/admin/account');
      assert.doesNotMatch(account.body, /aria-current="page">Etusivu/, 'a page outside the menu does not light up the front page');
      const user = await c.get('/admin/users/handler');
      assertPage(user.body, /<a href="\/admin\/manage" aria-current="page">Ylläpito<\/a>/, 'settings are under the administration link');
      assert.doesNotMatch(user.body, /<nav[^>]*>[\s\S]*href="\/admin\/users"[\s\S]*<\/nav>/, 'not in the header');
      const manage = await c.get('/admin/manage');
      assertPage(manage.body, /<h2 id="manage-people">Käyttäjät ja kirjautuminen<\/h2><ul><li><a href="\/admin\/users">Käyttäjät<\/a>/);
      assertPage(manage.body, /<h2 id="manage-system">Liittymät ja lokit<\/h2>/);
    });

    it('refuses a sign-in form posted from another site', async () => {
      const c = new Client(app);
      const res = await c.post('/login', { username: 'admin', password: 'demo', _login: 'forged' }, { csrf: false });
      assert.equal(res.statusCode, 403);
      assert.equal(
        res.cookies.some((x) => x.name === 'kaiku_session'),
        false,
      );
    });

    it('refuses a state-changing form without the session CSRF token', async () => {
      const c = new Client(app);
      await c.signIn('admin', 'demo');
      const forged = await c.post('/admin/users', { _csrf: 'wrong', username: 'evil', displayName: 'Evil', password: 'long enough pw' });
      assert.equal(forged.statusCode, 403);
      assertPage(forged.body, /Lomake on vanhentunut/);
      const made = await c.post('/admin/users', { username: 'liisa', displayName: 'Liisa Laine', password: 'long enough pw', locale: 'sv' });
      assert.equal(made.statusCode, 303);
      assert.equal(made.headers.location, '/admin/users/liisa');
      const granted = await c.post('/admin/users/liisa/grant', { role: 'handler', node: 'IKA-KOT' });
      assert.equal(granted.statusCode, 303);
      const liisa = new Client(app);
      await liisa.signIn('liisa', 'long enough pw');
      assertPage((await liisa.get('/admin')).body, /Välkommen, Liisa Laine/, 'her own language');
    });

    it('shows the form again with a translated message for bad input, keeping what exists', async () => {
      const c = new Client(app);
      await c.signIn('admin', 'demo');
      await c.get('/admin/users?lang=en');
      const res = await c.post('/admin/users', { username: 'x', displayName: 'X', password: 'short' });
      assert.equal(res.statusCode, 400);
      assertPage(res.body, /A user name has 2–64 characters/);
      assertPage(res.body, /The password must be at least 10 characters/);
    });

    it('lets a manager see their own subtree only, and not administration', async () => {
      const c = new Client(app);
      await c.signIn('manager', 'demo'); // scoped to the health care division
      assert.equal((await c.get('/admin/org/TER-VAS')).statusCode, 200);
      assert.equal((await c.get('/admin/org/IKA')).statusCode, 403);
      assert.equal((await c.get('/admin/users')).statusCode, 403);
      assert.equal((await c.get('/admin/org/import')).statusCode, 403);
      const search = await c.get('/admin/org?q=porvoo');
      assertPage(search.body, /Porvoon terveysasema 1/);
      assert.doesNotMatch(search.body, /Porvoon paloasema/, 'rescue services are outside the manager’s division');
    });

    it('imports a tree from the admin UI and shows what changed; a bad file shows numbered lines and changes nothing', async () => {
      const c = new Client(app);
      await c.signIn('admin', 'demo');
      const csv = [header, 'POP-1,TER-VAS,unit,Pop-up-vastaanotto,Pop up-mottagning,Pop-up clinic,true'].join('\n');
      const res = await c.postFile('/admin/org/import', { partial: 'true' }, { name: 'file', filename: 'org.csv', content: csv });
      assert.equal(res.statusCode, 303);
      const page = await c.get(res.headers.location as string);
      assertPage(page.body, /Tuonti valmis: 1 riviä, 1 lisätty, 0 muutettu, 0 suljettu, 0 ennallaan/);
      assert.ok(await findNodeByCode(db(), 'POP-1'));

      const bad = [header, 'POP-2,TER-VAS,unit,Uusi,,,true', 'POP-3,NOWHERE,unit,Orpo,,,true'].join('\n');
      const res2 = await c.postFile('/admin/org/import', { partial: 'true' }, { name: 'file', filename: 'bad.csv', content: bad });
      const page2 = await c.get(res2.headers.location as string);
      assert.equal(page2.statusCode, 422);
      assertPage(page2.body, /Tiedostossa on 1 virhettä. Mitään ei muutettu./);
      assertPage(page2.body, /<td>3<\/td><td>Ylemmän tason tunnusta NOWHERE ei löydy.<\/td>/);
      assert.equal(await findNodeByCode(db(), 'POP-2'), undefined);
    });

    it('edits a node: a move into its own subtree is refused with the reason, a rename is saved and logged', async () => {
      const c = new Client(app);
      await c.signIn('admin', 'demo');
      await c.get('/admin?lang=en');
      const refused = await c.post('/admin/org/TER-VAS', { name_fi: 'Vastaanottopalvelut', parent: 'POP-1', active: 'true' });
      assert.equal(refused.statusCode, 400);
      assertPage(refused.body, /A result_area cannot be under a unit/);
      const saved = await c.post('/admin/org/POP-1', {
        name_fi: 'Pop-up-vastaanotto Kerava',
        name_sv: '',
        name_en: 'Pop-up clinic Kerava',
        parent: 'TER-VAS',
        active: 'true',
      });
      assert.equal(saved.statusCode, 303);
      const page = await c.get('/admin/org/POP-1');
      assertPage(page.body, /Changes saved/);
      assertPage(page.body, /name_fi: Pop-up-vastaanotto → Pop-up-vastaanotto Kerava/);
    });

    it('imports over the integration API with a bearer key, and refuses keys without the scope', async () => {
      const csv = [header, 'API-1,TER-VAS,unit,Rajapintayksikkö,,,true'].join('\n');
      const noKey = await app.inject({ method: 'POST', url: '/api/v1/org/import?partial=true', payload: csv, headers: { 'content-type': 'text/csv' } });
      assert.equal(noKey.statusCode, 401);
      const res = await app.inject({
        method: 'POST',
        url: '/api/v1/org/import?partial=true',
        payload: csv,
        headers: { 'content-type': 'text/csv', authorization: `Bearer ${adminKey}` },
      });
      assert.equal(res.statusCode, 200);
      assert.deepEqual(res.json().added, ['API-1']);
      const node = await app.inject({ url: '/api/v1/org/nodes/API-1', headers: { authorization: `Bearer ${adminKey}` } });
      assert.equal(
        node
          .json()
          .path.map((p: { code: string }) => p.code)
          .join('/'),
        'DEMO/TER/TER-VAS',
      );

      const c = new Client(app);
      await c.signIn('admin', 'demo');
      const keyPage = await c.post('/admin/api-keys', { name: 'Raportointi', scopes: ['org:read'] });
      const key = /class="key">([^<]+)</.exec(keyPage.body)?.[1];
      assert.ok(key, 'the new key is shown once');
      const forbidden = await app.inject({
        method: 'POST',
        url: '/api/v1/org/import',
        payload: csv,
        headers: { 'content-type': 'text/csv', authorization: `Bearer ${key}` },
      });
      assert.equal(forbidden.statusCode, 403);
      const bogus = await app.inject({ url: '/api/v1/org/nodes/DEMO', headers: { authorization: 'Bearer kaiku_000000000000_nope' } });
      assert.equal(bogus.statusCode, 401);
    });

    it('refuses oversized bodies with 413 and a clear error', async () => {
      const huge = 'x'.repeat(21 * 1024 * 1024);
      const res = await app.inject({
        method: 'POST',
        url: '/api/v1/org/import',
        payload: huge,
        headers: { 'content-type': 'text/csv', authorization: `Bearer ${adminKey}` },
      });
      assert.equal(res.statusCode, 413);
      assert.equal(res.json().error.code, 'tooLarge');
    });

    it('records sign-ins and permission changes in the audit log, shown to administrators', async () => {
      const c = new Client(app, { 'accept-language': 'en' });
      await c.signIn('admin', 'demo');
      const page = await c.get('/admin/audit?action=role_granted');
      assert.equal(page.statusCode, 200);
      assertPage(page.body, /liisa/);
      assertPage(page.body, /IKA-KOT/);
      const api = await app.inject({ url: '/api/v1/audit?action=sign_in_failed', headers: { authorization: `Bearer ${adminKey}` } });
      assert.ok((api.json().entries as { target_id: string }[]).some((e) => e.target_id === 'admin'));
    });

    it('speaks the visitor’s language: Accept-Language first, then the switch, which sticks', async () => {
      const sv = await app.inject({ url: '/login', headers: { 'accept-language': 'sv-FI,sv;q=0.9,en;q=0.5' } });
      assertPage(sv.body, /<html lang="sv">/);
      assertPage(sv.body, /Logga in/);
      const c = new Client(app, { 'accept-language': 'sv' });
      const en = await c.get('/login?lang=en');
      assertPage(en.body, /<h1>Sign in<\/h1>/);
      assertPage((await c.get('/login')).body, /<h1>Sign in<\/h1>/);
    });

    it('limits sign-in attempts per client address', async () => {
      const c = new Client(app);
      let last = 0;
      for (let i = 0; i < 25 && last !== 429; i++) last = (await c.post('/login', { username: 'x', password: 'y', _login: 'z' }, { csrf: false })).statusCode;
      assert.equal(last, 429);
    });

    it('describes the integration API in OpenAPI, and its example answer is accepted as documented', async () => {
      const doc = (await app.inject('/api/v1/openapi.json')).json();
      assert.equal(doc.openapi, '3.1.0');
      for (const path of ['/api/v1/responses', '/api/v1/results', '/api/v1/surveys', '/api/v1/units']) assert.ok(doc.paths[path], path);
      const example = doc.paths['/api/v1/responses'].post.requestBody.content['application/json'].example;
      const res = await app.inject({ method: 'POST', url: '/api/v1/responses', payload: example, headers: { authorization: `Bearer ${adminKey}` } });
      assert.equal(res.statusCode, 200);
      assert.deepEqual(
        res.json().results.map((r: { status: string }) => r.status),
        ['created'],
      );
      const results = await app.inject({
        url: '/api/v1/results?node=TER-VAS&groupBy=month&from=2026-10-01&to=2026-10-31',
        headers: { authorization: `Bearer ${adminKey}` },
      });
      const body = results.json();
      assert.equal(body.groups.length, 1);
      assert.equal(body.groups[0].key, '2026-10');
      assert.ok(body.groups[0].answers > 0);
    });

    it('refuses text with a NUL character on every way in, in the sender’s language, storing nothing', async () => {
      const [{ code: unit }] = (await db().query<{ code: string }>("select code from org_node where kind = 'unit' order by code limit 1")) as [
        { code: string },
      ];
      const before = (await db().query<{ n: number }>('select (select count(*) from feedback) + (select count(*) from page_feedback) as n'))[0]!.n;
      const form = (url: string, body: string) =>
        app.inject({ method: 'POST', url, payload: body, headers: { 'content-type': 'application/x-www-form-urlencoded' } });
      const fi = await form('/palaute', `action=send&category=TER&target=${unit}&text=Hyv%C3%A4%00palvelu`);
      assert.equal(fi.statusCode, 400);
      assert.match(visibleText(fi.body), /merkki, jota ei voi tallentaa/);
      const sv = await form('/respons?lang=sv', `action=send&category=TER&target=${unit}&text=Bra%00service`);
      assert.equal(sv.statusCode, 400);
      assert.match(visibleText(sv.body), /ett tecken som inte kan sparas/);
      const widget = await form('/widget/page-feedback', 'node=TER&rating=no&comment=a%00b&page=https%3A%2F%2Fwww.kaikula.fi%2F');
      assert.equal(widget.statusCode, 400);
      const api = await app.inject({
        method: 'POST',
        url: '/api/v1/feedback',
        payload: { target: unit, text: 'Hei\u0000maailma' },
        headers: { authorization: `Bearer ${adminKey}` },
      });
      assert.equal(api.statusCode, 400);
      assert.deepEqual(api.json().error, { code: 'invalid', message: 'nul_character', details: { field: 'text' } });
      const answers = await app.inject({
        method: 'POST',
        url: '/api/v1/responses',
        payload: {
          responses: [
            { idempotencyKey: 'n1', survey: 'thl-national', unit, channel: 'api', submittedAt: '2026-11-20T10:00:00+02:00', answers: { nps_open: 'a\u0000b' } },
          ],
        },
        headers: { authorization: `Bearer ${adminKey}` },
      });
      assert.equal(answers.statusCode, 400);
      assert.equal(answers.json().error.details.field, 'responses.0.answers.nps_open');
      assert.equal((await db().query<{ n: number }>('select (select count(*) from feedback) + (select count(*) from page_feedback) as n'))[0]!.n, before);
    });
  },
  { demo: 'organisation' },
);
