import { parse } from 'csv-parse/sync';
import type { Db } from '../shared/db.ts';
import { AppError } from '../shared/errors.ts';
import { stripOid } from './encounter-to-visit.ts';
import { recodeHeldVisits } from '../sms/visits.ts';
import { audit } from '../access/audit.ts';
import type { Principal } from '../access/roles.ts';

/** A line of the code map that could not be taken, by its line number in the file. */
export interface CodeMapProblem {
  line: number;
  problem: 'csv' | 'code' | 'unit';
  unit?: string;
}

export interface CodeMapRow {
  system: string;
  code: string;
  unit: string;
  name_fi: string;
  name_sv: string | null;
  name_en: string | null;
}

export const codeMapHeader = 'system,code,unit';

/** The map as it stands, in the order an administrator reads it. */
export async function listCodeMap(db: Db): Promise<CodeMapRow[]> {
  return db.query<CodeMapRow>(
    `select m.system, m.code, n.code as unit, n.name_fi, n.name_sv, n.name_en
     from fhir_code_map m join org_node n on n.id = m.node_id order by m.system, m.code`,
  );
}

/** The map as the CSV the administrator edits and sends back. */
export function codeMapCsv(rows: CodeMapRow[]): string {
  const cell = (v: string) => (/[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
  return [codeMapHeader, ...rows.map((r) => [r.system, r.code, r.unit].map(cell).join(','))].join('\n');
}

/**
 * Replaces the local-code map from a CSV with the columns system, code, unit: the identifier
 * system (or "Location" / "Organization" for a referenced id; empty for any system), the patient
 * system's code and Kaiku's unit code. Every line is checked before anything changes; the problems
 * come back as AppError details, by line.
 */
export async function replaceCodeMap(db: Db, actor: Principal, csv: string): Promise<{ rows: number }> {
  let records: Record<string, string>[];
  try {
    records = parse(csv, { columns: (h: string[]) => h.map((x) => x.trim().toLowerCase()), skip_empty_lines: true, trim: true, bom: true });
  } catch (e) {
    const line = (e as { lines?: number }).lines ?? 1;
    throw new AppError('invalid', `line ${line}: not CSV (${(e as Error).message})`, [{ line, problem: 'csv' }] satisfies CodeMapProblem[]);
  }
  const units = new Map(
    (await db.query<{ id: number; code: string }>('select id, code from org_node where code = any($1::text[])', [records.map((r) => r.unit ?? '')])).map(
      (u) => [u.code, u.id],
    ),
  );
  const problems: CodeMapProblem[] = records.flatMap((r, i): CodeMapProblem[] =>
    !r.code ? [{ line: i + 2, problem: 'code' }] : !units.has(r.unit ?? '') ? [{ line: i + 2, problem: 'unit', unit: r.unit ?? '' }] : [],
  );
  if (problems.length) {
    const said = problems
      .slice(0, 50)
      .map((p) => (p.problem === 'code' ? `line ${p.line}: code is empty` : `line ${p.line}: unit ${p.unit} is not in the organisation`));
    throw new AppError('invalid', said.join('\n'), problems);
  }
  await db.transaction(async (tx) => {
    await tx.query('delete from fhir_code_map');
    await tx.query(
      `insert into fhir_code_map (system, code, node_id) select * from unnest($1::text[], $2::text[], $3::int[])
       on conflict (system, code) do update set node_id = excluded.node_id`,
      [records.map((r) => stripOid(r.system ?? '')), records.map((r) => stripOid(r.code!)), records.map((r) => units.get(r.unit!)!)],
    );
    // visits that arrived under a code nobody knew go on to their unit (the SMS job plans them)
    const heldVisits = await recodeHeldVisits(
      tx,
      records.map((r) => ({ code: stripOid(r.code!), unitCode: r.unit! })),
    );
    await audit(tx, actor, { action: 'fhir_code_map_replaced', targetType: 'fhir_code_map', targetId: String(records.length), details: { heldVisits } });
  });
  return { rows: records.length };
}
