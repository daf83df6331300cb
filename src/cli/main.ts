import { setClock } from '../shared/clock.ts';
import path from 'node:path';
import { ConfigError, loadConfig } from '../shared/config.ts';
import fs from 'node:fs';
import { embeddedFiles, openDatabase } from '../shared/database.ts';
import { DataDirLocked, readLiveLock } from '../shared/data-dir-lock.ts';
import { commands, helpText, runCommand } from './commands.ts';
import type { Lang } from '../shared/i18n/index.ts';

/** The commands that may make a new embedded database: setting up a county starts with them. */
const startsFromEmpty = new Set(['migrate', 'import-org', 'seed-demo', 'create-user', 'status']);

/**
 * `npm run kaiku -- COMMAND`. On a PostgreSQL server the command opens the database itself.
 * On the embedded database only one process may open the data directory: when the server
 * holds it, the command is sent to that server over loopback with the token from the lock
 * file; when another command holds it, it says so and changes nothing.
 */
async function main(): Promise<number> {
  const args = process.argv.slice(2);
  const name = args[0];
  if (!name || name === 'help' || name === '--help' || !commands[name]) {
    console.log(name && !['help', '--help'].includes(name) ? `Unknown command "${name}".\n\n${helpText()}` : helpText());
    return name && !['help', '--help'].includes(name) ? 2 : 0;
  }
  if (commands[name]!.offline) {
    return runCommand({ db: undefined as never, lang: 'en', out: (line) => console.log(line) }, args);
  }
  const config = loadConfig();
  if (config.clockStart) setClock(config.clockStart);
  const lang: Lang = /^sv/i.test(process.env.LANG ?? '') ? 'sv' : /^fi/i.test(process.env.LANG ?? '') ? 'fi' : 'en';

  // A command that reads the county's data, pointed at a directory with no database, would
  // quietly make an empty one and then report that nothing exists.
  if (!config.databaseUrl && !startsFromEmpty.has(name) && !fs.existsSync(path.join(embeddedFiles(config.dataDir), 'PG_VERSION'))) {
    console.error(
      `No Kaiku database in ${config.dataDir}. Set KAIKU_DATA_DIR to the server's data directory (or DATABASE_URL to its PostgreSQL); ` +
        `only ${[...startsFromEmpty].join(', ')} start a new one.`,
    );
    return 1;
  }

  if (!config.databaseUrl) {
    const holder = readLiveLock(config.dataDir);
    if (holder?.role === 'server' && holder.port) return viaServer(holder.port, holder.token, withAbsolutePaths(args));
    if (holder) {
      console.error(
        holder.role === 'server'
          ? `The Kaiku server (process ${holder.pid}) is starting on this data directory; run the command again in a moment.`
          : `Another Kaiku command (process ${holder.pid}) is using ${config.dataDir}; run this one when it has finished.`,
      );
      return 1;
    }
  }

  let opened: Awaited<ReturnType<typeof openDatabase>>;
  try {
    opened = await openDatabase(config, 'cli');
  } catch (err) {
    if (err instanceof DataDirLocked) {
      console.error(`${err.message}. Run the command again when it has finished, or while the server is running.`);
      return 1;
    }
    throw err;
  }
  const tty = process.stderr.isTTY;
  try {
    return await runCommand(
      {
        db: opened.db,
        lang,
        out: (line) => console.log(line),
        progress: (done, total) => {
          const pct = total ? Math.round((100 * done) / total) : 100;
          if (tty) process.stderr.write(`\r${'#'.repeat(Math.round(pct / 4)).padEnd(25, '.')} ${done}/${total} (${pct} %)${done === total ? '\n' : ''}`);
          else if (done === total || done % 500 === 0) process.stderr.write(`${done}/${total}\n`);
        },
      },
      args,
    );
  } finally {
    await opened.db.close();
    opened.lock?.release();
  }
}

function withAbsolutePaths(args: string[]): string[] {
  const command = commands[args[0]!];
  const out = [...args];
  if (command?.fileOptions?.includes('0') && out[1] && !out[1].startsWith('-')) out[1] = path.resolve(out[1]);
  for (const opt of command?.fileOptions ?? []) {
    const i = out.indexOf(`--${opt}`);
    if (i > 0 && out[i + 1]) out[i + 1] = path.resolve(out[i + 1]!);
  }
  return out;
}

async function viaServer(port: number, token: string, args: string[]): Promise<number> {
  console.error(`(The Kaiku server is running on port ${port}; the command goes through it.)`);
  const res = await fetch(`http://127.0.0.1:${port}/internal/cli`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-kaiku-local-token': token },
    body: JSON.stringify({ args }),
  });
  if (!res.ok) {
    console.error(`The running server refused the command (HTTP ${res.status}): ${await res.text()}`);
    return 1;
  }
  const { exitCode, output } = (await res.json()) as { exitCode: number; output: string };
  if (output) console.log(output);
  return exitCode;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(err instanceof ConfigError ? err.message : err);
    process.exit(1);
  },
);
