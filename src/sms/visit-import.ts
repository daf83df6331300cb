import crypto from 'node:crypto';
import { parse } from 'csv-parse/sync';
import type { Config } from '../shared/config.ts';
import type { Db } from '../shared/db.ts';
import { acceptVisits, type VisitResult } from './visits.ts';

export interface VisitImportRun {
  id: string;
  status: 'running' | 'done' | 'failed';
  done: number;
  total: number;
  counts: Record<VisitResult['status'], number>;
  /** Line numbers and what was wrong, the first 200. */
  problems: { line: number; message: string }[];
  startedBy: string;
  error?: string;
}

const truthy = (v: string | undefined) => (v === undefined || v === '' ? undefined : ['1', 'true', 'yes', 'kyllä', 'k', 'y'].includes(v.trim().toLowerCase()));

/**
 * A file of visits as the patient systems export them: CSV with a header (eventId, unit, visitAt,
 * type, callType, phone, language, age, consent, nonDisclosure and background.NAME columns), or
 * JSON lines with the API's fields. Returns the items with their line numbers.
 */
export function parseVisitFile(text: string): { line: number; item: unknown }[] {
  const trimmed = text.replace(/^\ufeff/, '');
  if (trimmed.trimStart().startsWith('{')) {
    return trimmed.split(/\r?\n/).flatMap((l, i) => {
      if (!l.trim()) return [];
      try {
        return [{ line: i + 1, item: JSON.parse(l) as unknown }];
      } catch {
        return [{ line: i + 1, item: { __unreadable: true } }];
      }
    });
  }
  const records = parse(trimmed, { columns: true, skip_empty_lines: true, trim: true, delimiter: trimmed.split('\n')[0]!.includes(';') ? ';' : ',' }) as Record<
    string,
    string
  >[];
  return records.map((r, i) => {
    const background: Record<string, string> = {};
    for (const [k, v] of Object.entries(r)) if (k.startsWith('background.') && v) background[k.slice(11)] = v;
    return {
      line: i + 2,
      item: {
        eventId: r.eventId,
        unit: r.unit,
        visitAt: r.visitAt,
        type: r.type,
        ...(r.callType ? { callType: r.callType } : {}),
        ...(r.phone ? { phone: r.phone } : {}),
        ...(r.language ? { language: r.language } : {}),
        ...(r.age ? { age: Number(r.age) } : {}),
        consent: truthy(r.consent),
        nonDisclosure: truthy(r.nonDisclosure),
        ...(Object.keys(background).length ? { background } : {}),
      },
    };
  });
}

const runs = new Map<string, VisitImportRun>();

/** Imports in batches of a thousand, so a large file shows its progress and never holds one long transaction. */
export function startVisitImport(db: Db, config: Config, text: string, startedBy: string): VisitImportRun {
  const run: VisitImportRun = {
    id: crypto.randomBytes(9).toString('base64url'),
    status: 'running',
    done: 0,
    total: 0,
    startedBy,
    counts: { created: 0, duplicate: 0, held: 0, skipped: 0, invalid: 0 },
    problems: [],
  };
  runs.set(run.id, run);
  while (runs.size > 50) runs.delete(runs.keys().next().value!);
  void (async () => {
    const items = parseVisitFile(text);
    run.total = items.length;
    for (let i = 0; i < items.length; i += 1000) {
      const batch = items.slice(i, i + 1000);
      const results = await acceptVisits(
        db,
        config,
        batch.map((b) => b.item),
      );
      results.forEach((r, k) => {
        run.counts[r.status]++;
        if (r.status === 'invalid' && run.problems.length < 200) {
          run.problems.push({ line: batch[k]!.line, message: (r.errors ?? []).map((e) => `${e.field || 'line'}: ${e.message}`).join('; ') });
        }
      });
      run.done = Math.min(items.length, i + batch.length);
    }
    run.status = 'done';
  })().catch((err: unknown) => Object.assign(run, { status: 'failed', error: String((err as Error).message ?? err) }));
  return run;
}

export const getVisitImport = (id: string) => runs.get(id);

export async function visitImportSettled(run: VisitImportRun, ms: number): Promise<VisitImportRun> {
  const until = Date.now() + ms;
  while (run.status === 'running' && Date.now() < until) await new Promise((r) => setTimeout(r, 25));
  return run;
}
