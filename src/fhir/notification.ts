import type { Resource } from '@medplum/fhirtypes';
import { z } from 'zod';
import type { Config } from '../shared/config.ts';
import type { Db } from '../shared/db.ts';
import { acceptChecked, checkResources, type EntryResult } from './accept.ts';
import { outcome, type Said } from './outcome.ts';
import type { Reply } from './receive.ts';
import { resolver } from './resolve.ts';
import { sourceServer } from './source-server.ts';
import type { Lang } from '../shared/i18n/index.ts';

/** At most this many events per notification: a sender with more sends more notifications. */
export const maxEvents = 200;

const reference = z.object({ reference: z.string().min(1).max(500) }).passthrough();
const part = z.object({ name: z.string(), valueReference: reference.optional(), valueCode: z.string().optional() }).passthrough();
/** R4's backport profile: the status is a Parameters resource. */
const r4Status = z.object({
  resourceType: z.literal('Parameters'),
  parameter: z.array(z.object({ name: z.string(), valueCode: z.string().optional(), part: z.array(part).optional() }).passthrough()).max(maxEvents + 20),
});
/** R4B: a SubscriptionStatus resource. */
const r4bStatus = z.object({
  resourceType: z.literal('SubscriptionStatus'),
  type: z.string(),
  notificationEvent: z
    .array(z.object({ focus: reference.optional() }).passthrough())
    .max(maxEvents)
    .optional(),
});
const notification = z.object({
  resourceType: z.literal('Bundle'),
  type: z.literal('history'),
  entry: z.array(z.object({ resource: z.unknown().optional() }).passthrough()).min(1),
});

/** The notification's type and the references of the resources it announces. */
export function parseNotification(body: unknown): { type: string; focus: string[] } | null {
  const b = notification.safeParse(body);
  if (!b.success) return null;
  const status = b.data.entry[0]!.resource;
  const r4 = r4Status.safeParse(status);
  if (r4.success) {
    const params = r4.data.parameter;
    return {
      type: params.find((p) => p.name === 'type')?.valueCode ?? '',
      focus: params.filter((p) => p.name === 'notification-event').flatMap((p) => p.part?.find((x) => x.name === 'focus')?.valueReference?.reference ?? []),
    };
  }
  const r4b = r4bStatus.safeParse(status);
  if (r4b.success) return { type: r4b.data.type, focus: (r4b.data.notificationEvent ?? []).flatMap((e) => e.focus?.reference ?? []) };
  return null;
}

const visitType = (ref: string) => /(?:^|\/)(Encounter|Appointment)\/[^/]+(?:\/_history\/[^/]+)?$/.exec(ref)?.[1] as 'Encounter' | 'Appointment' | undefined;

/**
 * POST /fhir/r4/subscription-notification: a topic-based Subscription's notification (R4B, or R4
 * with the backport profile) with id-only payloads. Handshakes and heartbeats are acknowledged;
 * for an event, Kaiku reads each announced Encounter or Appointment (and its Patient) from the
 * source server and takes it as if it had been posted. When the source cannot be read, the answer
 * is 503 so that the sender tries again; what was taken stays taken, once.
 */
export async function receiveNotification(db: Db, config: Config, body: unknown, opts: { lang: Lang; within?: Set<number> | undefined }): Promise<Reply> {
  const said = (s: Said[], status: number): Reply => ({ status, body: outcome(opts.lang, s) });
  const n = parseNotification(body);
  if (!n) return said([{ severity: 'error', code: 'invalid', problem: { key: 'fhir.sub.notification', expression: 'Bundle' } }], 400);
  if (n.type !== 'event-notification')
    return said([{ severity: 'information', code: 'informational', problem: { key: 'fhir.sub.acknowledged', params: { type: n.type } } }], 200);
  if (n.focus.length > maxEvents)
    return said([{ severity: 'error', code: 'too-costly', problem: { key: 'fhir.err.tooMany', params: { max: maxEvents } } }], 400);
  const source = sourceServer(config);
  if (!source.configured) return said([{ severity: 'error', code: 'not-supported', problem: { key: 'fhir.sub.notConfigured' } }], 503);

  const lines: Said[] = [];
  const fetched: { ref: string; resource: Resource }[] = [];
  let retry = false;
  for (const ref of n.focus) {
    const type = visitType(ref);
    if (!type) {
      lines.push({ severity: 'information', code: 'informational', problem: { key: 'fhir.sub.notVisit', expression: ref } });
      continue;
    }
    if (!source.path(ref)) {
      lines.push({ severity: 'error', code: 'security', problem: { key: 'fhir.sub.foreign', params: { ref }, expression: ref } });
      continue;
    }
    const got = await source.read(ref);
    if (got.ok) fetched.push({ ref, resource: got.resource });
    else if (got.gone) lines.push({ severity: 'information', code: 'deleted', problem: { key: 'fhir.sub.gone', params: { ref }, expression: ref } });
    else {
      retry = true;
      lines.push({ severity: 'error', code: 'transient', problem: { key: 'fhir.sub.fetch', params: { ref, status: got.status }, expression: ref } });
    }
  }
  const resolve = resolver([], source);
  const checked = await checkResources(fetched.map((f) => ({ resource: f.resource, resolve })));
  const results: EntryResult[] = await acceptChecked(
    db,
    config,
    checked,
    fetched.map((f) => f.resource.resourceType),
    { within: opts.within },
  );
  results.forEach((r, k) => {
    const ref = fetched[k]!.ref;
    for (const s of r.said) lines.push({ ...s, problem: { ...s.problem, detail: s.problem.detail ? `${ref}: ${s.problem.detail}` : ref } });
  });
  return said(lines, retry ? 503 : 200);
}
