import type { CapabilityStatement } from '@medplum/fhirtypes';

/** GET /fhir/r4/metadata: what Kaiku's FHIR endpoint takes, for the county's integration engine. */
export function capabilityStatement(publicUrl: string, version: string, date: string): CapabilityStatement {
  const create = (type: 'Encounter' | 'Appointment', status: string) => ({
    type,
    documentation: `A ${status} ${type} becomes a visit for the SMS survey (the Patient contained, in the same Bundle, or on KAIKU_FHIR_SOURCE_URL). Taken once per id and meta.versionId; nothing is stored beyond the visit rules' needs, so it cannot be read back.`,
    interaction: [{ code: 'create' as const }],
  });
  return {
    resourceType: 'CapabilityStatement',
    status: 'active',
    date,
    kind: 'instance',
    software: { name: 'Kaiku', version },
    implementation: { description: 'Kaiku: visits for customer feedback surveys', url: `${publicUrl}/fhir/r4` },
    fhirVersion: '4.0.1',
    format: ['application/fhir+json', 'json'],
    rest: [
      {
        mode: 'server',
        documentation:
          'Send an API key with the visits:write scope as a bearer token. Errors come as OperationOutcome in Finnish with English translations (Accept-Language: en for English first).',
        security: { service: [{ text: 'Bearer API key (scope visits:write)' }] },
        resource: [create('Encounter', 'finished'), create('Appointment', 'fulfilled')],
        interaction: [{ code: 'batch' }, { code: 'transaction' }],
        operation: [],
      },
    ],
  };
}
