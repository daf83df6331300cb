import { setClock } from './shared/clock.ts';
import { buildApp } from './http/app.ts';
import { refreshRollup } from './reports/refresh-rollup.ts';
import { deliverOutbox, smtpTransport } from './shared/mail/outbox.ts';
import { eraseExpiredContacts, remindAndEscalate } from './feedback/deadline-jobs.ts';
import { eraseExpiredParticipants } from './participation/retention.ts';
import { repeat } from './shared/repeat.ts';
import { deliverWebhooks } from './webhooks/deliver.ts';
import { countMessages, watchQueues } from './shared/metrics.ts';
import { eraseOldAuditEntries } from './access/audit.ts';
import { expireConversations, forgetOldNumbers, startDueConversations, storeSmsAnswers } from './sms/conversation.ts';
import { deliverSms } from './sms/deliver.ts';
import { smsProvider } from './sms/providers.ts';
import { releaseHeldVisits } from './sms/visits.ts';
import { runCaptured } from './cli/commands.ts';
import { analysePending } from './analysis/analysis-job.ts';
import { providerFromConfig } from './analysis/provider.ts';
import { runReportJobs, scheduleMonthlyReports } from './reports/monthly-run.ts';
import { demoAccounts, demoPassword, seedDemoIfEmpty } from './organisation/seed-demo.ts';
import { ConfigError, loadConfig } from './shared/config.ts';
import { openDatabase } from './shared/database.ts';
import { openPostgres } from './shared/db.ts';
import { DataDirLocked } from './shared/data-dir-lock.ts';

async function main() {
  const started = Date.now();
  const config = loadConfig();
  if (config.clockStart) setClock(config.clockStart);
  const { db, lock, description } = await openDatabase(config, 'server');
  const seeded = config.demo ? await seedDemoIfEmpty(db, { feedback: true }) : false;
  // Result sums follow new answers within a minute; queries are exact meanwhile, so neither the
  // first build (minutes on millions of answers) nor any later refresh holds up the server.
  const sms = smsProvider(config);
  const analysisProvider = providerFromConfig(config);
  const transport = config.smtpUrl ? smtpTransport(config.smtpUrl) : undefined;
  // Reporting reads go to the replica when there is one; a few connections are enough for it.
  const readDb = config.databaseReadUrl ? openPostgres(config.databaseReadUrl, { max: 5 }) : undefined;
  const app = await buildApp({
    db,
    readDb,
    config,
    localCliToken: lock?.info.token,
    runCliCommand: lock ? (args) => runCaptured(db, args) : undefined,
  });

  watchQueues(db);
  const timers: NodeJS.Timeout[] = [];
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    app.log.info({ signal }, 'stopping');
    for (const timer of timers) clearInterval(timer);
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
  timers.push(
    repeat('result rollup refresh', 60_000, () => refreshRollup(db), { runNow: true }),
    // E-mail waits in the outbox table until this sends it (or keeps it, without SMTP).
    repeat('delivering webhooks', 2_000, async () => countMessages('webhook', await deliverWebhooks(db, { allowPrivate: config.webhookAllowPrivate }))),
    repeat('sending e-mail', 5_000, async () => countMessages('email', await deliverOutbox(db, transport, config.mailFrom))),
    // Reminders, escalation and erasing contact details claim their rows in the database, so
    // several instances can run them side by side.
    repeat('feedback deadlines', 60_000, () => remindAndEscalate(db, config.publicUrl), { runNow: true }),
    repeat('erasing contact details', 60 * 60_000, () => eraseExpiredContacts(db, config.retention.contactDays), { runNow: true }),
    repeat('erasing old audit entries', 60 * 60_000, () => eraseOldAuditEntries(db, config.retention.auditDays), { runNow: true }),
    repeat('erasing participants no longer needed', 60 * 60_000, () => eraseExpiredParticipants(db), { runNow: true }),
    // SMS surveys: held visits whose unit now exists, requests whose time has come, replies
    // nobody finished, and numbers no rule needs any more.
    repeat(
      'starting SMS surveys',
      10_000,
      async () => {
        await releaseHeldVisits(db, config);
        // Batch after batch while there is work: a morning's requests go out in minutes.
        for (let r = await startDueConversations(db, config); r.started + r.skipped + r.postponed >= 500; r = await startDueConversations(db, config));
        await expireConversations(db);
      },
      { runNow: true },
    ),
    // Answers of ended conversations, stored in batches so that none is tied to a reply's moment.
    repeat('storing SMS answers', 60_000, () => storeSmsAnswers(db), { runNow: true }),
    repeat('sending SMS', 1_000, async () => {
      for (;;) {
        const r = await deliverSms(db, sms, 50);
        countMessages('sms', r);
        if (r.sent + r.failed + r.kept < 50) break;
      }
    }),
    repeat('forgetting phone numbers', 60 * 60_000, () => forgetOldNumbers(db), { runNow: true }),
    // Topics, tone and masking for open answers and feedback, a few seconds after they arrive
    // (never in the request), and the whole history again when the taxonomy or model changes.
    repeat('analysing texts', 2_000, () => analysePending(db, analysisProvider)),
    // Monthly reports from the first working day on: jobs with fixed ids, each sent once.
    repeat(
      'monthly reports',
      60_000,
      async () => {
        await scheduleMonthlyReports(db);
        for (let r = await runReportJobs(db, config.publicUrl); r.done + r.failed > 0; r = await runReportJobs(db, config.publicUrl));
      },
      { runNow: true },
    ),
  );

  const [users] = await db.query<{ n: number }>('select count(*)::int as n from staff_user');
  const lines = ['', `Kaiku is running at http://localhost:${port}/ (database: ${description}; ready in ${readySeconds} s)`];
  if (seeded) lines.push('The demo county "Kaikulan hyvinvointialue" was created.');
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
