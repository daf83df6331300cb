import assert from 'node:assert/strict';
import { before, it } from 'node:test';
import { describeEachDatabase } from '../../test/helpers/databases.ts';
import { importOrgTree } from '../organisation/import-org-tree.ts';
import type { Db } from '../shared/db.ts';
import { ensureBuiltinSurveys } from './builtin-surveys.ts';
import { surveyVersionsOf } from './lookup-cache.ts';
import { publishOwnQuestions } from './publish-version.ts';

const system = { kind: 'system', name: 'test' } as const;

/** The same database, counting the statements sent to it. */
function counting(db: Db): { db: Db; sent: () => number } {
  let n = 0;
  const query: Db['query'] = (sql, params) => {
    n += 1;
    return db.query(sql, params);
  };
  return { db: { ...db, query }, sent: () => n };
}

describeEachDatabase('the survey versions the API looks up', ({ db }) => {
  before(async () => {
    await importOrgTree(db(), { csv: 'code,parent_code,kind,name_fi\nC,,county,Alue\nU,C,unit,Yksikkö\n', source: 't' });
    await ensureBuiltinSurveys(db());
  });

  it('are asked of the database once, not for every answer', async () => {
    const c = counting(db());
    const first = await surveyVersionsOf(c.db, ['thl-national']);
    const asked = c.sent();
    const again = await surveyVersionsOf(c.db, ['thl-national']);
    assert.equal(c.sent(), asked, 'the second lookup sent nothing');
    assert.deepEqual(again, first);
    assert.ok(first.length >= 1 && first.every((v) => v.survey_id === 'thl-national' && v.definition.questions.length > 0));
  });

  it('take a version published through this instance at once', async () => {
    const newest = Math.max(...(await surveyVersionsOf(db(), ['thl-national'])).map((v) => v.version));
    const { version } = await publishOwnQuestions(db(), system, 'thl-national', [
      { key: 'own_q', type: 'likert', text: { fi: 'Oma kysymys', sv: 'Egen fråga', en: 'Own question' } },
    ]);
    assert.equal(version, newest + 1);
    const versions = await surveyVersionsOf(db(), ['thl-national']);
    assert.equal(Math.max(...versions.map((v) => v.version)), version);
    assert.ok(versions.find((v) => v.version === version)!.definition.questions.some((q) => q.key === 'own_q'));
  });

  it('ask again about a survey with no versions, so a survey made elsewhere takes answers at once', async () => {
    assert.deepEqual(await surveyVersionsOf(db(), ['made-elsewhere']), []);
    const [national] = await db().query<{ definition: object }>(
      "select definition from survey_version where survey_id = 'thl-national' order by version limit 1",
    );
    await db().query(`insert into survey (id, builtin, name) values ('made-elsewhere', false, '{"fi":"Muualla tehty"}')`);
    await db().query("insert into survey_version (survey_id, version, definition) values ('made-elsewhere', 1, $1)", [
      JSON.stringify({ ...national!.definition, id: 'made-elsewhere' }),
    ]);
    assert.deepEqual(
      (await surveyVersionsOf(db(), ['made-elsewhere'])).map((v) => v.version),
      [1],
    );
  });
});
