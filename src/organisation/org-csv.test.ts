import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { type KnownNode, parentsFirst, parseOrgCsv, validateOrgRows } from './org-csv.ts';

const header = 'code,parent_code,kind,name_fi,name_sv,name_en,active';
const csv = (...lines: string[]) => [header, ...lines].join('\n');
const none = new Map<string, KnownNode>();

describe('organisation CSV', () => {
  it('reads commas, semicolons (Excel in Finland) and Finnish level names', () => {
    const semi = parseOrgCsv('code;parent_code;kind;name_fi;active\nC;;hyvinvointialue;Alue;kyllä\nU;C;toimipiste;Yksikkö;ei\n');
    assert.deepEqual(semi.issues, []);
    assert.deepEqual(
      semi.rows.map((r) => [r.code, r.kind, r.active, r.parentCode]),
      [
        ['C', 'county', true, null],
        ['U', 'unit', false, 'C'],
      ],
    );
  });

  it('keeps quoted names with commas and a byte-order mark', () => {
    const { rows } = parseOrgCsv(`\ufeff${csv('C,,county,"Alue, itä",,,true')}`);
    assert.equal(rows[0]?.nameFi, 'Alue, itä');
    assert.equal(rows[0]?.code, 'C');
  });

  it('names the line of each bad value', () => {
    const { issues } = parseOrgCsv(csv('C,,county,Alue,,,true', 'X,C,ward,Osasto,,,true', ',C,unit,Nimetön,,,maybe'));
    assert.deepEqual(
      issues.map((i) => [i.line, i.code]),
      [
        [3, 'bad_kind'],
        [4, 'missing_value'],
        [4, 'bad_active'],
      ],
    );
  });

  it('refuses a header without the required columns', () => {
    const { issues } = parseOrgCsv('id,name\n1,x\n');
    assert.equal(issues[0]?.code, 'missing_columns');
    assert.match(String(issues[0]?.params?.columns), /code/);
  });

  it('reports malformed quoting with its line', () => {
    const { issues } = parseOrgCsv(csv('C,,county,Alue,,,true', 'U,C,unit,"broken,,,true', 'V,C,unit,ok,,,true'));
    assert.equal(issues[0]?.code, 'malformed_csv');
    assert.ok((issues[0]?.line ?? 0) >= 3);
  });

  it('finds duplicates, unknown parents, wrong level order and top-level non-counties', () => {
    const { rows } = parseOrgCsv(
      csv(
        'C,,county,Alue,,,true',
        'D,C,division,Toimiala,,,true',
        'D,C,division,Again,,,true',
        'U,NOPE,unit,Orpo,,,true',
        'R,,result_area,Irti,,,true',
        'X,U2,division,Väärin,,,true',
        'U2,D,unit,Yksikkö,,,true',
      ),
    );
    const issues = validateOrgRows(rows, none);
    assert.deepEqual(
      issues.map((i) => [i.line, i.code]),
      [
        [4, 'duplicate_code'],
        [5, 'unknown_parent'],
        [6, 'root_not_county'],
        [7, 'kind_order'],
      ],
    );
    assert.equal(issues[0]?.params?.first, 3);
  });

  it('finds a cycle and reports it once', () => {
    const { rows } = parseOrgCsv(csv('C,,county,Alue,,,true', 'A,B,unit,A,,,true', 'B,A,unit,B,,,true'));
    const issues = validateOrgRows(rows, none).filter((i) => i.code === 'cycle');
    assert.equal(issues.length, 1);
    assert.match(String(issues[0]?.params?.value), /A → B → A|B → A → B/);
  });

  it('refuses an active unit under a closed one, and closing a node that keeps active children', () => {
    const { rows } = parseOrgCsv(csv('C,,county,Alue,,,true', 'D,C,division,Suljettu,,,false', 'U,D,unit,Auki,,,true'));
    assert.deepEqual(
      validateOrgRows(rows, none).map((i) => i.code),
      ['active_under_closed'],
    );
    const outside = new Map<string, KnownNode>([['K', { code: 'K', parentCode: 'D', kind: 'unit', active: true }]]);
    const closing = parseOrgCsv(csv('C,,county,Alue,,,true', 'D,C,division,Suljettu,,,false')).rows;
    assert.deepEqual(
      validateOrgRows(closing, outside).map((i) => i.code),
      ['has_active_children'],
    );
  });

  it('orders parents before children whatever the file order', () => {
    const { rows } = parseOrgCsv(csv('U,R,unit,U,,,true', 'R,D,result_area,R,,,true', 'D,C,division,D,,,true', 'C,,county,C,,,true'));
    assert.deepEqual(
      parentsFirst(rows).map((r) => r.code),
      ['C', 'D', 'R', 'U'],
    );
  });
});
