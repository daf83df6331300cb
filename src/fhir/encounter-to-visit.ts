import type { Appointment, Encounter, Identifier, Patient, Reference, Resource } from '@medplum/fhirtypes';
import type { MessageKey } from '../shared/i18n/index.ts';
import type { VisitInput } from '../sms/visits.ts';

/** A problem with one resource, named by its FHIRPath and said in the staff's words. */
export interface Problem {
  expression: string;
  key: MessageKey;
  params?: Record<string, string | number>;
  /** The validator's own English words, where it gave them. */
  detail?: string;
}

/** A unit named by the resource: a plain code (an OID or a reference's id) and, for identifiers, its system. */
export interface UnitName {
  system: string;
  code: string;
}

export type Mapped =
  | { kind: 'visit'; visit: Omit<VisitInput, 'unit'>; units: UnitName[] }
  | { kind: 'ignored'; status: string }
  | { kind: 'invalid'; problems: Problem[] };

/** Finds a referenced resource: contained (#id), in the same Bundle, or on the source server. */
export type Resolve = (reference: Reference, from: Resource) => Promise<Resource | undefined>;

/** FI Base's security label for a non-disclosure for personal safety (DVV's turvakielto). */
const turvakieltoSystem = 'https://hl7.fi/fhir/finnish-base-profiles/CodeSystem/fi-base-security-label-cs';
/** Kaiku's own extensions: the customer's answer to "may we ask you about this visit", and a visit type. */
export const consentExtension = 'https://kaiku.fi/fhir/StructureDefinition/feedback-consent';
export const visitTypeSystem = 'https://kaiku.fi/fhir/CodeSystem/visit-type';
/** v3 ActCode classes that are a stay on a ward rather than a visit. */
const stayClasses = new Set(['IMP', 'ACUTE', 'NONAC', 'PRENC', 'SS']);

/** An OID as the registers write it, with or without its urn:oid: prefix. */
export const stripOid = (v: string) => v.replace(/^urn:oid:/i, '').trim();

/** Where the resource says it took place: identifiers first (they are the register's), then referenced ids. */
function unitNames(refs: (Reference | undefined)[], kinds: string[]): UnitName[] {
  const names: UnitName[] = [];
  for (const r of refs) {
    if (!r) continue;
    const id: Identifier | undefined = r.identifier;
    if (id?.value) names.push({ system: id.system ? stripOid(id.system) : '', code: stripOid(id.value) });
    const m = /^([A-Za-z]+)\/([^/]+)$/.exec(r.reference ?? '');
    if (m && kinds.includes(m[1]!)) names.push({ system: m[1]!, code: stripOid(m[2]!) });
  }
  return names;
}

/** Full years at the visit, from a FHIR date (YYYY, YYYY-MM or YYYY-MM-DD); undefined when unknown. */
export function ageAt(birthDate: string | undefined, at: Date): number | undefined {
  const m = /^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?$/.exec(birthDate ?? '');
  if (!m) return undefined;
  // A partial date counts from its last possible day: nobody is asked a day too young.
  const y = Number(m[1]);
  const mo = m[2] ? Number(m[2]) : 12;
  const d = m[3] ? Number(m[3]) : new Date(Date.UTC(y, mo, 0)).getUTCDate();
  const day = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Helsinki', year: 'numeric', month: '2-digit', day: '2-digit' }).format(at);
  const [ay, am, ad] = day.split('-').map(Number) as [number, number, number];
  return ay - y - (am < mo || (am === mo && ad < d) ? 1 : 0);
}

function contact(patient: Patient, system: 'phone' | 'email', at: Date): string | undefined {
  const live = (patient.telecom ?? []).filter(
    (t) =>
      (system === 'phone' ? t.system === 'phone' || t.system === 'sms' : t.system === 'email') && t.value && (!t.period?.end || new Date(t.period.end) > at),
  );
  // A mobile number first: the survey is a text message.
  const ranked = [...live].sort((a, b) => Number(b.use === 'mobile') - Number(a.use === 'mobile') || (a.rank ?? 99) - (b.rank ?? 99));
  return ranked.find((t) => t.use !== 'old')?.value;
}

