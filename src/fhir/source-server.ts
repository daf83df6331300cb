import type { Resource } from '@medplum/fhirtypes';
import type { Config } from '../shared/config.ts';

export type Fetched = { ok: true; resource: Resource } | { ok: false; gone: boolean; status: string };

/**
 * The patient system's FHIR server (KAIKU_FHIR_SOURCE_URL). Kaiku reads from it only what a
 * notification or an Encounter names, and only there: a reference to any other server is refused,
 * so a notification cannot make Kaiku fetch an address of the sender's choosing.
 */
export function sourceServer(config: Config) {
  const source = config.fhirSource;
  /** "Encounter/1", "Encounter/1/_history/2", or either under the source's base URL; null when it points elsewhere. */
  const path = (reference: string): string | null => {
    const rel = source && reference.startsWith(`${source.url}/`) ? reference.slice(source.url.length + 1) : reference;
    return /^[A-Za-z]+\/[A-Za-z0-9\-.]{1,64}(\/_history\/[A-Za-z0-9\-.]{1,64})?$/.test(rel) ? rel : null;
  };
  return {
    configured: !!source,
    path,
    async read(reference: string): Promise<Fetched> {
      const rel = path(reference);
      if (!source || !rel) return { ok: false, gone: false, status: 'not on the source server' };
      let res: Response;
      try {
        res = await fetch(`${source.url}/${rel}`, {
          headers: { accept: 'application/fhir+json', ...(source.token ? { authorization: `Bearer ${source.token}` } : {}) },
          signal: AbortSignal.timeout(10_000),
          redirect: 'error',
        });
      } catch (e) {
        return { ok: false, gone: false, status: (e as Error).message };
      }
      if (res.status === 404 || res.status === 410) return { ok: false, gone: true, status: String(res.status) };
      if (!res.ok) return { ok: false, gone: false, status: String(res.status) };
      const text = await res.text();
      if (text.length > 2 * 1024 * 1024) return { ok: false, gone: false, status: 'too large' };
      try {
        return { ok: true, resource: JSON.parse(text) as Resource };
      } catch {
        return { ok: false, gone: false, status: 'not JSON' };
      }
    },
  };
}
export type SourceServer = ReturnType<typeof sourceServer>;
