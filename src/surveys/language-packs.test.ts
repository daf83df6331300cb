import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { describeEachDatabase } from '../../test/helpers/databases.ts';
import { assertPage, Client, testApp } from '../../test/helpers/http.ts';
import { ensureBuiltinSurveys } from './builtin-surveys.ts';
import { createCollectionPoint } from './collection-points.ts';
import { definitionLanguages } from './definition.ts';
import type { LanguagePack } from './language-packs.ts';
import { latestVersion } from './survey-queries.ts';

const system = { kind: 'system', name: 'test' } as const;

/** Every survey text of a template "translated": the Finnish text marked, so the test can find it. */
function translated(template: LanguagePack): LanguagePack {
  const mark = (value: unknown): unknown =>
    typeof value === 'string'
      ? `${value} (sámegillii)`
      : value && typeof value === 'object'
        ? Object.fromEntries(Object.entries(value).map(([k, v]) => [k, mark(v)]))
        : value;
  return {
    code: 'se',
    respondent: { ...template.respondent, languageName: 'Davvisámegiella', next: 'Boahtte', submit: 'Sádde' },
    surveys: { 'thl-national': mark(template.surveys['thl-national']) as LanguagePack['surveys'][string] },
  };
}

describeEachDatabase(
  'respondent languages a county adds as language packs',
  ({ db }) => {
    let app: FastifyInstance;
    before(async () => {
      app = (await testApp(db())).app;
    });
    after(async () => app.close());

    it('adds North Sámi from a filled-in template: the THL survey is offered in it, and a release keeps it', async () => {
      const admin = new Client(app, { 'accept-language': 'fi' });
      await admin.signIn('admin', 'demo');
      const page = await admin.get('/admin/surveys/languages');
      assert.equal(page.statusCode, 200);
      assertPage(page.body, /Lataa kielipaketin pohja/);
      const res = await admin.get('/admin/surveys/languages/template.json?code=se');
      assert.equal(res.statusCode, 200);
      assert.match(String(res.headers['content-disposition']), /kaiku-se\.json/);
      const template = JSON.parse(res.body) as LanguagePack;
      assert.equal(template.respondent.next, 'Seuraava', 'the Finnish texts guide the translator');
      assert.match(template.surveys['thl-national']!.questions.nps!.text, /Kuinka todennäköisesti suosittelisit/);

      const pack = translated(template);
      const { next: _left, ...incomplete } = pack.respondent;
      const refused = await admin.postFile(
        '/admin/surveys/languages',
        {},
        { name: 'pack', filename: 'se.json', content: JSON.stringify({ ...pack, respondent: incomplete }), type: 'application/json' },
      );
      assert.equal(refused.statusCode, 400);
      assertPage(refused.body, /Teksti puuttuu: respondent\.next/);
      const notJson = await admin.postFile(
        '/admin/surveys/languages',
        {},
        { name: 'pack', filename: 'se.json', content: '{ "code": ', type: 'application/json' },
      );
      assertPage(notJson.body, /Ei kelpaa: se\.json/);
      assert.equal((await db().query('select 1 from respondent_language')).length, 0, 'nothing stored from a refused pack');

      const before = await latestVersion(db(), 'thl-national');
      const saved = await admin.postFile(
        '/admin/surveys/languages',
        {},
        { name: 'pack', filename: 'se.json', content: JSON.stringify(pack), type: 'application/json' },
      );
      assert.equal(saved.statusCode, 303, saved.body.slice(0, 400));
      const after = await latestVersion(db(), 'thl-national');
      assert.equal(after.version, before.version + 1);
      assert.ok(definitionLanguages(after.definition).includes('se'));
      assert.deepEqual(
        after.definition.questions.find((q) => q.key === 'nps')!.text.fi,
        before.definition.questions.find((q) => q.key === 'nps')!.text.fi,
        'THL’s own wording stays',
      );
      assertPage((await admin.get('/admin/surveys/languages')).body, /Davvisámegiella <code>se<\/code>/);

      const cp = await createCollectionPoint(db(), system, {
        survey: 'thl-national',
        node: (await db().query<{ code: string }>("select code from org_node where kind = 'unit' order by id limit 1"))[0]!.code,
        channel: 'link',
      });
      const form = await new Client(app).get(`/s/${cp.code}?lang=se`);
      assert.equal(form.statusCode, 200);
      assertPage(form.body, /<html lang="se"/);
      assertPage(form.body, /Kuinka todennäköisesti suosittelisit[^<]*\(sámegillii\)/);
      assertPage(form.body, /Boahtte/);
      assertPage((await new Client(app).get(`/s/${cp.code}`)).body, /Davvisámegiella/, 'offered in the language list');

      assert.deepEqual(await ensureBuiltinSurveys(db()), [], 'a restart publishes nothing new');
      assert.ok(definitionLanguages((await latestVersion(db(), 'thl-national')).definition).includes('se'));
    });

    it('keeps adding languages to county administrators', async () => {
      const manager = new Client(app, { 'accept-language': 'fi' });
      await manager.signIn('manager', 'demo');
      assert.equal((await manager.get('/admin/surveys/languages')).statusCode, 403);
    });
  },
  { demo: 'organisation' },
);
