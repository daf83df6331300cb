import type { Db } from '../shared/db.ts';
import { AppError } from '../shared/errors.ts';
import { nodeColumns, type OrgNode } from './node.ts';
import { type ImportIssue, type KnownNode, type OrgRow, parentsFirst, parseOrgCsv, validateOrgRows } from './org-csv.ts';
import { nodeSearchText } from './search-text.ts';

export interface ImportOrgInput {
  /** The file's text, or rows already parsed (a single edit from the UI). */
  csv?: string;
  rows?: OrgRow[];
  /** Who or what asked: shown in the node history ("import by admin", "cli"). */
  source: string;
  /** Full (default): nodes missing from the file are closed. Partial: they are left alone. */
  partial?: boolean;
  onProgress?: (done: number, total: number) => void;
}

export interface ImportOrgResult {
  importId: number;
  total: number;
  added: string[];
  changed: string[];
  closed: string[];
  unchanged: number;
}

type Snapshot = Pick<OrgNode, 'kind' | 'name_fi' | 'name_sv' | 'name_en' | 'active'> & { parent_code: string | null };

/**
 * Brings the stored tree in line with a CSV file. The whole file is checked first; a file
 * with any problem changes nothing. Running the same file twice changes nothing the second time.
 */
export async function importOrgTree(db: Db, input: ImportOrgInput): Promise<ImportOrgResult> {
  const parsed = input.rows ? { rows: input.rows, issues: [] } : parseOrgCsv(input.csv ?? '');
  let failed: { rows: number; issues: ImportIssue[] } | undefined;
  try {
    return await db.transaction(async (tx) => {
      await tx.query('select pg_advisory_xact_lock($1)', [ORG_IMPORT_LOCK]);
      const existing = await tx.query<OrgNode & { parent_code: string | null }>(
        `select ${nodeColumns
          .split(', ')
          .map((c) => `n.${c}`)
          .join(', ')}, p.code as parent_code
         from org_node n left join org_node p on p.id = n.parent_id`,
      );
      const { rows } = parsed;
      let issues = parsed.issues;
      if (issues.length === 0) {
        const inFile = new Set(rows.map((r) => r.code));
        const outside = new Map<string, KnownNode>();
        for (const n of existing) {
          if (inFile.has(n.code)) continue;
          // In a full import the nodes left out get closed, so they count as closed parents.
          outside.set(n.code, { code: n.code, parentCode: n.parent_code, kind: n.kind, active: input.partial ? n.active : false });
        }
        issues = validateOrgRows(rows, outside);
      }
      if (issues.length > 0) {
        failed = { rows: rows.length, issues };
        throw new AppError('invalid', `The file has ${issues.length} problem(s); nothing was changed.`, { issues });
      }
      return applyRows(tx, input, rows, existing);
    });
  } finally {
    if (failed) {
      await db.query(`insert into org_import (source, status, total, finished_at, errors) values ($1, 'failed', $2, now(), $3)`, [
        input.source,
        failed.rows,
        JSON.stringify(failed.issues),
      ]);
    }
  }
}

// Two imports at once would each close what the other adds.
const ORG_IMPORT_LOCK = 7_412_002;

