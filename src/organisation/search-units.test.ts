import assert from 'node:assert/strict';
import { before, it } from 'node:test';
import { describeEachDatabase } from '../../test/helpers/databases.ts';
import { demoCountyCsv } from './demo-county.ts';
import { importOrgTree } from './import-org-tree.ts';
import { searchUnits } from './search-units.ts';

describeEachDatabase('unit typeahead', ({ db }) => {
  before(async () => {
    await importOrgTree(db(), { csv: demoCountyCsv(), source: 'test' });
  });

  it('finds units by part of the name in Finnish, Swedish or English', async () => {
    const fi = await searchUnits(db(), { q: 'hammashoitola' });
    assert.ok(fi.length >= 10);
    assert.ok(fi.every((u) => /hammashoitola/i.test(u.name.fi)));
    const sv = await searchUnits(db(), { q: 'Borgå hälsostation' });
    assert.equal(sv[0]?.name.fi, 'Porvoon terveysasema 1');
    const en = await searchUnits(db(), { q: 'fire station' });
    assert.ok(en.some((u) => u.name.fi === 'Porvoon paloasema'));
  });

  it('ignores case and ä/ö/å, and needs every word', async () => {
    const hits = await searchUnits(db(), { q: 'JARVENPAAN NEUVOLA' });
    assert.deepEqual(hits.map((h) => h.name.fi).sort(), ['Järvenpään neuvola 1', 'Järvenpään neuvola 2']);
  });

  it('puts names that start with the words first', async () => {
    const hits = await searchUnits(db(), { q: 'kotihoito' });
    assert.ok(hits[0]!.name.fi.startsWith('Kotihoito'));
  });

  it('gives the path of ancestor names from the county down', async () => {
    const [hit] = await searchUnits(db(), { q: 'Porvoon yhteispäivystys' });
    assert.deepEqual(
      hit?.path.map((p) => p.fi),
      ['Kaikulan hyvinvointialue', 'Terveydenhuolto', 'Päivystys ja ensihoito'],
    );
    assert.equal(hit?.path[1]?.sv, 'Hälso- och sjukvård');
  });

  it('leaves out closed units, limits to a subtree, and treats % and _ as text', async () => {
    await db().query("update org_node set active = false where name_fi = 'Askolan hammashoitola'");
    assert.equal((await searchUnits(db(), { q: 'Askolan hammas' })).length, 0);
    const elderly = await searchUnits(db(), { q: 'porvoo', within: 'IKA', limit: 50 });
    assert.ok(elderly.length > 0 && elderly.every((u) => u.path.some((p) => p.fi === 'Ikääntyneiden palvelut')));
    assert.equal((await searchUnits(db(), { q: '%' })).length, 0);
    assert.equal((await searchUnits(db(), { q: '   ' })).length, 0);
  });
});
