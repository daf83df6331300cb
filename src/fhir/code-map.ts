import { parse } from 'csv-parse/sync';
import type { Db } from '../shared/db.ts';
import { AppError } from '../shared/errors.ts';

/**
 * Replaces the local-code map from a CSV with the columns system, code, unit: the identifier
 * system (or "Location" / "Organization" for a referenced id; empty for any system), the patient
 * system's code and Kaiku's unit code. Every line is checked before anything changes.
 */
export async function replaceCodeMap(db: Db, csv: string): Promise<{ rows: number }> {
  let records: Record<string, string>[];
  try {
    records = parse(csv, { columns: (h: string[]) => h.map((x) => x.trim().toLowerCase()), skip_empty_lines: true, trim: true, bom: true });
  } catch (e) {
    throw new AppError('invalid', `Not a CSV file: ${(e as Error).message}`);
  }
  const units = new Map(
    (await db.query<{ id: number; code: string }>('select id, code from org_node where code = any($1::text[])', [records.map((r) => r.unit ?? '')])).map(
      (u) => [u.code, u.id],
    ),
  );
  const problems = records.flatMap((r, i) =>
    !r.code ? [`line ${i + 2}: code is empty`] : !units.has(r.unit ?? '') ? [`line ${i + 2}: unit ${r.unit ?? ''} is not in the organisation`] : [],
  );
  if (problems.length) throw new AppError('invalid', problems.slice(0, 50).join('\n'));
  await db.transaction(async (tx) => {
    await tx.query('delete from fhir_code_map');
    await tx.query(
      `insert into fhir_code_map (system, code, node_id) select * from unnest($1::text[], $2::text[], $3::int[])
       on conflict (system, code) do update set node_id = excluded.node_id`,
      [
        records.map((r) => (r.system ?? '').replace(/^urn:oid:/i, '')),
        records.map((r) => r.code!.replace(/^urn:oid:/i, '')),
        records.map((r) => units.get(r.unit!)!),
      ],
    );
  });
  return { rows: records.length };
}
