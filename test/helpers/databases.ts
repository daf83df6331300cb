import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe } from 'node:test';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { type Db, openPglite, openPostgres, wrapPglite } from '../../src/shared/db.ts';
import { prepareDatabase } from '../../src/prepare-database.ts';
import { readMigrations } from '../../src/shared/migrate.ts';
import { type DemoVariant, openDemoPglite, openDemoPostgres, useDemoClock } from './demo.ts';
// Every capability's texts: domain code under test translates without the HTTP app.
import '../../src/capabilities.ts';

/**
 * Every database test runs twice: on PGlite and on the PostgreSQL server named by
 * TEST_DATABASE_URL (or DATABASE_URL). Each suite gets its own empty, migrated database:
 * a PGlite loaded from a migrated template, or a fresh schema on the server.
 */
export interface TestTarget {
  name: 'pglite' | 'postgres';
  open(): Promise<Db>;
  /** A database holding the demo county (seeded once per run and copied). */
  openDemo(variant: DemoVariant): Promise<Db>;
}

const artifacts = path.resolve(import.meta.dirname ?? path.dirname(new URL(import.meta.url).pathname), '../../.test-artifacts');

async function pgliteTemplate(): Promise<Blob> {
  const migrations = readMigrations();
  const builtins = fs
    .readdirSync(path.resolve(artifacts, '../src/surveys/definitions'))
    .map((f) => fs.readFileSync(path.resolve(artifacts, '../src/surveys/definitions', f), 'utf8'));
  const hash = crypto
    .createHash('sha256')
    .update(JSON.stringify([migrations, builtins]))
    .digest('hex')
    .slice(0, 16);
  const file = path.join(artifacts, `pglite-${hash}.tar`);
  if (!fs.existsSync(file)) {
    const db = await PGlite.create();
    await prepareDatabase(wrapPglite(db));
    const dump = await db.dumpDataDir('none');
    await db.close();
    fs.mkdirSync(artifacts, { recursive: true });
    const tmp = `${file}.${process.pid}.tmp`;
    fs.writeFileSync(tmp, Buffer.from(await dump.arrayBuffer()));
    fs.renameSync(tmp, file); // atomic: parallel test files never read half a template
  }
  return new Blob([fs.readFileSync(file)]);
}

export function serverUrl(): string | undefined {
  return process.env.TEST_DATABASE_URL || process.env.DATABASE_URL || undefined;
}

export function testTargets(): TestTarget[] {
  const targets: TestTarget[] = [
    {
      name: 'pglite',
      async open() {
        const db = await openPglite(undefined, { loadDataDir: await pgliteTemplate() });
        await prepareDatabase(db); // a no-op unless the template is stale
        return db;
      },
      openDemo: openDemoPglite,
    },
  ];
  const url = serverUrl();
  if (url) {
    targets.push({
      name: 'postgres',
      async open() {
        const schema = `kaiku_test_${process.pid}_${crypto.randomBytes(4).toString('hex')}`;
        const admin = new pg.Client({ connectionString: url });
        await admin.connect();
        await admin.query(`create schema ${schema}`);
        await admin.end();
        const db = openPostgres(url, { searchPath: schema, max: 4 });
        await prepareDatabase(db);
        return {
          ...db,
          async close() {
            await db.close();
            const c = new pg.Client({ connectionString: url });
            await c.connect();
            await c.query(`drop schema ${schema} cascade`);
            await c.end();
          },
        };
      },
      openDemo: (variant) => openDemoPostgres(url, variant),
    });
  }
  return targets;
}

/**
 * describe() once per database; the suite's tests share one fresh database, or one holding the
 * demo county (`demo`). Every suite starts with Kaiku's clock at the demo county's reference date
 * (running on from there), so no test depends on the day it runs; a test may set it otherwise.
 */
export function describeEachDatabase(
  title: string,
  body: (ctx: { db: () => Db; target: TestTarget['name'] }) => void,
  opts: { demo?: DemoVariant } = {},
): void {
  useDemoClock();
  for (const target of testTargets()) {
    describe(`${title} [${target.name}]`, () => {
      let db: Db | undefined;
      before(async () => {
        useDemoClock();
        db = opts.demo ? await target.openDemo(opts.demo) : await target.open();
      });
      after(async () => {
        await db?.close();
      });
      body({
        db: () => {
          if (!db) throw new Error('database not open yet');
          return db;
        },
        target: target.name,
      });
    });
  }
}
