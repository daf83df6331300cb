import { buildApp } from './http/app.ts';
import { refreshRollup } from './reports/refresh-rollup.ts';
import { deliverOutbox, smtpTransport } from './shared/mail/outbox.ts';
import { runCaptured } from './cli/commands.ts';
import { demoAccounts, demoPassword, seedDemoIfEmpty } from './organisation/seed-demo.ts';
import { ConfigError, loadConfig } from './shared/config.ts';
import { openDatabase } from './shared/database.ts';
import { DataDirLocked } from './shared/data-dir-lock.ts';

async function main() {
  const started = Date.now();
  const config = loadConfig();
  const { db, lock, description } = await openDatabase(config, 'server');
  const seeded = config.demo ? await seedDemoIfEmpty(db) : false;
  // Result sums follow new answers within a minute; queries are exact meanwhile, so neither the
  // first build (minutes on millions of answers) nor any later refresh holds up the server.
  void refreshRollup(db).catch((err: unknown) => console.error('result rollup refresh failed', err));
  let refreshing = false;
  const rollupTimer = setInterval(() => {
    if (refreshing) return;
    refreshing = true;
    refreshRollup(db)
      .catch((err: unknown) => console.error('result rollup refresh failed', err))
      .finally(() => (refreshing = false));
  }, 60_000);
  rollupTimer.unref();
  // E-mail waits in the outbox table until this loop sends it (or keeps it, without SMTP).
  const transport = config.smtpUrl ? smtpTransport(config.smtpUrl) : undefined;
  let delivering = false;
  const mailTimer = setInterval(() => {
    if (delivering) return;
    delivering = true;
    deliverOutbox(db, transport, config.mailFrom)
      .catch((err: unknown) => console.error('sending e-mail failed', err))
      .finally(() => (delivering = false));
  }, 5_000);
  mailTimer.unref();
  const app = await buildApp({
    db,
    config,
    localCliToken: lock?.info.token,
    runCliCommand: lock ? (args) => runCaptured(db, args) : undefined,
  });

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    app.log.info({ signal }, 'stopping');
    clearInterval(rollupTimer);
    clearInterval(mailTimer);
    await app.close();
    await db.close();
    lock?.release();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));

  await app.listen({ port: config.port, host: config.host });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  lock?.update({ port });

  const [users] = await db.query<{ n: number }>('select count(*)::int as n from staff_user');
  const lines = [
    '',
    `Kaiku is running at http://localhost:${port}/ (database: ${description}; ready in ${((Date.now() - started) / 1000).toFixed(1)} s)`,
  ];
  if (seeded) lines.push('The demo county "Kaikulan hyvinvointialue" was created.');
  if (config.demo) {
    lines.push(`Demo sign-in (demo mode only): ${demoAccounts.map((a) => a.username).join(', ')}; password "${demoPassword}"`);
  } else if ((users?.n ?? 0) === 0) {
    lines.push('No staff accounts yet. Create the first administrator:');
    lines.push('  npm run kaiku -- create-user --username NAME --name "Full Name" --role admin --node COUNTY_CODE');
  }
  console.log(lines.join('\n') + '\n');
}

main().catch((err: unknown) => {
  if (err instanceof ConfigError) console.error(err.message);
  else if (err instanceof DataDirLocked) {
    console.error(`${err.message}. Is Kaiku already running? Stop it first, or set KAIKU_DATA_DIR to another directory.`);
  } else console.error(err);
  process.exit(1);
});
