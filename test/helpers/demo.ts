import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { analysePending } from '../../src/analysis/analysis-job.ts';
import { offlineProvider } from '../../src/analysis/provider.ts';
import { ensureAnalysisVersion } from '../../src/analysis/taxonomy.ts';
import { seedDemoIfEmpty } from '../../src/organisation/seed-demo.ts';
import { prepareDatabase } from '../../src/prepare-database.ts';
import { refreshRollup } from '../../src/reports/refresh-rollup.ts';
import { setClock } from '../../src/shared/clock.ts';
import { type Db, openPglite, openPostgres, wrapPglite } from '../../src/shared/db.ts';

/**
 * The demo county's reference date. Its answers, feedback and participants are dated relative to
 * it, and tests that use the demo county run with Kaiku's clock set to it: no figure a test checks
 * depends on the day the suite runs.
 */
export const demoNow = new Date('2026-11-23T12:00:00+02:00');

/** Sets Kaiku's clock to the demo county's reference date; it runs on from there. */
export function useDemoClock(): void {
  setClock(demoNow);
}

/**
 * organisation: the tree and the demo sign-ins, nothing else;
 * county: the organisation, sign-ins, collection points, 13 months of answers and participation;
 * feedback: the same and a year of free-form feedback;
 * analysed: the county with its result sums refreshed and every open answer analysed.
 */
export type DemoVariant = 'organisation' | 'county' | 'feedback' | 'analysed';

async function seed(db: Db, variant: DemoVariant): Promise<void> {
  await prepareDatabase(db);
  await seedDemoIfEmpty(db, { feedback: variant === 'feedback', answers: variant !== 'organisation', now: demoNow });
  if (variant === 'analysed') {
    await refreshRollup(db);
    await ensureAnalysisVersion(db, offlineProvider.name);
    await analysePending(db, offlineProvider, Number.POSITIVE_INFINITY);
  }
}

const root = path.resolve(import.meta.dirname, '../..');
const artifacts = path.join(root, '.test-artifacts');

/** Changes to the code or the migrations make new templates; the same code reuses them. */
function sourceHash(variant: DemoVariant): string {
  const h = crypto.createHash('sha256').update(variant).update(demoNow.toISOString());
  for (const dir of ['src', 'migrations']) {
    const files = fs
      .readdirSync(path.join(root, dir), { recursive: true })
      .map(String)
      .filter((f) => /\.(ts|tsx|sql|json)$/.test(f))
      .sort();
    for (const f of files) h.update(f).update(fs.readFileSync(path.join(root, dir, f)));
  }
  return h.digest('hex').slice(0, 12);
}

/** One process builds a template while the others wait for it: a lock file with the builder's pid. */
async function withFileLock<T>(lock: string, fn: () => Promise<T>): Promise<T> {
  fs.mkdirSync(path.dirname(lock), { recursive: true });
  for (;;) {
    try {
      fs.writeFileSync(lock, String(process.pid), { flag: 'wx' });
      break;
    } catch {
      const holder = Number(fs.readFileSync(lock, 'utf8') || 0);
      if (holder && !alive(holder)) fs.rmSync(lock, { force: true });
      else await new Promise((r) => setTimeout(r, 200));
    }
  }
  try {
    return await fn();
  } finally {
    fs.rmSync(lock, { force: true });
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

const pgliteDumps = new Map<DemoVariant, Promise<Blob>>();

async function pgliteDump(variant: DemoVariant): Promise<Blob> {
  const file = path.join(artifacts, `demo-${variant}-${sourceHash(variant)}.tar`);
  if (!fs.existsSync(file)) {
    await withFileLock(`${file}.lock`, async () => {
      if (fs.existsSync(file)) return;
      const raw = await PGlite.create();
      await seed(wrapPglite(raw), variant);
      const dump = await raw.dumpDataDir('none');
      await raw.close();
      const tmp = `${file}.${process.pid}.tmp`;
      fs.writeFileSync(tmp, Buffer.from(await dump.arrayBuffer()));
      fs.renameSync(tmp, file);
      for (const old of fs.readdirSync(artifacts))
        if (old.startsWith(`demo-${variant}-`) && old.endsWith('.tar') && path.join(artifacts, old) !== file)
          fs.rmSync(path.join(artifacts, old), { force: true });
    });
  }
  return new Blob([fs.readFileSync(file)]);
}

/** A PGlite holding the demo county, loaded from a data directory seeded once per run. */
export async function openDemoPglite(variant: DemoVariant): Promise<Db> {
  let dump = pgliteDumps.get(variant);
  if (!dump) pgliteDumps.set(variant, (dump = pgliteDump(variant)));
  return openPglite(undefined, { loadDataDir: await dump });
}

function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

const templateLock = 7_412_901;

/** A template database with the demo county on the server, built once for the same code. */
async function ensurePostgresTemplate(url: string, variant: DemoVariant): Promise<string> {
  const name = `kaiku_tpl_${variant}_${sourceHash(variant)}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  try {
    await admin.query('select pg_advisory_lock($1)', [templateLock]);
    const exists = (await admin.query('select 1 from pg_database where datname = $1', [name])).rowCount;
    if (!exists) {
      // Only a template marked ready counts: a half-built one from a killed run is replaced.
      await admin.query(`drop database if exists ${name}_building with (force)`);
      await admin.query(`create database ${name}_building`);
      const db = openPostgres(withDatabase(url, `${name}_building`), { max: 4 });
      try {
        await seed(db, variant);
      } finally {
        await db.close();
      }
      await admin.query(`alter database ${name}_building rename to ${name}`);
      const stale = await admin.query<{ datname: string }>('select datname from pg_database where datname like $1 and datname <> $2', [
        `kaiku\\_tpl\\_${variant}\\_%`,
        name,
      ]);
      for (const s of stale.rows) await admin.query(`drop database if exists ${s.datname} with (force)`);
    }
  } finally {
    await admin.query('select pg_advisory_unlock($1)', [templateLock]).catch(() => undefined);
    await admin.end();
  }
  return name;
}

/** A database of its own on the server, copied from the demo template (a file copy, not a seed). */
export async function openDemoPostgres(url: string, variant: DemoVariant): Promise<Db> {
  const template = await ensurePostgresTemplate(url, variant);
  const name = `kaiku_t_${process.pid}_${crypto.randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`create database ${name} template ${template}`);
  await admin.end();
  const db = openPostgres(withDatabase(url, name), { max: 4 });
  return {
    ...db,
    async close() {
      await db.close();
      const c = new pg.Client({ connectionString: url });
      await c.connect();
      await c.query(`drop database if exists ${name} with (force)`);
      await c.end();
    },
  };
}

/** Databases left behind by test processes that died (their pid is gone). */
export async function dropOrphanedTestDatabases(url: string): Promise<number> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  const rows = (await c.query<{ datname: string }>("select datname from pg_database where datname like 'kaiku\\_t\\_%'")).rows;
  let dropped = 0;
  for (const { datname } of rows) {
    const pid = Number(/^kaiku_t_(\d+)_/.exec(datname)?.[1]);
    if (pid && !alive(pid)) {
      await c.query(`drop database if exists ${datname} with (force)`);
      dropped++;
    }
  }
  await c.end();
  return dropped;
}
