import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

/**
 * PGlite keeps its files in one directory that only one process may open. The process that
 * opens it holds this lock file; the server also writes its port and a secret token into it
 * so that administration commands can go through the running server instead.
 */
export interface LockInfo {
  pid: number;
  role: 'server' | 'cli';
  port: number | null;
  token: string;
  startedAt: string;
}

export class DataDirLocked extends Error {
  constructor(readonly holder: LockInfo) {
    super(`The data directory is in use by process ${holder.pid} (${holder.role})`);
  }
}

const lockPath = (dataDir: string) => path.join(dataDir, 'kaiku.lock');

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export function readLiveLock(dataDir: string): LockInfo | undefined {
  try {
    const info = JSON.parse(fs.readFileSync(lockPath(dataDir), 'utf8')) as LockInfo;
    return alive(info.pid) && info.pid !== process.pid ? info : undefined;
  } catch {
    return undefined;
  }
}

export interface HeldLock {
  info: LockInfo;
  update(patch: Partial<Pick<LockInfo, 'port'>>): void;
  release(): void;
}

export function acquireLock(dataDir: string, role: LockInfo['role']): HeldLock {
  fs.mkdirSync(dataDir, { recursive: true });
  const file = lockPath(dataDir);
  const info: LockInfo = { pid: process.pid, role, port: null, token: crypto.randomBytes(24).toString('base64url'), startedAt: new Date().toISOString() };
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = fs.openSync(file, 'wx', 0o600);
      fs.writeSync(fd, JSON.stringify(info));
      fs.closeSync(fd);
      const release = () => {
        try {
          const current = JSON.parse(fs.readFileSync(file, 'utf8')) as LockInfo;
          if (current.pid === process.pid) fs.unlinkSync(file);
        } catch {
          /* already gone */
        }
      };
      process.once('exit', release);
      return {
        info,
        update(patch) {
          Object.assign(info, patch);
          fs.writeFileSync(file, JSON.stringify(info), { mode: 0o600 });
        },
        release,
      };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const holder = readLiveLock(dataDir);
      if (holder) throw new DataDirLocked(holder);
      fs.rmSync(file, { force: true }); // left behind by a process that died
    }
  }
  throw new Error(`Could not take the lock ${file}`);
}
