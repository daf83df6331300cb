import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { describeEachDatabase } from '../../test/helpers/databases.ts';
import { assertPage, Client, testApp } from '../../test/helpers/http.ts';
import { createCollectionPoint } from './collection-points.ts';
import { latestVersion } from './survey-queries.ts';
import { PNG } from 'pngjs';
import { createApiKey } from '../access/api-keys.ts';

const system = { kind: 'system', name: 'test' } as const;

/** The rescue-services survey of the issue as the editor's form sends it. */
const rescue = {
  key: '',
  title_fi: 'Pelastustoimen asiakaskysely',
  title_sv: 'Räddningsväsendets kundenkät',
  title_en: '',
  intro_fi: '',
  intro_sv: '',
  intro_en: '',
  startsAt: '2026-12-01',
  endsAt: '2027-02-28',
  count: '3',
  q0_type: 'yesno',
  q0_fi: 'Saitko apua riittävän nopeasti?',
  q0_sv: 'Fick du hjälp tillräckligt snabbt?',
  q0_en: '',
  q0_required: 'true',
  q1_type: 'choice',
  q1_fi: 'Mikä olisi auttanut?',
  q1_sv: 'Vad hade hjälpt?',
  q1_en: '',
  q1_options_fi: 'Nopeampi saapuminen\nParempi tiedottaminen\nJokin muu',
  q1_options_sv: 'Snabbare ankomst\nBättre information\nNågot annat',
  q1_options_en: '',
  q1_newPage: 'true',
  q1_showIf: '1',
  q1_showIfIn: 'ei',
  q2_type: 'open',
  q2_fi: 'Mitä muuta haluat kertoa?',
  q2_sv: 'Vad vill du berätta mer?',
  q2_en: '',
};

