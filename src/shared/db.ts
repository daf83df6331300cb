import { PGlite, types as pgliteTypes } from '@electric-sql/pglite';
import pg from 'pg';
import { letOthersRun } from './turn.ts';

/** The one database interface: PostgreSQL SQL with $1 parameters, on PGlite or a server. */
export interface Db {
  readonly kind: 'pglite' | 'postgres';
  /** The same object for a database and every transaction on it: a key for per-database caches. */
  readonly identity: object;
  query<T = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<T[]>;
  /** Runs several statements without parameters (migrations). */
  exec(sql: string): Promise<void>;
  transaction<T>(fn: (tx: Db) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

export async function one<T>(db: Db, sql: string, params?: readonly unknown[]): Promise<T> {
  const rows = await db.query<T>(sql, params);
  if (rows.length !== 1) throw new Error(`expected one row, got ${rows.length}`);
  return rows[0] as T;
}

export async function maybeOne<T>(db: Db, sql: string, params?: readonly unknown[]): Promise<T | undefined> {
  const rows = await db.query<T>(sql, params);
  return rows[0];
}

// Both drivers return the same JavaScript types: int8 and numeric as numbers (counts and
// ids stay far below 2^53), timestamps as Date, json as objects.
const toNumber = (v: string) => Number(v);
pg.types.setTypeParser(20, toNumber);
pg.types.setTypeParser(1700, toNumber);

type Queryable = { query: PGlite['query']; exec: PGlite['exec'] };

function pgliteDb(q: Queryable, root: PGlite | undefined, identity: object): Db {
  return {
    kind: 'pglite',
    identity,
    async query<T>(sql: string, params?: readonly unknown[]) {
      const r = await q.query<T>(sql, params as unknown[] | undefined);
      // PGlite runs in this thread and settles at once: a job's queries one after another would
      // never let the server read a request
      await letOthersRun();
      return r.rows;
    },
    async exec(sql) {
      await q.exec(sql);
      await letOthersRun();
    },
    async transaction(fn) {
      if (!root) return fn(this); // already inside one: PGlite has a single connection
      return root.transaction((tx) => fn(pgliteDb(tx as unknown as Queryable, undefined, identity)));
    },
    async close() {
      await root?.close();
    },
  };
}

/** Opens PGlite on a directory, in memory (undefined), or in memory from a dumped data directory. */
export async function openPglite(dataDir: string | undefined, options: { loadDataDir?: Blob } = {}): Promise<Db> {
  const instance = await PGlite.create(dataDir, {
    parsers: { [pgliteTypes.INT8]: toNumber, [pgliteTypes.NUMERIC]: toNumber },
    ...(options.loadDataDir ? { loadDataDir: options.loadDataDir } : {}),
  });
  return wrapPglite(instance);
}

export function wrapPglite(instance: PGlite): Db {
  return pgliteDb(instance, instance, instance);
}

function clientDb(client: pg.PoolClient, identity: object): Db {
  return {
    kind: 'postgres',
    identity,
    async query<T>(sql: string, params?: readonly unknown[]) {
      const r = await client.query(sql, params as unknown[] | undefined);
      return r.rows as T[];
    },
    async exec(sql) {
      await client.query(sql);
    },
    async transaction(fn) {
      return fn(this);
    },
    async close() {},
  };
}

export function openPostgres(url: string, options: { searchPath?: string; max?: number } = {}): Db {
  const pool = new pg.Pool({
    connectionString: url,
    max: options.max ?? 10,
    options: options.searchPath ? `-c search_path=${options.searchPath}` : undefined,
  });
  // An idle client that loses its server (restart) must not crash the process.
  pool.on('error', () => {});
  return {
    kind: 'postgres',
    identity: pool,
    async query<T>(sql: string, params?: readonly unknown[]) {
      const r = await pool.query(sql, params as unknown[] | undefined);
      return r.rows as T[];
    },
    async exec(sql) {
      await pool.query(sql);
    },
    async transaction(fn) {
      const client = await pool.connect();
      let broken: Error | undefined;
      try {
        await client.query('begin');
        const result = await fn(clientDb(client, pool));
        await client.query('commit');
        return result;
      } catch (err) {
        // a connection that cannot even roll back (the server restarted) is thrown away, not reused
        await client.query('rollback').catch((e: unknown) => (broken = e instanceof Error ? e : new Error(String(e))));
        throw err;
      } finally {
        client.release(broken);
      }
    },
    async close() {
      await pool.end();
    },
  };
}
