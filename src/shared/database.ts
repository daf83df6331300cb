import path from 'node:path';
import type { Config } from './config.ts';
import { type Db, openPglite, openPostgres } from './db.ts';
import { acquireLock, type HeldLock } from './data-dir-lock.ts';
import { prepareDatabase } from '../prepare-database.ts';

export interface OpenedDatabase {
  db: Db;
  lock: HeldLock | undefined;
  /** Human description for start-up messages, never with a password. */
  description: string;
}

/** Where the embedded database keeps its files inside KAIKU_DATA_DIR (the lock file sits beside). */
export const embeddedFiles = (dataDir: string) => path.join(dataDir, 'pgdata');

/** Opens the configured database, takes the data directory lock for PGlite, and migrates. */
export async function openDatabase(config: Config, role: 'server' | 'cli'): Promise<OpenedDatabase> {
  if (config.databaseUrl) {
    const db = openPostgres(config.databaseUrl);
    await prepareDatabase(db);
    const u = new URL(config.databaseUrl);
    return { db, lock: undefined, description: `PostgreSQL ${u.hostname}:${u.port || 5432}${u.pathname}` };
  }
  const lock = acquireLock(config.dataDir, role);
  try {
    const db = await openPglite(embeddedFiles(config.dataDir));
    await prepareDatabase(db);
    return { db, lock, description: `embedded PGlite in ${config.dataDir}` };
  } catch (err) {
    lock.release();
    throw err;
  }
}