async function applyRows(tx: Db, input: ImportOrgInput, rows: OrgRow[], existing: (OrgNode & { parent_code: string | null })[]): Promise<ImportOrgResult> {
  const existingByCode = new Map(existing.map((n) => [n.code, n]));
  const ordered = parentsFirst(rows);
  const total = ordered.length;
  const idByCode = new Map(existing.map((n) => [n.code, n.id]));
  const result: ImportOrgResult = { importId: 0, total, added: [], changed: [], closed: [], unchanged: 0 };
  const log = (nodeId: number, change: string, before: unknown, after: unknown) =>
    tx.query('insert into org_node_change (node_id, change, before, after, source) values ($1, $2, $3, $4, $5)', [
      nodeId,
      change,
      before === null ? null : JSON.stringify(before),
      after === null ? null : JSON.stringify(after),
      input.source,
    ]);

  let done = 0;
  for (const row of ordered) {
    const parentId = row.parentCode ? idByCode.get(row.parentCode)! : null;
    const next: Snapshot = {
      kind: row.kind,
      name_fi: row.nameFi,
      name_sv: row.nameSv,
      name_en: row.nameEn,
      active: row.active,
      parent_code: row.parentCode,
    };
    const searchText = nodeSearchText({ code: row.code, name_fi: row.nameFi, name_sv: row.nameSv, name_en: row.nameEn });
    const old = existingByCode.get(row.code);
    if (!old) {
      const [created] = await tx.query<{ id: number }>(
        `insert into org_node (code, kind, parent_id, name_fi, name_sv, name_en, active, search_text, closed_at)
         values ($1, $2, $3, $4, $5, $6, $7, $8, case when $7 then null else now() end) returning id`,
        [row.code, row.kind, parentId, row.nameFi, row.nameSv, row.nameEn, row.active, searchText],
      );
      idByCode.set(row.code, created!.id);
      await log(created!.id, 'created', null, next);
      result.added.push(row.code);
    } else {
      const before: Snapshot = {
        kind: old.kind,
        name_fi: old.name_fi,
        name_sv: old.name_sv,
        name_en: old.name_en,
        active: old.active,
        parent_code: old.parent_code,
      };
      const changes = changeKinds(before, next);
      if (changes.length === 0) {
        result.unchanged++;
      } else {
        await tx.query(
          `update org_node set kind = $2, parent_id = $3, name_fi = $4, name_sv = $5, name_en = $6, active = $7,
             search_text = $8, updated_at = now(),
             closed_at = case when $7 then null when active then now() else closed_at end
           where id = $1`,
          [old.id, row.kind, parentId, row.nameFi, row.nameSv, row.nameEn, row.active, searchText],
        );
        for (const c of changes) await log(old.id, c, before, next);
        if (changes.includes('closed')) result.closed.push(row.code);
        if (changes.some((c) => c !== 'closed')) result.changed.push(row.code);
      }
    }
    done++;
    if (done % 50 === 0 || done === total) input.onProgress?.(done, total);
  }

  if (!input.partial) {
    const inFile = new Set(rows.map((r) => r.code));
    for (const old of existing) {
      if (inFile.has(old.code) || !old.active) continue;
      await tx.query('update org_node set active = false, closed_at = now(), updated_at = now() where id = $1', [old.id]);
      await log(old.id, 'closed', { active: true }, { active: false, reason: 'not in file' });
      result.closed.push(old.code);
    }
  }

  const [imp] = await tx.query<{ id: number }>(
    `insert into org_import (source, status, total, added, changed, closed, unchanged, finished_at)
     values ($1, 'done', $2, $3, $4, $5, $6, now()) returning id`,
    [input.source, total, result.added.length, result.changed.length, result.closed.length, result.unchanged],
  );
  result.importId = imp!.id;
  return result;
}

function changeKinds(before: Snapshot, next: Snapshot): ('moved' | 'updated' | 'closed' | 'reopened')[] {
  const out: ('moved' | 'updated' | 'closed' | 'reopened')[] = [];
  if (before.parent_code !== next.parent_code) out.push('moved');
  if (before.kind !== next.kind || before.name_fi !== next.name_fi || before.name_sv !== next.name_sv || before.name_en !== next.name_en) {
    out.push('updated');
  }
  if (before.active && !next.active) out.push('closed');
  if (!before.active && next.active) out.push('reopened');
  return out;
}

export async function recentImports(db: Db, limit = 20) {
  return db.query<{
    id: number;
    started_at: Date;
    source: string;
    status: string;
    total: number;
    added: number;
    changed: number;
    closed: number;
    unchanged: number;
    errors: ImportIssue[] | null;
  }>('select id, started_at, source, status, total, added, changed, closed, unchanged, errors from org_import order by id desc limit $1', [limit]);
}
