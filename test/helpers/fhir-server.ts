import http from 'node:http';
import type net from 'node:net';
import { getStatus } from '@medplum/core';
import { FhirRouter, MemoryRepository } from '@medplum/fhir-router';
import type { Resource } from '@medplum/fhirtypes';

/**
 * A patient system's FHIR R4 server for tests: Medplum's FHIR router (the REST layer of the Medplum
 * server: create, read, vread, search, batch) over its in-memory repository, behind a bearer token.
 */
export async function startFhirServer(token: string) {
  const router = new FhirRouter();
  const repo = new MemoryRepository();
  const reads: string[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', async () => {
      const send = (status: number, body: unknown) => {
        res.writeHead(status, { 'content-type': 'application/fhir+json' });
        res.end(JSON.stringify(body));
      };
      if (req.headers.authorization !== `Bearer ${token}`)
        return send(401, { resourceType: 'OperationOutcome', issue: [{ severity: 'error', code: 'login' }] });
      const url = (req.url ?? '/').replace(/^\/fhir\/R4/, '');
      if (req.method === 'GET') reads.push(url);
      const body = chunks.length ? JSON.parse(Buffer.concat(chunks).toString('utf8')) : undefined;
      const [outcome, resource] = await router.handleRequest({ method: req.method as 'GET', url, pathname: '', body, params: {}, query: {} }, repo);
      send(getStatus(outcome), resource ?? outcome);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as net.AddressInfo).port}/fhir/R4`;
  return {
    base,
    /** Paths Kaiku read, in order. */
    reads,
    create: <T extends Resource>(r: T) => repo.createResource(r),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