function language(patient: Patient): string | undefined {
  const comms = [...(patient.communication ?? [])].sort((a, b) => Number(!!b.preferred) - Number(!!a.preferred));
  for (const c of comms) {
    const code = c.language.coding?.find((x) => x.code)?.code ?? c.language.text;
    if (code) return code.slice(0, 20);
  }
  return undefined;
}

function nonDisclosure(patient: Patient): boolean {
  return (patient.meta?.security ?? []).some((s) => s.code?.toUpperCase() === 'TURVAKIELTO' && (!s.system || s.system === turvakieltoSystem));
}

function consent(...resources: (Resource | undefined)[]): boolean | undefined {
  for (const r of resources) {
    const ext = r && 'extension' in r ? r.extension?.find((e) => e.url === consentExtension) : undefined;
    if (ext?.valueBoolean !== undefined) return ext.valueBoolean;
  }
  return undefined;
}

function visitType(resource: Encounter | Appointment): 'visit' | 'stay' | 'first-contact' {
  const types = resource.resourceType === 'Encounter' ? resource.type : [resource.appointmentType];
  const own = types?.flatMap((t) => t?.coding ?? []).find((c) => c.system === visitTypeSystem)?.code;
  if (own === 'visit' || own === 'stay' || own === 'first-contact') return own;
  if (resource.resourceType === 'Encounter' && stayClasses.has(resource.class?.code ?? '')) return 'stay';
  return 'visit';
}

/**
 * What Kaiku takes from a finished Encounter or a fulfilled Appointment and its Patient: the unit,
 * the end time, the visit type, the number or address, language, age, non-disclosure and consent,
 * as today's visits API takes them. Nothing else is read, and nothing here is stored.
 */
export async function encounterToVisit(resource: Encounter | Appointment, resolve: Resolve): Promise<Mapped> {
  const type = resource.resourceType;
  const done = type === 'Encounter' ? 'finished' : 'fulfilled';
  if (resource.status !== done) return { kind: 'ignored', status: resource.status };
  const problems: Problem[] = [];
  const key = resource.id ?? resource.identifier?.find((i) => i.value)?.value;
  if (!key) problems.push({ expression: `${type}.id`, key: 'fhir.err.identity' });
  const end = type === 'Encounter' ? resource.period?.end : resource.end;
  if (!end) problems.push({ expression: type === 'Encounter' ? 'Encounter.period.end' : 'Appointment.end', key: 'fhir.err.end' });

  const subjectRef =
    type === 'Encounter'
      ? resource.subject
      : resource.participant.find((p) => p.actor?.reference?.startsWith('Patient/') || p.actor?.reference?.startsWith('#'))?.actor;
  const subject = subjectRef ? await resolve(subjectRef, resource) : undefined;
  if (subject?.resourceType !== 'Patient')
    problems.push({ expression: type === 'Encounter' ? 'Encounter.subject' : 'Appointment.participant.actor', key: 'fhir.err.patient' });

  const units =
    type === 'Encounter'
      ? unitNames([resource.serviceProvider, ...(resource.location ?? []).map((l) => l.location)], ['Organization', 'Location'])
      : unitNames(
          resource.participant.map((p) => p.actor),
          ['Organization', 'Location', 'HealthcareService'],
        );
  if (!units.length) problems.push({ expression: type === 'Encounter' ? 'Encounter.serviceProvider' : 'Appointment.participant.actor', key: 'fhir.err.unit' });
  if (problems.length || !key || !end || subject?.resourceType !== 'Patient') return { kind: 'invalid', problems };

  const at = new Date(end);
  const patient = subject;
  // Nobody writes to the family of someone who has died.
  if (patient.deceasedBoolean || patient.deceasedDateTime) return { kind: 'ignored', status: 'deceased' };
  return {
    kind: 'visit',
    units,
    visit: {
      eventId: `${type}/${key}/_history/${resource.meta?.versionId ?? ''}`,
      source: 'fhir',
      visitAt: at.toISOString(),
      type: visitType(resource),
      phone: contact(patient, 'phone', at),
      email: contact(patient, 'email', at),
      language: language(patient),
      age: ageAt(patient.birthDate, at),
      // The feed sends the visits the county asks about; an explicit "no" on the visit or the patient wins.
      consent: consent(resource, patient) ?? true,
      nonDisclosure: nonDisclosure(patient),
    },
  };
}
