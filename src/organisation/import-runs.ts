import crypto from 'node:crypto';
import type { Db } from '../shared/db.ts';
import { AppError } from '../shared/errors.ts';
import { importOrgTree, type ImportOrgResult } from './import-org-tree.ts';
import type { ImportIssue } from './org-csv.ts';

/** An import started from the admin UI, watched on a progress page until it ends. */
export interface ImportRun {
  id: string;
  status: 'running' | 'done' | 'failed';
  done: number;
  total: number;
  result?: ImportOrgResult;
  issues?: ImportIssue[];
  startedBy: string;
}

const runs = new Map<string, ImportRun>();
const keep = 50;

export function startImportRun(db: Db, input: { csv: string; partial: boolean; source: string }): ImportRun {
  const run: ImportRun = { id: crypto.randomBytes(9).toString('base64url'), status: 'running', done: 0, total: 0, startedBy: input.source };
  runs.set(run.id, run);
  while (runs.size > keep) runs.delete(runs.keys().next().value!);
  importOrgTree(db, {
    csv: input.csv,
    partial: input.partial,
    source: input.source,
    onProgress: (done, total) => Object.assign(run, { done, total }),
  }).then(
    (result) => Object.assign(run, { status: 'done', result, done: result.total, total: result.total }),
    (err: unknown) => {
      const issues = err instanceof AppError ? ((err.details as { issues?: ImportIssue[] })?.issues ?? []) : [];
      Object.assign(run, { status: 'failed', issues: issues.length ? issues : [{ line: 0, code: 'malformed_csv', params: { reason: String(err) } }] });
    },
  );
  return run;
}

/** Waits briefly so that a small file shows its result at once instead of a progress page. */
export async function settled(run: ImportRun, ms: number): Promise<ImportRun> {
  const until = Date.now() + ms;
  while (run.status === 'running' && Date.now() < until) await new Promise((r) => setTimeout(r, 25));
  return run;
}

export function getImportRun(id: string): ImportRun | undefined {
  return runs.get(id);
}
