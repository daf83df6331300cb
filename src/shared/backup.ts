import fs from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import type { Db } from './db.ts';
import { AppError } from './errors.ts';
import { embeddedFiles } from './database.ts';

/**
 * A consistent copy of the embedded database while Kaiku runs: PGlite writes its whole data
 * directory as one gzipped tar between two queries. A PostgreSQL server is backed up with its
 * own tools (pg_dump; see the deployment guide).
 */
export async function backupEmbedded(db: Db, file: string): Promise<number> {
  if (db.kind !== 'pglite' || !(db.identity instanceof PGlite))
    throw new AppError('invalid', 'backup is for the embedded database; back up a PostgreSQL server with pg_dump');
  const blob = await db.identity.dumpDataDir('gzip');
  const bytes = Buffer.from(await blob.arrayBuffer());
  const partial = `${file}.partial`;
  fs.writeFileSync(partial, bytes);
  fs.renameSync(partial, file); // never a half-written backup under the final name
  return bytes.length;
}

/**
 * Restores a backup into a new, empty KAIKU_DATA_DIR (Kaiku stopped), where Kaiku will open it;
 * never over existing data.
 */
export async function restoreEmbedded(file: string, dataDir: string): Promise<void> {
  if (fs.existsSync(dataDir) && fs.readdirSync(dataDir).length > 0)
    throw new AppError('conflict', `${dataDir} is not empty: restore into a new directory and point KAIKU_DATA_DIR at it`);
  const blob = new Blob([fs.readFileSync(file)]);
  fs.mkdirSync(embeddedFiles(dataDir), { recursive: true });
  const restored = await PGlite.create(embeddedFiles(dataDir), { loadDataDir: blob });
  await restored.query('select 1');
  await restored.close();
}
