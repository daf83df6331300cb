import assert from 'node:assert/strict';
import { it } from 'node:test';
import { describeEachDatabase } from '../../test/helpers/databases.ts';
import { AppError } from '../shared/errors.ts';
import { demoCountyCsv } from './demo-county.ts';
import { exportOrgCsv } from './export-org.ts';
import { importOrgTree } from './import-org-tree.ts';
import type { ImportIssue } from './org-csv.ts';
import { findNodeByCode, getNodeByCode, nodeHistory, countNodes } from './tree-queries.ts';

const header = 'code,parent_code,kind,name_fi,name_sv,name_en,active';

describeEachDatabase('organisation import', ({ db }) => {
  it('loads the demo county: four divisions, about 15 result areas and 330 units', async () => {
    const r = await importOrgTree(db(), { csv: demoCountyCsv(), source: 'test' });
    const counts = await countNodes(db());
    assert.equal(counts.county, 1);
    assert.equal(counts.division, 4);
    assert.ok(counts.result_area! >= 14 && counts.result_area! <= 17, `result areas ${counts.result_area}`);
    assert.ok(counts.unit! >= 300 && counts.unit! <= 360, `units ${counts.unit}`);
    assert.equal(r.added.length, r.total);
    const porvoo = await db().query<{ name_sv: string }>("select name_sv from org_node where name_fi = 'Porvoon terveysasema 1'");
    assert.equal(porvoo[0]?.name_sv, 'Borgå hälsostation 1');
  });

  it('changes nothing when the same file is imported again', async () => {
    const r = await importOrgTree(db(), { csv: demoCountyCsv(), source: 'test' });
    assert.deepEqual([r.added.length, r.changed.length, r.closed.length], [0, 0, 0]);
    assert.equal(r.unchanged, r.total);
  });

  it('exports the tree in a form that imports back unchanged', async () => {
    const r = await importOrgTree(db(), { csv: await exportOrgCsv(db()), source: 'test' });
    assert.deepEqual([r.added.length, r.changed.length, r.closed.length], [0, 0, 0]);
  });

  it('reports renames, moves and units closed by leaving them out, and keeps their history', async () => {
    const lines = demoCountyCsv().trimEnd().split('\n');
    const porvooLine = lines.findIndex((l) => l.includes(',Porvoon terveysasema 1,'));
    const [code] = lines[porvooLine]!.split(',');
    // rename and move the health station under the emergency care result area
    lines[porvooLine] = lines[porvooLine]!.replace(',TER-VAS,', ',TER-PAI,').replace('Porvoon terveysasema 1', 'Porvoon terveysasema Keskusta');
    const dentalLine = lines.findIndex((l) => l.includes(',Askolan hammashoitola,'));
    const [dentalCode] = lines[dentalLine]!.split(',');
    lines.splice(dentalLine, 1);
    const r = await importOrgTree(db(), { csv: lines.join('\n'), source: 'test-change' });
    assert.deepEqual(r.changed, [code]);
    assert.deepEqual(r.closed, [dentalCode]);
    assert.equal(r.added.length, 0);

    const moved = await getNodeByCode(db(), code!);
    assert.equal(moved.name_fi, 'Porvoon terveysasema Keskusta');
    const history = await nodeHistory(db(), moved.id);
    assert.deepEqual(history.map((h) => h.change).sort(), ['created', 'moved', 'updated']);
    const closed = await getNodeByCode(db(), dentalCode!);
    assert.equal(closed.active, false, 'a unit left out is closed, not deleted');
    assert.equal((await nodeHistory(db(), closed.id))[0]?.change, 'closed');
  });

  it('refuses a file with problems with line numbers and changes nothing', async () => {
    const before = await exportOrgCsv(db());
    const bad = [
      header,
      'DEMO,,county,Kaikulan hyvinvointialue,,,true',
      'NEW1,TER,unit,Uusi yksikkö,,,true',
      'NEW2,NOWHERE,unit,Orpo,,,true',
      'NEW1,TER,unit,Kaksoiskappale,,,true',
    ].join('\n');
    await assert.rejects(importOrgTree(db(), { csv: bad, source: 'test', partial: true }), (err: unknown) => {
      assert.ok(err instanceof AppError);
      const issues = (err.details as { issues: ImportIssue[] }).issues;
      assert.deepEqual(
        issues.map((i) => [i.line, i.code]),
        [
          [4, 'unknown_parent'],
          [5, 'duplicate_code'],
        ],
      );
      return true;
    });
    assert.equal(await findNodeByCode(db(), 'NEW1'), undefined);
    assert.equal(await exportOrgCsv(db()), before);
    const [failed] = await db().query<{ status: string; errors: unknown[] }>('select status, errors from org_import order by id desc limit 1');
    assert.equal(failed?.status, 'failed');
    assert.equal(failed?.errors.length, 2);
  });

  it('refuses a move that would make a cycle', async () => {
    const cyc = [header, 'TER,TER-VAS,division,Terveydenhuolto,,,true'].join('\n');
    await assert.rejects(importOrgTree(db(), { csv: cyc, source: 'test', partial: true }), (err: unknown) => {
      const codes = ((err as AppError).details as { issues: ImportIssue[] }).issues.map((i) => i.code);
      assert.ok(codes.includes('kind_order') || codes.includes('cycle'), codes.join());
      return true;
    });
  });

  it('adds and reopens with a partial file and leaves the rest alone', async () => {
    const closedDental = (
      await db().query<{ code: string; name_fi: string; parent: string }>(
        'select n.code, n.name_fi, p.code as parent from org_node n join org_node p on p.id = n.parent_id where not n.active limit 1',
      )
    )[0]!;
    const csv = [
      header,
      `${closedDental.code},${closedDental.parent},unit,${closedDental.name_fi},,,true`,
      'PARTIAL-1,TER-VAS,unit,Pop-up-vastaanotto,Pop up-mottagning,Pop-up clinic,true',
    ].join('\n');
    const r = await importOrgTree(db(), { csv, source: 'test', partial: true });
    assert.deepEqual(r.added, ['PARTIAL-1']);
    assert.deepEqual(r.changed, [closedDental.code]);
    assert.equal(r.closed.length, 0);
    assert.equal((await getNodeByCode(db(), closedDental.code)).active, true);
    const counts = await countNodes(db());
    assert.ok(counts.unit! > 300, 'a partial file does not close the units it leaves out');
  });
});
