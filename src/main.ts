import { setClock } from './shared/clock.ts';
import { buildApp } from './http/app.ts';
import { repeat } from './shared/repeat.ts';
import { watchQueues } from './shared/metrics.ts';
import { capabilities } from './capabilities.ts';
import { runCaptured } from './cli/commands.ts';
import { demoAccounts, demoContentPending, demoPassword, seedDemoContent, seedDemoOrganisation } from './organisation/seed-demo.ts';
import { ConfigError, loadConfig } from './shared/config.ts';
import { openDatabase } from './shared/database.ts';
import { openPostgres } from './shared/db.ts';
import { DataDirLocked } from './shared/data-dir-lock.ts';
import { embeddedUpkeep } from './shared/embedded-upkeep.ts';

async function main() {
  const started = Date.now();
  const config = loadConfig();
  if (config.clockStart) setClock(config.clockStart);
  const { db, lock, description } = await openDatabase(config, 'server');
  // The demo county's tree and sign-ins before listening; its answers and feedback once Kaiku answers.
  const seeded = config.demo ? await seedDemoOrganisation(db) : false;
  // Reporting reads go to the replica when there is one; a few connections are enough for it.
  const readDb = config.databaseReadUrl ? openPostgres(config.databaseReadUrl, { max: 5 }) : undefined;
  const app = await buildApp({
    db,
    readDb,
    config,
    localCliToken: lock?.info.token,
    runCliCommand: lock ? (args) => runCaptured(db, args) : undefined,
  });

  const capabilityDeps = { db, readDb: readDb ?? db, config };
  watchQueues(db, Object.assign({}, ...capabilities.map((c) => c.queues ?? {})));
  const timers: { stop(): void }[] = [];
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    app.log.info({ signal }, 'stopping');
    for (const timer of timers) timer.stop();
    await app.close();
    await db.close();
    await readDb?.close();
    lock?.release();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));

  await app.listen({ port: config.port, host: config.host });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  lock?.update({ port });
  const readySeconds = ((Date.now() - started) / 1000).toFixed(1);
  // Background work starts once Kaiku answers: on the embedded database it shares the one
  // connection, and the first sums of a new demo county would otherwise hold up the start.
  const jobs = capabilities.flatMap((c) => c.jobs?.(capabilityDeps) ?? []);
  // the embedded database's stand-in for autovacuum
  if (db.kind === 'pglite') jobs.push({ name: 'embedded database upkeep', everyMs: 60_000, runNow: true, run: () => embeddedUpkeep(db) });
  // each job's runs shifted by its place in the list: the minute's jobs spread over the minute
  for (const [i, job] of jobs.entries())
    timers.push(repeat(job.name, job.everyMs, job.run, { runNow: job.runNow, firstAfterMs: Math.round((job.everyMs * i) / jobs.length) }));
  const seeding = config.demo && (await demoContentPending(db));
  if (seeding) {
    const t = Date.now();
    seedDemoContent(db, { feedback: true }).then(
      () => app.log.info({ seconds: (Date.now() - t) / 1000 }, 'demo county seeded'),
      (err: unknown) => app.log.error({ err }, 'seeding the demo county failed'),
    );
  }

  const [users] = await db.query<{ n: number }>('select count(*)::int as n from staff_user');
  const lines = ['', `Kaiku is running at http://localhost:${port}/ (database: ${description}; ready in ${readySeconds} s)`];
  if (seeded) lines.push('The demo county "Kaikulan hyvinvointialue" was created; its answers and feedback are being added in the background.');
  else if (seeding) lines.push("The demo county's answers and feedback are being added in the background.");
  if (config.demo) {
    lines.push(`Demo sign-in (demo mode only): ${demoAccounts.map((a) => a.username).join(', ')}; password "${demoPassword}"`);
  } else if ((users?.n ?? 0) === 0) {
    lines.push('No staff accounts yet. Create the first administrator:');
    lines.push('  npm run kaiku -- create-user --username NAME --name "Full Name" --role admin --node COUNTY_CODE');
  }
  console.log(`${lines.join('\n')}\n`);
}

main().catch((err: unknown) => {
  if (err instanceof ConfigError) console.error(err.message);
  else if (err instanceof DataDirLocked) {
    console.error(`${err.message}. Is Kaiku already running? Stop it first, or set KAIKU_DATA_DIR to another directory.`);
  } else console.error(err);
  process.exit(1);
});