describeEachDatabase(
  'the survey editor',
  ({ db }) => {
    let app: FastifyInstance;
    before(async () => {
      app = (await testApp(db())).app;
    });
    after(async () => app.close());

    it('shows problems at their fields in the staff member’s language, keeps what was typed, and adds and removes questions without losing any', async () => {
      const c = new Client(app, { 'accept-language': 'fi' });
      await c.signIn('admin', 'demo');
      const blank = await c.get('/admin/surveys/new');
      assert.equal(blank.statusCode, 200);
      assertPage(blank.body, /<h1[^>]*>Uusi kysely/);

      const wrong = await c.post('/admin/surveys/editor', {
        ...rescue,
        title_fi: '',
        q1_options_fi: 'Vain yksi',
        q1_showIfIn: 'ehkä',
        op: 'save',
      });
      assert.equal(wrong.statusCode, 400);
      assertPage(wrong.body, /id="title_fi-error">Anna kyselyn nimi ainakin suomeksi\./);
      assertPage(wrong.body, /id="q1_options_fi-error">Anna vähintään kaksi eri vaihtoehtoa/);
      assertPage(wrong.body, /href="#q1_options_fi"/);
      assertPage(wrong.body, /Saitko apua riittävän nopeasti\?/, 'typed text stays');
      assertPage(wrong.body, /value="Fick du hjälp tillräckligt snabbt\?"/);
      assert.equal(
        await db()
          .query('select 1 from survey_draft')
          .then((r) => r.length),
        0,
        'nothing saved',
      );

      const badCondition = await c.post('/admin/surveys/editor', { ...rescue, q1_showIfIn: 'ehkä', op: 'save' });
      assert.equal(badCondition.statusCode, 400);
      assertPage(badCondition.body, /id="q1_showIfIn-error">Kirjoita vastaukset, joilla kysymys näytetään/);

      const added = await c.post('/admin/surveys/editor', { ...rescue, op: 'add', addType: 'multichoice' });
      assert.equal(added.statusCode, 200);
      assertPage(added.body, /name="count" value="4"/);
      assertPage(added.body, /<option value="multichoice" selected>/);
      assertPage(added.body, /Nopeampi saapuminen\nParempi tiedottaminen/);
      const removed = await c.post('/admin/surveys/editor', { ...rescue, op: 'remove-0' });
      assertPage(removed.body, /name="count" value="2"/);
      assertPage(removed.body, /value="Mikä olisi auttanut\?"/);
      assert.doesNotMatch(removed.body, /Saitko apua/);

      const sv = new Client(app, { 'accept-language': 'sv' });
      await sv.signIn('admin', 'demo');
      await sv.get('/admin/surveys/new?lang=sv');
      const svWrong = await sv.post('/admin/surveys/editor', { ...rescue, title_fi: '', op: 'save' });
      assertPage(svWrong.body, /Ange enkätens namn åtminstone på finska\./);
    });

    it('saves a draft, previews it on a phone in Finnish and Swedish, and publishes it after saying where it will be used', async () => {
      const c = new Client(app, { 'accept-language': 'fi' });
      await c.signIn('admin', 'demo');
      const saved = await c.post('/admin/surveys/editor', { ...rescue, op: 'preview' });
      assert.equal(saved.statusCode, 303);
      assert.equal(saved.headers.location, '/admin/surveys/drafts/pelastustoimen/preview?in=fi');
      const listed = await c.get('/admin/surveys');
      assertPage(listed.body, /Julkaisemattomat luonnokset/);
      assertPage(listed.body, /href="\/admin\/surveys\/pelastustoimen\/edit">Pelastustoimen asiakaskysely/);

      const fi = await c.get('/admin/surveys/drafts/pelastustoimen/preview?in=fi');
      assert.equal(fi.statusCode, 200);
      assertPage(fi.body, /Saitko apua riittävän nopeasti\?/);
      assertPage(fi.body, /Vaihe 1 \/ 2/);
      const sv = await c.get('/admin/surveys/drafts/pelastustoimen/preview?in=sv&page=2');
      assertPage(sv.body, /<section class="phone-preview"[^>]*lang="sv"/);
      assertPage(sv.body, /Logga ut|Kirjaudu ulos/);
      assertPage(sv.body, /Kirjaudu ulos/, 'the staff member’s own language stays');
      assertPage(sv.body, /Vad hade hjälpt\?/);
      assertPage(sv.body, /Snabbare ankomst/);
      assertPage(sv.body, /Näytetään vain, kun vastaus kysymykseen ”Saitko apua riittävän nopeasti\?” on: Ei\./);
      assert.doesNotMatch(sv.body, />English</, 'English is missing, so it is not offered');

      const confirm = await c.get('/admin/surveys/drafts/pelastustoimen/publish');
      assertPage(confirm.body, /Tämä on kyselyn ensimmäinen versio\./);
      assertPage(confirm.body, /Kyselyä ei vielä kysytä missään\./);
      assertPage(confirm.body, /Vastauksia otetaan 1\.12\.2026–28\.2\.2027\./);
      assertPage(confirm.body, /Kysely tarjotaan kielillä: suomi, ruotsi\./);
      const published = await c.post('/admin/surveys/drafts/pelastustoimen/publish', {});
      assert.equal(published.statusCode, 303);
      const v1 = await latestVersion(db(), 'pelastustoimen');
      assert.equal(v1.version, 1);
      assert.deepEqual(
        v1.definition.questions.map((q) => [q.key, q.type, q.page, q.showIf?.in]),
        [
          ['saitko_apua_riittavan', 'yesno', 1, undefined],
          ['mika_olisi_auttanut', 'choice', 2, ['no']],
          ['mita_muuta_haluat_kertoa', 'open', 2, undefined],
        ],
      );
      assert.deepEqual(
        v1.definition.questions[1]!.options!.map((o) => o.key),
        ['nopeampi_saapuminen', 'parempi_tiedottaminen', 'jokin_muu'],
      );
      assert.equal((await db().query('select 1 from survey_draft')).length, 0, 'the draft is gone once published');
      const [audit] = await db().query<{ action: string }>("select action from audit_log where target_id = 'pelastustoimen'");
      assert.equal(audit?.action, 'survey_published');
    });

    it('edits a published survey keeping its identifiers, says where the new version is used, and asks before a language is lost', async () => {
      await createCollectionPoint(db(), system, {
        survey: 'pelastustoimen',
        node: (await db().query<{ code: string }>("select code from org_node where kind = 'unit' order by id limit 1"))[0]!.code,
        channel: 'qr',
      });
      const c = new Client(app, { 'accept-language': 'fi' });
      await c.signIn('admin', 'demo');
      const edit = await c.get('/admin/surveys/pelastustoimen/edit');
      assert.equal(edit.statusCode, 200);
      assertPage(edit.body, /name="q1_key" value="mika_olisi_auttanut"/);
      assertPage(edit.body, /name="q1_showIfIn" type="text" value="ei"/);
      assertPage(edit.body, /readOnly|readonly/);
      const form = Object.fromEntries([...edit.body.matchAll(/name="([^"]+)" value="([^"]*)"/g)].map((m) => [m[1]!, m[2]!.replace(/&quot;/g, '"')]));
      // Swedish removed from the first question, the first option reworded.
      const reworded = {
        ...rescue,
        ...Object.fromEntries(Object.entries(form).filter(([k]) => /^q\d_(key|optionValues)$/.test(k))),
        key: 'pelastustoimen',
        published: 'true',
        q0_sv: '',
        q1_options_fi: 'Nopeampi apu\nParempi tiedottaminen\nJokin muu',
        op: 'publish',
      };
      const saved = await c.post('/admin/surveys/editor', reworded);
      assert.equal(saved.statusCode, 303, saved.body.slice(0, 400));
      const confirm = await c.get('/admin/surveys/drafts/pelastustoimen/publish');
      assertPage(confirm.body, /Nykyinen versio on 1\./);
      assertPage(confirm.body, /QR-koodi: /);
      assertPage(confirm.body, /Kielet, jotka poistuisivat/);
      const refused = await c.post('/admin/surveys/drafts/pelastustoimen/publish', {});
      assert.equal(refused.statusCode, 400);
      assertPage(refused.body, /id="languages-error"/);
      assert.equal((await latestVersion(db(), 'pelastustoimen')).version, 1);
      const ok = await c.post('/admin/surveys/drafts/pelastustoimen/publish', { dropLanguages: 'sv' });
      assert.equal(ok.statusCode, 303);
      const v2 = await latestVersion(db(), 'pelastustoimen');
      assert.equal(v2.version, 2);
      assert.deepEqual(
        v2.definition.questions[1]!.options!.map((o) => [o.key, o.text.fi]),
        [
          ['nopeampi_saapuminen', 'Nopeampi apu'],
          ['parempi_tiedottaminen', 'Parempi tiedottaminen'],
          ['jokin_muu', 'Jokin muu'],
        ],
      );
    });

    it('adds a picture with its text alternative without losing anything typed, shows it to respondents, and offers a language only with its alt text', async () => {
      const c = new Client(app, { 'accept-language': 'fi' });
      await c.signIn('admin', 'demo');
      // no dates: the respondent's page below is shown on any day
      const base = { ...rescue, key: 'kuvakysely', title_fi: 'Kuvakysely', title_sv: 'Bildenkät', title_en: '', startsAt: '', endsAt: '' };
      const choosing = await c.post('/admin/surveys/editor', { ...base, op: 'picture-0' });
      assert.equal(choosing.statusCode, 200);
      assertPage(choosing.body, /<label for="q0_imageFile">Kysymyksen 1 kuva<\/label>/);
      assertPage(choosing.body, /formenctype="multipart\/form-data"/);
      const notPicture = await c.postFile(
        '/admin/surveys/editor',
        { ...base, op: 'upload-0' },
        { name: 'imageFile', filename: 'x.png', content: '<svg onload="alert(1)"/>' },
      );
      assert.equal(notPicture.statusCode, 400);
      assertPage(notPicture.body, /id="q0_imageFile-error">Kuvan on oltava PNG-, JPEG- tai WebP-kuva/);
      assertPage(notPicture.body, /value="Saitko apua riittävän nopeasti\?"/, 'the form came back as typed');
      const png = new PNG({ width: 4, height: 3 });
      png.data.fill(0x80);
      const bytes = PNG.sync.write(png);
      const uploaded = await c.postFile(
        '/admin/surveys/editor',
        { ...base, op: 'upload-0' },
        { name: 'imageFile', filename: 'paloauto.png', content: bytes, type: 'image/png' },
      );
      assert.equal(uploaded.statusCode, 200, uploaded.body.slice(0, 300));
      const id = /name="q0_imageId" value="([0-9a-f]{64})"/.exec(uploaded.body)?.[1];
      assert.ok(id, 'the picture is in the form');
      assertPage(uploaded.body, /value="Mikä olisi auttanut\?"/);
      assertPage(uploaded.body, /Nopeampi saapuminen\nParempi tiedottaminen/);

      const withPicture = { ...base, q0_imageId: id!, q0_imageAlt_fi: 'Paloauto hälytysajossa', q0_imageAlt_sv: '', q0_imageAlt_en: '' };
      const noAlt = await c.post('/admin/surveys/editor', { ...withPicture, q0_imageAlt_fi: '', op: 'save' });
      assert.equal(noAlt.statusCode, 400);
      assertPage(noAlt.body, /id="q0_imageAlt_fi-error">Kirjoita kuvan tekstivastine suomeksi/);
      const onlyFi = await c.post('/admin/surveys/editor', { ...withPicture, op: 'save' });
      assert.equal(onlyFi.statusCode, 303);
      const page = await c.get(onlyFi.headers.location as string);
      assertPage(page.body, /Kysely tarjotaan kielillä: suomi\./, 'Swedish waits for the alt text');

      const survey = await c.post('/admin/surveys/editor', {
        ...withPicture,
        q0_imageAlt_sv: 'Brandbil på utryckning',
        q0_imageAlt_en: '',
        op: 'publish',
      });
      assert.equal(survey.statusCode, 303);
      await c.get('/admin/surveys/drafts/kuvakysely/publish');
      const done = await c.post('/admin/surveys/drafts/kuvakysely/publish', {});
      assert.equal(done.statusCode, 303, done.body.slice(0, 300));
      const v = await latestVersion(db(), 'kuvakysely');
      assert.deepEqual(v.definition.questions[0]!.image, { id, alt: { fi: 'Paloauto hälytysajossa', sv: 'Brandbil på utryckning' } });
      const cp = await createCollectionPoint(db(), system, {
        survey: 'kuvakysely',
        node: (await db().query<{ code: string }>("select code from org_node where kind = 'unit' order by id limit 1"))[0]!.code,
        channel: 'link',
      });
      const form = await new Client(app).get(`/s/${cp.code}?lang=sv`);
      assertPage(form.body, new RegExp(`<img class="question-image" src="/s/image/${id}" alt="Brandbil på utryckning"`));
      const image = await app.inject({ url: `/s/image/${id}` });
      assert.equal(image.headers['content-type'], 'image/png');
      assert.deepEqual(image.rawPayload, bytes);
      assert.match(String(image.headers['content-security-policy']), /sandbox/);
      assert.equal((await app.inject({ url: `/s/image/${'0'.repeat(64)}` })).statusCode, 404);
    });

    it('takes a picture through the API and refuses a survey naming a picture it does not have', async () => {
      const { key } = await createApiKey(db(), system, { name: 'surveys', scopes: ['surveys:write'] });
      const auth = { authorization: `Bearer ${key}` };
      const bad = await app.inject({
        method: 'POST',
        url: '/api/v1/surveys/images',
        payload: Buffer.from('GIF89a'),
        headers: { ...auth, 'content-type': 'image/png' },
      });
      assert.equal(bad.statusCode, 400);
      const png = new PNG({ width: 2, height: 2 });
      const bytes = PNG.sync.write(png);
      const ok = await app.inject({ method: 'POST', url: '/api/v1/surveys/images', payload: bytes, headers: { ...auth, 'content-type': 'image/png' } });
      assert.equal(ok.statusCode, 201, ok.body);
      const { id } = ok.json() as { id: string };
      const again = await app.inject({ method: 'POST', url: '/api/v1/surveys/images', payload: bytes, headers: { ...auth, 'content-type': 'image/png' } });
      assert.equal((again.json() as { id: string }).id, id, 'the same picture is one picture');
      const survey = (imageId: string) => ({
        key: 'api-kuva',
        title: { fi: 'Kuva' },
        questions: [{ type: 'yesno', text: { fi: 'Näitkö tämän?' }, image: { id: imageId, alt: { fi: 'Opaste' } } }],
      });
      const unknown = await app.inject({ method: 'POST', url: '/api/v1/surveys', payload: survey('f'.repeat(64)), headers: auth });
      assert.equal(unknown.statusCode, 400);
      assert.match(unknown.body, /questions\.0\.image\.id: no such picture/);
      const created = await app.inject({ method: 'POST', url: '/api/v1/surveys', payload: survey(id), headers: auth });
      assert.equal(created.statusCode, 201, created.body);
      const read = await app.inject({ url: '/api/v1/surveys/api-kuva', headers: auth });
      assert.deepEqual((read.json() as { questions: { image?: unknown }[] }).questions[0]!.image, { id, alt: { fi: 'Opaste' } });
    });

    it('keeps the editor to county administrators and the THL surveys locked', async () => {
      const m = new Client(app, { 'accept-language': 'fi' });
      await m.signIn('manager', 'demo');
      assert.equal((await m.get('/admin/surveys/new')).statusCode, 403);
      const a = new Client(app, { 'accept-language': 'fi' });
      await a.signIn('admin', 'demo');
      const thl = await a.get('/admin/surveys/thl-national/edit');
      assert.equal(thl.statusCode, 303);
      const taken = await a.post('/admin/surveys/editor', { ...rescue, key: 'thl-national', op: 'save' });
      assert.equal(taken.statusCode, 400);
      assertPage(taken.body, /id="key-error">Anna tunniste/);
      const reserved = await a.post('/admin/surveys/editor', { ...rescue, key: 'new', op: 'save' });
      assertPage(reserved.body, /id="key-error">Anna tunniste/, 'a key that would hide the new-survey page');
      const exists = await a.post('/admin/surveys/editor', { ...rescue, key: 'pelastustoimen', op: 'save' });
      assertPage(exists.body, /id="key-error">Tällä tunnisteella on jo kysely/);
    });
  },
  { demo: 'organisation' },
);
