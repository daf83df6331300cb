import type { BundleEntry, Reference, Resource } from '@medplum/fhirtypes';
import type { Resolve } from './encounter-to-visit.ts';
import type { SourceServer } from './source-server.ts';

/**
 * Finds what a reference points to: a contained resource (#id), an entry of the same Bundle (by
 * its fullUrl or type/id), or — when a source server is configured — that server.
 */
export function resolver(entries: BundleEntry[], source: SourceServer | undefined): Resolve {
  return async (ref: Reference, from: Resource) => {
    const r = ref.reference;
    if (!r) return undefined;
    if (r.startsWith('#')) return 'contained' in from ? from.contained?.find((c) => c.id === r.slice(1)) : undefined;
    const inBundle = entries.find(
      (e) => e.resource && (e.fullUrl === r || `${e.resource.resourceType}/${e.resource.id}` === r || e.fullUrl?.endsWith(`/${r}`)),
    );
    if (inBundle?.resource) return inBundle.resource;
    if (source?.configured && source.path(r)) {
      const got = await source.read(r);
      return got.ok ? got.resource : undefined;
    }
    return undefined;
  };
}
