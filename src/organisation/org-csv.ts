import { parse } from 'csv-parse/sync';
import { kindRank, type NodeKind } from './node.ts';

/** One row of an organisation CSV, with the line it came from for error messages. */
export interface OrgRow {
  line: number;
  code: string;
  parentCode: string | null;
  kind: NodeKind;
  nameFi: string;
  nameSv: string | null;
  nameEn: string | null;
  active: boolean;
}

/** A problem in the file, as a code the UI translates, with the line it is on. */
export interface ImportIssue {
  line: number;
  code:
    | 'malformed_csv'
    | 'missing_columns'
    | 'empty_file'
    | 'missing_value'
    | 'bad_kind'
    | 'bad_active'
    | 'duplicate_code'
    | 'unknown_parent'
    | 'root_not_county'
    | 'kind_order'
    | 'cycle'
    | 'active_under_closed'
    | 'has_active_children';
  params?: Record<string, string | number>;
}

export const requiredColumns = ['code', 'parent_code', 'kind', 'name_fi'] as const;

const kindAliases: Record<string, NodeKind> = {
  county: 'county',
  hyvinvointialue: 'county',
  välfärdsområde: 'county',
  division: 'division',
  toimiala: 'division',
  sektor: 'division',
  result_area: 'result_area',
  tulosalue: 'result_area',
  resultatområde: 'result_area',
  unit: 'unit',
  yksikkö: 'unit',
  toimipiste: 'unit',
  enhet: 'unit',
  service: 'service',
  palvelu: 'service',
  tjänst: 'service',
};
const truthy = new Set(['', '1', 'true', 'yes', 'kyllä', 'k', 'x', 'ja', 'active', 'aktiivinen']);
const falsy = new Set(['0', 'false', 'no', 'ei', 'e', 'nej', 'closed', 'suljettu']);

export function parseOrgCsv(text: string): { rows: OrgRow[]; issues: ImportIssue[] } {
  let records: { record: Record<string, string>; info: { lines: number } }[];
  try {
    records = parse(text, {
      columns: (header: string[]) =>
        header.map((h) =>
          h
            .trim()
            .toLowerCase()
            .replace(/^type$/, 'kind'),
        ),
      bom: true,
      delimiter: [',', ';', '\t'],
      skip_empty_lines: true,
      trim: true,
      info: true,
    });
  } catch (err) {
    const e = err as { lines?: number; message: string };
    return { rows: [], issues: [{ line: e.lines ?? 1, code: 'malformed_csv', params: { reason: e.message } }] };
  }
  if (records.length === 0) return { rows: [], issues: [{ line: 1, code: 'empty_file' }] };
  const missing = requiredColumns.filter((c) => !(c in records[0]!.record));
  if (missing.length) return { rows: [], issues: [{ line: 1, code: 'missing_columns', params: { columns: missing.join(', ') } }] };

  const rows: OrgRow[] = [];
  const issues: ImportIssue[] = [];
  for (const { record: r, info } of records) {
    const line = info.lines;
    const code = r.code ?? '';
    const nameFi = r.name_fi ?? '';
    if (!code) issues.push({ line, code: 'missing_value', params: { column: 'code' } });
    if (!nameFi) issues.push({ line, code: 'missing_value', params: { column: 'name_fi' } });
    const kind = kindAliases[(r.kind ?? '').toLowerCase()];
    if (!kind) issues.push({ line, code: 'bad_kind', params: { value: r.kind ?? '' } });
    const activeText = (r.active ?? '').toLowerCase();
    const active = truthy.has(activeText) ? true : falsy.has(activeText) ? false : undefined;
    if (active === undefined) issues.push({ line, code: 'bad_active', params: { value: r.active ?? '' } });
    if (!code || !nameFi || !kind || active === undefined) continue;
    rows.push({
      line,
      code,
      parentCode: r.parent_code || null,
      kind,
      nameFi,
      nameSv: r.name_sv || null,
      nameEn: r.name_en || null,
      active,
    });
  }
  return { rows, issues };
}

export interface KnownNode {
  code: string;
  parentCode: string | null;
  kind: NodeKind;
  active: boolean;
}

/**
 * Checks the tree the file would make. `outside` holds nodes already stored that the file
 * does not mention and that stay (a partial import); in a full import it is empty.
 */
export function validateOrgRows(rows: OrgRow[], outside: Map<string, KnownNode>): ImportIssue[] {
  const issues: ImportIssue[] = [];
  const byCode = new Map<string, OrgRow>();
  for (const row of rows) {
    const first = byCode.get(row.code);
    if (first) issues.push({ line: row.line, code: 'duplicate_code', params: { value: row.code, first: first.line } });
    else byCode.set(row.code, row);
  }
  const lookup = (code: string): KnownNode | undefined => byCode.get(code) ?? outside.get(code);

  for (const row of byCode.values()) {
    if (row.parentCode === null) {
      if (row.kind !== 'county') issues.push({ line: row.line, code: 'root_not_county', params: { value: row.code } });
      continue;
    }
    const parent = lookup(row.parentCode);
    if (!parent) {
      issues.push({ line: row.line, code: 'unknown_parent', params: { value: row.parentCode } });
      continue;
    }
    if (kindRank[parent.kind] >= kindRank[row.kind]) {
      issues.push({ line: row.line, code: 'kind_order', params: { kind: row.kind, parentKind: parent.kind } });
    }
    if (row.active && !parent.active) {
      issues.push({ line: row.line, code: 'active_under_closed', params: { value: row.parentCode } });
    }
  }

  // A node closed by this file may not leave active children behind outside it.
  for (const n of outside.values()) {
    const parent = n.parentCode ? byCode.get(n.parentCode) : undefined;
    if (n.active && parent && !parent.active) {
      issues.push({ line: parent.line, code: 'has_active_children', params: { value: parent.code, child: n.code } });
    }
  }

  // Walk up from every row; a walk that meets itself is a cycle, reported once per cycle.
  const reported = new Set<string>();
  for (const row of byCode.values()) {
    const seen = new Set<string>();
    let code: string | null = row.code;
    while (code !== null && !seen.has(code)) {
      seen.add(code);
      code = lookup(code)?.parentCode ?? null;
    }
    if (code !== null && code === row.code && !reported.has(code)) {
      for (const c of seen) reported.add(c);
      issues.push({ line: row.line, code: 'cycle', params: { value: `${[...seen].join(' → ')} → ${row.code}` } });
    }
  }
  return issues.sort((a, b) => a.line - b.line);
}

/** Parents before children, so that every parent has an id when its child is written. */
export function parentsFirst(rows: OrgRow[]): OrgRow[] {
  const byCode = new Map(rows.map((r) => [r.code, r]));
  const depth = new Map<string, number>();
  const depthOf = (r: OrgRow): number => {
    const known = depth.get(r.code);
    if (known !== undefined) return known;
    const parent = r.parentCode ? byCode.get(r.parentCode) : undefined;
    const d = parent ? depthOf(parent) + 1 : 0;
    depth.set(r.code, d);
    return d;
  };
  return [...rows].sort((a, b) => depthOf(a) - depthOf(b) || a.line - b.line);
}
