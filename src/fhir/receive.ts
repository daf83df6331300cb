import type { Bundle, BundleEntry, OperationOutcome, Resource } from '@medplum/fhirtypes';
import type { Config } from '../shared/config.ts';
import type { Db } from '../shared/db.ts';
import type { Lang } from '../shared/i18n/index.ts';
import { acceptChecked, checkResources, type EntryResult } from './accept.ts';
import { outcome } from './outcome.ts';
import { resolver } from './resolve.ts';
import { sourceServer } from './source-server.ts';

export const maxBundleEntries = 1000;

const reason: Record<number, string> = { 200: 'OK', 201: 'Created', 202: 'Accepted', 400: 'Bad Request', 422: 'Unprocessable Entity' };

export interface Reply {
  status: number;
  body: Resource;
}

interface Opts {
  lang: Lang;
  within?: Set<number> | undefined;
}

const invalid = (lang: Lang, key: 'fhir.err.json' | 'fhir.err.bundleType' | 'fhir.err.tooMany', expression?: string): Reply => ({
  status: 400,
  body: outcome(lang, [{ severity: 'error', code: 'invalid', problem: { key, params: { max: maxBundleEntries }, ...(expression ? { expression } : {}) } }]),
});

/** POST /fhir/r4/Encounter or /Appointment: one resource, its Patient contained or on the source server. */
export async function receiveResource(db: Db, config: Config, body: unknown, type: 'Encounter' | 'Appointment', opts: Opts): Promise<Reply> {
  if (!body || typeof body !== 'object' || Array.isArray(body)) return invalid(opts.lang, 'fhir.err.json');
  const resource = body as Resource;
  const checked = await checkResources([{ resource, resolve: resolver([], sourceServer(config)) }], type);
  const [result] = await acceptChecked(db, config, checked, [type], { within: opts.within });
  return { status: result!.status, body: outcome(opts.lang, result!.said) };
}

/** Prefixes each issue's FHIRPath with the entry it came from, for a transaction refused as a whole. */
function inEntry(o: OperationOutcome, i: number): OperationOutcome['issue'] {
  const path = (e: string) => (/^(Encounter|Appointment|Bundle)(\.|$)/.test(e) ? `Bundle.entry[${i}].resource${e.replace(/^[A-Za-z]+/, '')}` : e);
  return o.issue.map((x) => ({ ...x, expression: (x.expression ?? ['Bundle']).map(path) }));
}

/**
 * POST /fhir/r4: a batch or transaction Bundle. Encounters and Appointments become visits; other
 * entries (the Patients they refer to) are read and not kept. A batch answers each entry on its
 * own; a transaction takes all or, when any entry is wrong, nothing, and names every wrong one.
 */
export async function receiveBundle(db: Db, config: Config, body: unknown, opts: Opts): Promise<Reply> {
  const bundle = body as Bundle;
  if (!bundle || typeof bundle !== 'object' || bundle.resourceType !== 'Bundle') return invalid(opts.lang, 'fhir.err.json', 'resourceType');
  if (bundle.type !== 'batch' && bundle.type !== 'transaction') return invalid(opts.lang, 'fhir.err.bundleType', 'Bundle.type');
  const entries: BundleEntry[] = Array.isArray(bundle.entry) ? bundle.entry : [];
  if (entries.length > maxBundleEntries) return invalid(opts.lang, 'fhir.err.tooMany', 'Bundle.entry');
  const resolve = resolver(entries, sourceServer(config));
  const visitEntries = entries.flatMap((e, i) => (e?.resource?.resourceType === 'Encounter' || e?.resource?.resourceType === 'Appointment' ? [i] : []));
  const checked = await checkResources(visitEntries.map((i) => ({ resource: entries[i]!.resource!, resolve })));
  const types = visitEntries.map((i) => entries[i]!.resource!.resourceType);

  const respond = (results: EntryResult[]): Reply => {
    const byEntry = new Map(visitEntries.map((i, k) => [i, results[k]!]));
    return {
      status: 200,
      body: {
        resourceType: 'Bundle',
        type: bundle.type === 'batch' ? 'batch-response' : 'transaction-response',
        entry: entries.map((e, i) => {
          const r: EntryResult = byEntry.get(i) ?? {
            status: e?.resource ? 200 : 400,
            said: [
              {
                severity: e?.resource ? 'information' : 'error',
                code: e?.resource ? 'informational' : 'required',
                problem: { key: e?.resource ? 'fhir.ok.supporting' : 'fhir.err.entry' },
              },
            ],
          };
          return { response: { status: `${r.status} ${reason[r.status]}`, outcome: outcome(opts.lang, r.said) } };
        }),
      },
    };
  };

  if (bundle.type === 'batch') return respond(await acceptChecked(db, config, checked, types, { within: opts.within }));

  // A transaction: everything in one database transaction, rolled back when any entry is refused.
  const refused = new Error('refused');
  let results: EntryResult[] = [];
  try {
    await db.transaction(async (tx) => {
      results = await acceptChecked(tx, config, checked, types, { within: opts.within });
      if (results.some((r) => r.status >= 400) || entries.some((e) => !e?.resource)) throw refused;
    });
  } catch (e) {
    if (e !== refused) throw e;
    const issues = [
      ...entries.flatMap((e, i) =>
        e?.resource ? [] : inEntry(outcome(opts.lang, [{ severity: 'error', code: 'required', problem: { key: 'fhir.err.entry', expression: 'Bundle' } }]), i),
      ),
      ...results.flatMap((r, k) => (r.status >= 400 ? inEntry(outcome(opts.lang, r.said), visitEntries[k]!) : [])),
    ];
    return { status: 400, body: { resourceType: 'OperationOutcome', issue: issues } };
  }
  return respond(results);
}
