import fs from 'node:fs';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { keySubtree } from '../access/key-scope.ts';
import { hasScope } from '../access/permissions.ts';
import { requirePrincipal } from '../http/context.ts';
import { clock } from '../shared/clock.ts';
import type { Config } from '../shared/config.ts';
import type { Db } from '../shared/db.ts';
import { AppError, httpStatus } from '../shared/errors.ts';
import { capabilityStatement } from './capability-statement.ts';
import { receiveNotification } from './notification.ts';
import { outcome } from './outcome.ts';
import { receiveBundle, receiveResource, type Reply } from './receive.ts';

const version = (JSON.parse(fs.readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;
const fhirJson = 'application/fhir+json; charset=utf-8';

/** The key may send visits: scope visits:write; a key made for part of the organisation sends only its units. */
async function sender(db: Db, request: FastifyRequest) {
  const p = requirePrincipal(request);
  if (!hasScope(p, 'visits:write')) throw new AppError('forbidden', 'visits:write scope needed');
  return { lang: request.lang, within: await keySubtree(db, p) };
}

const send = (reply: FastifyReply, r: Reply) => reply.status(r.status).type(fhirJson).send(r.body);

/**
 * HL7 FHIR R4 for patient and client systems: finished Encounters and fulfilled Appointments
 * become visits for the SMS survey, one at a time, in a Bundle, or announced by a Subscription.
 * Errors are OperationOutcomes, never Kaiku's own JSON.
 */
export async function fhirRoutes(app: FastifyInstance, opts: { db: Db; config: Config }) {
  const { db, config } = opts;
  app.addContentTypeParser(['application/fhir+json', 'application/json'], { parseAs: 'string', bodyLimit: 8 * 1024 * 1024 }, (_request, body, done) => {
    try {
      done(null, JSON.parse(body as string));
    } catch {
      done(new AppError('invalid', 'json'), undefined);
    }
  });
  app.setErrorHandler(async (error: FastifyError | AppError, request, reply) => {
    const status = error instanceof AppError ? httpStatus[error.code] : (error.statusCode ?? 500);
    if (status >= 500) request.log.error({ err: error }, 'FHIR request failed');
    const code = status === 401 ? 'login' : status === 403 ? 'forbidden' : status === 413 ? 'too-costly' : status < 500 ? 'invalid' : 'exception';
    const body = outcome(request.lang, [
      { severity: 'error', code, problem: { key: status < 500 && error.message === 'json' ? 'fhir.err.json' : 'fhir.err.value', detail: error.message } },
    ]);
    return reply.status(status).type(fhirJson).send(body);
  });

  app.get('/fhir/r4/metadata', async (_request, reply) =>
    reply.type(fhirJson).send(capabilityStatement(config.publicUrl, version, clock.now().toISOString().slice(0, 10))),
  );
  for (const type of ['Encounter', 'Appointment'] as const) {
    app.post(`/fhir/r4/${type}`, async (request, reply) => send(reply, await receiveResource(db, config, request.body, type, await sender(db, request))));
  }
  app.post('/fhir/r4', async (request, reply) => send(reply, await receiveBundle(db, config, request.body, await sender(db, request))));
  app.post('/fhir/r4/subscription-notification', async (request, reply) =>
    send(reply, await receiveNotification(db, config, request.body, await sender(db, request))),
  );
}
