import assert from 'node:assert/strict';
import { before, it } from 'node:test';
import { describeEachDatabase } from '../../test/helpers/databases.ts';
import type { Principal } from '../access/roles.ts';
import { importOrgTree } from '../organisation/import-org-tree.ts';
import type { AppError } from '../shared/errors.ts';
import { builtinDefinitions, ensureBuiltinSurveys } from './builtin-surveys.ts';
import { publishOwnQuestions } from './publish-version.ts';
import { latestVersion } from './survey-queries.ts';
import { createApiKey } from '../access/api-keys.ts';
import { testApp } from '../../test/helpers/http.ts';

const system = { kind: 'system', name: 'test' } as const;

const admin: Principal = {
  kind: 'user',
  userId: 1,
  username: 'a',
  displayName: 'A',
  locale: 'fi',
  grants: [{ role: 'admin', nodeId: 1, nodeCode: 'C', root: true }],
};
const own = [
  {
    key: 'good_mood',
    type: 'likert',
    text: {
      fi: 'Minulle jäi hyvä mieli kohtaamisestani ammattilaisten kanssa.',
      sv: 'Jag blev på gott humör av mötet med personalen.',
      en: 'I was left in a good mood by my encounter with the professionals.',
    },
  },
  {
    key: 'cooperation',
    type: 'likert',
    text: {
      fi: 'Eri ammattilaisten välinen yhteistyö näkyi minulle sujuvana palveluna.',
      sv: 'Samarbetet mellan olika yrkespersoner syntes som smidig service.',
      en: 'Cooperation between professionals showed as smooth service.',
    },
  },
];

describeEachDatabase('the county’s own questions', ({ db }) => {
  before(async () => {
    await importOrgTree(db(), { csv: 'code,parent_code,kind,name_fi\nC,,county,Alue\nU,C,unit,Yksikkö\n', source: 't' });
    await ensureBuiltinSurveys(db());
  });

  it('come after the national questions in a new version; the old version stays as it was', async () => {
    const before = await latestVersion(db(), 'thl-national');
    const { version } = await publishOwnQuestions(db(), admin, 'thl-national', own);
    assert.equal(version, before.version + 1);
    const after = await latestVersion(db(), 'thl-national');
    assert.deepEqual(after.definition.questions.map((q) => q.key).slice(-3), ['usefulness', 'good_mood', 'cooperation']);
    assert.ok(after.definition.questions.slice(-2).every((q) => !q.national && q.page === 3));
    const old = await db().query<{ n: number }>(
      "select jsonb_array_length(definition->'questions') as n from survey_version where survey_id = 'thl-national' and version = $1",
      [before.version],
    );
    assert.equal(old[0]!.n, 9);
  });

  it('cannot reword, reorder or replace a national question', async () => {
    await assert.rejects(
      publishOwnQuestions(db(), admin, 'thl-national', [{ key: 'nps', type: 'nps', text: { fi: 'Suosittelisitko?' } }]),
      /national question/,
    );
    await assert.rejects(
      publishOwnQuestions(db(), admin, 'thl-national', [{ key: 'Bad Key', type: 'likert', text: { fi: 'x' } }]),
      (e: unknown) => (e as AppError).code === 'invalid',
    );
    const after = await latestVersion(db(), 'thl-national');
    const national = builtinDefinitions().find((d) => d.id === 'thl-national')!.questions;
    assert.deepEqual(
      after.definition.questions.filter((q) => q.national),
      national,
    );
  });

  it('survive a Kaiku release that changes the national part', async () => {
    // A release with the national part changed: simulate by editing the stored national wording.
    await db().query(
      `update survey_version set definition = jsonb_set(definition, '{questions,0,text,fi}', '"vanha sanamuoto"') where survey_id = 'thl-national' and version = (select max(version) from survey_version where survey_id = 'thl-national')`,
    );
    await ensureBuiltinSurveys(db());
    const latest = await latestVersion(db(), 'thl-national');
    assert.match(latest.definition.questions[0]!.text.fi!, /^Kuinka todennäköisesti/);
    assert.deepEqual(
      latest.definition.questions.slice(-2).map((q) => q.key),
      ['good_mood', 'cooperation'],
    );
  });

  it('are published by county administrators only', async () => {
    const manager: Principal = { ...admin, grants: [{ role: 'manager', nodeId: 1, nodeCode: 'C', root: true }] } as Principal;
    await assert.rejects(publishOwnQuestions(db(), manager, 'thl-national', own), (e: unknown) => (e as AppError).code === 'forbidden');
  });

  it('are published over the integration API with a key that may write surveys, and listed back', async () => {
    const { app } = await testApp(db());
    try {
      const writer = (await createApiKey(db(), system, { name: 'kyselyt', scopes: ['surveys:write'] })).key;
      const reader = (await createApiKey(db(), system, { name: 'tulokset', scopes: ['results:read'] })).key;
      const post = (key: string, body: unknown) =>
        app.inject({ method: 'POST', url: '/api/v1/surveys/thl-relatives/versions', headers: { authorization: `Bearer ${key}` }, payload: body as object });
      const before = await latestVersion(db(), 'thl-relatives');

      const published = await post(writer, { questions: [own[0]] });
      assert.equal(published.statusCode, 200, published.body);
      const body = published.json();
      assert.equal(body.version, before.version + 1);
      assert.deepEqual(
        body.questions.filter((q: { national: boolean }) => !q.national).map((q: { key: string }) => q.key),
        ['good_mood'],
      );
      const listed = (await app.inject({ url: '/api/v1/surveys', headers: { authorization: `Bearer ${reader}` } })).json();
      const relatives = listed.surveys.find((x: { id: string }) => x.id === 'thl-relatives');
      assert.ok(JSON.stringify(relatives).includes('good_mood'), 'the new version is listed with its question');

      const missing = await post(writer, {});
      assert.equal(missing.statusCode, 400, 'a body without the list is refused, not read as "remove all"');
      const bad = await post(writer, { questions: [{ ...own[0], key: 'Bad Key' }] });
      assert.equal(bad.statusCode, 400);
      assert.match(bad.json().error.message, /0\.key/, 'the API names the field');
      assert.equal((await post(reader, { questions: [] })).statusCode, 403, 'a key without surveys:write');
      assert.equal((await latestVersion(db(), 'thl-relatives')).version, before.version + 1, 'nothing refused was published');

      assert.equal((await post(writer, { questions: [] })).statusCode, 200, '[] removes the own questions');
      assert.deepEqual(
        (await latestVersion(db(), 'thl-relatives')).definition.questions.filter((q) => !q.national),
        [],
      );
    } finally {
      await app.close();
    }
  });
});
