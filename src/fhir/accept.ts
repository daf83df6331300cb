import type { Appointment, Encounter, Resource } from '@medplum/fhirtypes';
import type { Config } from '../shared/config.ts';
import type { MessageKey } from '../shared/i18n/index.ts';
import type { Db } from '../shared/db.ts';
import { acceptVisits, type VisitResult } from '../sms/visits.ts';
import { encounterToVisit, type Mapped, type Resolve, type UnitName } from './encounter-to-visit.ts';
import type { Said } from './outcome.ts';
import { structuralErrors } from './validate.ts';

/** What one resource came to, as FHIR says it: an HTTP status and the issues behind it. */
export interface EntryResult {
  status: 201 | 200 | 202 | 400 | 422;
  said: Said[];
}

const visitTypes = new Set(['Encounter', 'Appointment']);

/** Kaiku's node codes for the units the resources name: a node code itself (an OID) or a mapped local code. */
async function unitCodes(db: Db, names: UnitName[]): Promise<Map<string, string>> {
  const codes = [...new Set(names.map((n) => n.code))];
  if (!codes.length) return new Map();
  const rows = await db.query<{ system: string | null; code: string; node_code: string }>(
    `select null as system, code, code as node_code from org_node where code = any($1::text[])
     union all
     select m.system, m.code, n.code from fhir_code_map m join org_node n on n.id = m.node_id where m.code = any($1::text[])`,
    [codes],
  );
  const found = new Map<string, string>();
  for (const r of rows) found.set(`${r.system ?? ''}|${r.code}`, r.node_code);
  return found;
}

/** The first named unit Kaiku knows; keys are "|code" for node codes and map rows of any system, "system|code" for the others. */
function pickUnit(names: UnitName[], found: Map<string, string>): string {
  for (const n of names) {
    const hit = found.get(`|${n.code}`) ?? found.get(`${n.system}|${n.code}`);
    if (hit) return hit;
  }
  // Nobody knows it yet: the visit is held under the register's code until the organisation is imported.
  return names[0]!.code;
}

/** A field the visit rules refused: its words, and where it sits (".x" on the Encounter or Appointment itself). */
const refusedField: Record<string, [MessageKey, string]> = {
  phone: ['fhir.err.phone', 'Patient.telecom'],
  email: ['fhir.err.email', 'Patient.telecom'],
  unit: ['fhir.err.outsideKey', '.serviceProvider'],
};

function fromVisit(type: string, r: VisitResult, unit: string): EntryResult {
  switch (r.status) {
    case 'created':
      return { status: 201, said: [{ severity: 'information', code: 'informational', problem: { key: 'fhir.ok.created' } }] };
    case 'duplicate':
      return { status: 200, said: [{ severity: 'information', code: 'duplicate', problem: { key: 'fhir.ok.duplicate' } }] };
    case 'held':
      return { status: 202, said: [{ severity: 'warning', code: 'not-found', problem: { key: 'fhir.ok.held', params: { unit } } }] };
    case 'skipped':
      return {
        status: 200,
        said: [{ severity: 'information', code: 'business-rule', problem: { key: 'fhir.ok.skipped', params: { reasonKey: `sms.reason.${r.reason}` } } }],
      };
    default:
      return {
        status: 422,
        said: (r.errors ?? []).map((e) => {
          const [key, at] = refusedField[e.field] ?? ['fhir.err.value', `.${e.field}`];
          return { severity: 'error', code: 'invalid', problem: { key, expression: at.startsWith('.') ? `${type}${at}` : at, detail: e.message } };
        }),
      };
  }
}

/**
 * Checks each resource against FHIR R4, maps the valid ones to visits and hands those to the SMS
 * survey's visit rules in one batch. Each resource gets its own result; an invalid one keeps the
 * others from nothing.
 */
export async function checkResources(items: { resource: Resource; resolve: Resolve }[], expected?: string): Promise<Mapped[]> {
  const out: Mapped[] = [];
  for (const { resource, resolve } of items) {
    if (!resource || typeof resource !== 'object' || !visitTypes.has(resource.resourceType) || (expected && resource.resourceType !== expected)) {
      out.push({
        kind: 'invalid',
        problems: [
          {
            expression: 'resourceType',
            key: 'fhir.err.type',
            params: { type: String(resource?.resourceType ?? '-'), expected: expected ?? 'Encounter, Appointment' },
          },
        ],
      });
      continue;
    }
    const structural = await structuralErrors(resource);
    if (structural.length) {
      out.push({
        kind: 'invalid',
        problems: structural.map((i) => ({ expression: i.expression?.[0] ?? resource.resourceType, key: 'fhir.err.structure', detail: i.details?.text ?? '' })),
      });
      continue;
    }
    out.push(await encounterToVisit(resource as Encounter | Appointment, resolve));
  }
  return out;
}

/** Turns checked resources into visits (the SMS survey's rules decide each) and says what became of each. */
export async function acceptChecked(
  db: Db,
  config: Config,
  checked: Mapped[],
  types: string[],
  opts: { within?: Set<number> | undefined; now?: Date } = {},
): Promise<EntryResult[]> {
  const found = await unitCodes(
    db,
    checked.flatMap((c) => (c.kind === 'visit' ? c.units : [])),
  );
  const visits = checked.flatMap((c) => (c.kind === 'visit' ? [{ ...c.visit, unit: pickUnit(c.units, found) }] : []));
  const results = visits.length ? await acceptVisits(db, config, visits, opts.now, { within: opts.within }) : [];
  let k = 0;
  return checked.map((c, i): EntryResult => {
    if (c.kind === 'invalid') return { status: 400, said: c.problems.map((problem) => ({ severity: 'error', code: 'invalid', problem })) };
    if (c.kind === 'ignored')
      return { status: 200, said: [{ severity: 'information', code: 'informational', problem: { key: 'fhir.ok.ignored', params: { status: c.status } } }] };
    const v = visits[k]!;
    return fromVisit(types[i] ?? 'Encounter', results[k++]!, v.unit);
  });
}
