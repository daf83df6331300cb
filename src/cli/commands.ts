import { backupEmbedded, restoreEmbedded } from '../shared/backup.ts';
import crypto from 'node:crypto';
import fs from 'node:fs';
import { parseArgs } from 'node:util';
import { apiScopes, createApiKey } from '../access/api-keys.ts';
import { type Principal, roles, type Role } from '../access/roles.ts';
import { createUser, grantRole, revokeRole, setPassword } from '../access/users.ts';
import { demoCountyCsv } from '../organisation/demo-county.ts';
import { importOrgTree } from '../organisation/import-org-tree.ts';
import { issueText } from '../organisation/issue-text.ts';
import type { ImportIssue } from '../organisation/org-csv.ts';
import { seedDemoIfEmpty } from '../organisation/seed-demo.ts';
import { countNodes } from '../organisation/tree-queries.ts';
import type { Db } from '../shared/db.ts';
import { AppError } from '../shared/errors.ts';
import { isLang, translator, type Lang } from '../shared/i18n/index.ts';
import { getNodeByCode } from '../organisation/tree-queries.ts';
import { migrate } from '../shared/migrate.ts';
import { refreshRollup } from '../reports/refresh-rollup.ts';
import { exportOrgCsv } from '../organisation/export-org.ts';
import { loadConfig } from '../shared/config.ts';
import { parseVisitFile } from '../sms/visit-import.ts';
import { acceptVisits } from '../sms/visits.ts';
import { replaceCodeMap } from '../fhir/code-map.ts';
import { exportAggregates, importAggregates } from '../reports/aggregates.ts';
import { analyse } from '../analysis/analyse.ts';
import { defaultTaxonomy } from '../analysis/default-taxonomy.ts';
// Every capability's texts, for the messages commands print.
import '../capabilities.ts';

export interface CliContext {
  db: Db;
  out: (line: string) => void;
  progress?: (done: number, total: number) => void;
  lang: Lang;
}

interface Command {
  usage: string;
  summary: string;
  /** Needs no database: runs in the calling process, even while the server holds the data directory. */
  offline?: boolean;
  /** Arguments that name files, made absolute before a command is sent to the running server. */
  fileOptions?: string[];
  run(ctx: CliContext, args: string[]): Promise<void>;
}

const cli: Principal = { kind: 'system', name: 'cli' };

function opts<T extends Record<string, { type: 'string' | 'boolean' }>>(args: string[], options: T) {
  return parseArgs({ args, options, allowPositionals: true, strict: true });
}

function required(value: string | undefined, name: string): string {
  if (!value) throw new AppError('invalid', `--${name} is required`);
  return value;
}

export const commands: Record<string, Command> = {
  migrate: {
    usage: 'migrate',
    summary: 'Apply the database migrations not yet applied.',
    async run(ctx) {
      const applied = await migrate(ctx.db);
      ctx.out(applied.length ? `Applied: ${applied.join(', ')}` : 'The database is up to date.');
    },
  },
  'import-org': {
    usage: 'import-org FILE.csv [--partial]',
    summary: 'Bring the organisation tree in line with a CSV file (columns code, parent_code, kind, name_fi, name_sv, name_en, active).',
    fileOptions: ['0'],
    async run(ctx, args) {
      const { values, positionals } = opts(args, { partial: { type: 'boolean' } });
      const file = required(positionals[0], 'FILE.csv (first argument)');
      const csv = fs.readFileSync(file, 'utf8');
      try {
        const r = await importOrgTree(ctx.db, { csv, partial: !!values.partial, source: 'cli', onProgress: ctx.progress });
        ctx.out(`Imported ${r.total} rows: ${r.added.length} added, ${r.changed.length} changed, ${r.closed.length} closed, ${r.unchanged} unchanged.`);
        for (const k of ['added', 'changed', 'closed'] as const)
          if (r[k].length) ctx.out(`  ${k}: ${r[k].slice(0, 20).join(', ')}${r[k].length > 20 ? ` … (${r[k].length})` : ''}`);
      } catch (err) {
        const issues = err instanceof AppError ? (err.details as { issues?: ImportIssue[] } | undefined)?.issues : undefined;
        if (!issues) throw err;
        const t = translator(ctx.lang);
        ctx.out(t('org.import.failed', { count: issues.length }));
        for (const i of issues.slice(0, 100)) ctx.out(`  ${file}:${i.line}: ${issueText(t, i)}`);
        throw new AppError('invalid', 'import refused');
      }
    },
  },
  analyse: {
    usage: 'analyse [FILE]',
    summary: 'Analyse lines of text (a file, or standard input) offline: one JSON object per line with language, tone, topics and the masked text.',
    offline: true,
    async run(ctx, args) {
      const { positionals } = opts(args, {});
      const text = positionals[0] ? fs.readFileSync(positionals[0], 'utf8') : fs.readFileSync(0, 'utf8');
      for (const line of text.split(/\r?\n/)) {
        if (line.trim() === '') continue;
        ctx.out(JSON.stringify(analyse(line, defaultTaxonomy)));
      }
    },
  },
  'train-tone': {
    usage: 'train-tone [--out FILE]',
    summary:
      "Train Kaiku's tone model from the data in the repository (XED's Finnish half, its projected Finnish lines and the labelled feedback) and write its weights (by default over the shipped ones); prints the held-out scores.",
    offline: true,
    fileOptions: ['out'],
    async run(ctx, args) {
      const { values } = opts(args, { out: { type: 'string' } });
      const { trainTone, heldOutScores, modelTone } = await import('../analysis/tone-model/training.ts');
      const { encodeWeights, digestOf } = await import('../analysis/tone-model/weights-file.ts');
      const { shippedWeightsFile } = await import('../analysis/tone-model/shipped.ts');
      const weights = await trainTone([], (p) => ctx.progress?.(p.done, p.total));
      const file = encodeWeights(weights);
      fs.writeFileSync(values.out ?? shippedWeightsFile, file);
      const s = await heldOutScores(modelTone(weights));
      ctx.out(`Wrote ${values.out ?? shippedWeightsFile} (tone-${digestOf(file)}, ${file.length} bytes).`);
      ctx.out(`Held-out feedback (${s.n} texts): 4-class macro-F1 ${s.macroF1} (fi ${s.perLanguage.fi}, sv ${s.perLanguage.sv}, en ${s.perLanguage.en}).`);
    },
  },
  'retrain-tone': {
    usage: 'retrain-tone',
    summary:
      "Retrain the county's tone model from the shipped data and the county's corrections; it is taken into use only if it scores at least as well on the held-out texts.",
    async run(ctx) {
      const { requestRetrain, retrainPending } = await import('../analysis/retrain.ts');
      await requestRetrain(ctx.db, cli);
      const r = await retrainPending(ctx.db, loadConfig(), (p) => ctx.progress?.(p.done, p.total));
      if (!r) throw new AppError('conflict', 'Another instance is already training the tone model; see Tekstianalyysi for its progress.');
      ctx.out(`Trained model no. ${r.id} with ${r.corrections} corrections: held-out 4-class macro-F1 ${r.before?.macroF1} before, ${r.after?.macroF1} after.`);
      ctx.out(r.status === 'accepted' ? 'Taken into use; the texts are analysed again with it.' : 'Not better than the model in use, which stays.');
    },
  },
  'evaluate-analysis': {
    usage: 'evaluate-analysis [--xed DIR]',
    summary:
      "Measure the configured analysis provider (the county's tone model, or an OpenAI-compatible endpoint) on the held-out labelled feedback: tone macro-F1 over 4 and 3 classes, per language, topics' precision and recall; --xed DIR adds XED's Finnish sentences (e.g. XED's AnnotatedData; the half Kaiku trains on is left out).",
    fileOptions: ['xed'],
    async run(ctx, args) {
      const { values } = opts(args, { xed: { type: 'string' } });
      const { providerFor } = await import('../analysis/provider.ts');
      const { evaluateProvider, reportLines } = await import('../analysis/evaluate.ts');
      const report = await evaluateProvider(await providerFor(ctx.db, loadConfig()), { xedDir: values.xed, onProgress: ctx.progress });
      for (const line of reportLines(report)) ctx.out(line);
    },
  },
  'fhir-codes': {
    usage: 'fhir-codes FILE.csv',
    summary: "Replace the map of the patient systems' local unit codes (columns system, code, unit) used by the FHIR endpoint.",
    fileOptions: ['0'],
    async run(ctx, args) {
      const { positionals } = opts(args, {});
      const file = required(positionals[0], 'FILE (first argument)');
      const { rows } = await replaceCodeMap(ctx.db, cli, fs.readFileSync(file, 'utf8'));
      ctx.out(`${rows} local codes mapped`);
    },
  },
  'import-visits': {
    usage: 'import-visits FILE.csv|FILE.jsonl',
    summary: 'Take in visit events for SMS surveys from a CSV (eventId, unit, visitAt, type, phone, age, consent, nonDisclosure, …) or JSON-lines file.',
    fileOptions: ['0'],
    async run(ctx, args) {
      const { positionals } = opts(args, {});
      const file = required(positionals[0], 'FILE (first argument)');
      const items = parseVisitFile(fs.readFileSync(file, 'utf8'));
      const config = loadConfig();
      const counts: Record<string, number> = { created: 0, duplicate: 0, held: 0, skipped: 0, invalid: 0 };
      const problems: string[] = [];
      for (let i = 0; i < items.length; i += 1000) {
        const batch = items.slice(i, i + 1000);
        const results = await acceptVisits(
          ctx.db,
          config,
          batch.map((b) => b.item),
        );
        results.forEach((r, k) => {
          counts[r.status] = (counts[r.status] ?? 0) + 1;
          if (r.status === 'invalid' && problems.length < 100)
            problems.push(`  ${file}:${batch[k]!.line}: ${(r.errors ?? []).map((e) => `${e.field}: ${e.message}`).join('; ')}`);
        });
        ctx.progress?.(Math.min(items.length, i + 1000), items.length);
      }
      ctx.out(
        `${items.length} visits: ${counts.created} new, ${counts.duplicate} already known, ${counts.held} held for unknown units, ${counts.skipped} not to be asked, ${counts.invalid} invalid.`,
      );
      for (const p of problems) ctx.out(p);
      if (counts.invalid) throw new AppError('invalid', 'some lines were invalid');
    },
  },
  'export-aggregates': {
    usage: 'export-aggregates --from YYYY-MM --to YYYY-MM --out FILE',
    summary: 'Write the results per unit and month as counts (NPS, THL statements; no texts, small groups left out) for THL or another county.',
    fileOptions: ['out'],
    async run(ctx, args) {
      const { values } = opts(args, { from: { type: 'string' }, to: { type: 'string' }, out: { type: 'string' } });
      const file = await exportAggregates(ctx.db, { from: required(values.from, 'from'), to: required(values.to, 'to') }, ctx.progress);
      const out = required(values.out, 'out');
      fs.writeFileSync(out, `${JSON.stringify(file, null, 1)}\n`);
      ctx.out(`Wrote ${file.rows.length} unit-months (${file.from} – ${file.to}, groups under ${file.threshold} answers left out) to ${out}`);
    },
  },
  'import-aggregates': {
    usage: 'import-aggregates FILE',
    summary: "Take another county's or the national aggregate file, to compare with in the portal and the public results.",
    fileOptions: ['0'],
    async run(ctx, args) {
      const { positionals } = opts(args, {});
      const file = required(positionals[0], 'FILE (first argument)');
      let raw: unknown;
      try {
        raw = JSON.parse(fs.readFileSync(file, 'utf8'));
      } catch (e) {
        throw new AppError('invalid', `${file} is not JSON: ${(e as Error).message}`);
      }
      const r = await importAggregates(ctx.db, raw);
      ctx.out(`Imported ${r.rows} unit-months from ${r.source}${r.skipped ? ` (${r.skipped} under this county's anonymity threshold left out)` : ''}`);
    },
  },
  'export-org': {
    usage: 'export-org [--out FILE.csv]',
    summary: 'Write the organisation tree as CSV in the import format.',
    fileOptions: ['out'],
    async run(ctx, args) {
      const { values } = opts(args, { out: { type: 'string' } });
      const csv = await exportOrgCsv(ctx.db);
      if (values.out) {
        fs.writeFileSync(values.out, csv);
        ctx.out(`Wrote ${csv.split('\n').length - 2} nodes to ${values.out}`);
      } else ctx.out(csv.trimEnd());
    },
  },
  report: {
    usage: 'report --node CODE --month YYYY-MM --out FILE.pdf [--lang fi|sv|en] (default fi)',
    summary: "Make one node's monthly customer-experience report as a PDF.",
    fileOptions: ['out'],
    async run(ctx, args) {
      const { values } = opts(args, { node: { type: 'string' }, month: { type: 'string' }, out: { type: 'string' }, lang: { type: 'string' } });
      const node = await getNodeByCode(ctx.db, required(values.node, 'node'));
      // The report is for the county's managers: Finnish, Kaiku's default, unless --lang says otherwise
      // (the shell's LANG is the operator's, often English on a server).
      const lang = isLang(values.lang) ? values.lang : 'fi';
      // Loaded here: the charts and PDF libraries take a second to load, and no other command needs them.
      const [{ monthlyReport }, { monthlyReportPdf }] = await Promise.all([import('../reports/monthly-report.ts'), import('../reports/report-pdf.ts')]);
      const report = await monthlyReport(ctx.db, cli, node, required(values.month, 'month'), lang);
      const pdf = await monthlyReportPdf(report);
      const out = required(values.out, 'out');
      fs.writeFileSync(out, pdf);
      ctx.out(`Wrote the report of ${node.code} for ${values.month} to ${out} (${Math.round(pdf.length / 1024)} kB, ${report.view.headline.answers} answers).`);
    },
  },
  backup: {
    usage: 'backup --out FILE.tar.gz',
    summary: 'Copy the embedded database (also while Kaiku runs) into one file; a PostgreSQL server is backed up with pg_dump.',
    fileOptions: ['out'],
    async run(ctx, args) {
      const { values } = opts(args, { out: { type: 'string' } });
      const out = required(values.out, 'out');
      const bytes = await backupEmbedded(ctx.db, out);
      ctx.out(
        `Wrote the backup to ${out} (${Math.round(bytes / 1024)} kB). Restore it with: npm run kaiku -- restore --from ${out} (Kaiku stopped, into an empty KAIKU_DATA_DIR).`,
      );
    },
  },
  restore: {
    usage: 'restore --from FILE.tar.gz',
    summary: 'Restore an embedded-database backup into KAIKU_DATA_DIR, which must be new or empty (stop Kaiku first).',
    offline: true,
    async run(ctx, args) {
      const { values } = opts(args, { from: { type: 'string' } });
      const from = required(values.from, 'from');
      const config = loadConfig();
      if (config.databaseUrl) throw new AppError('invalid', 'restore is for the embedded database; restore a PostgreSQL server with pg_restore');
      await restoreEmbedded(from, config.dataDir);
      ctx.out(`Restored ${from} into ${config.dataDir}. Start Kaiku with this KAIKU_DATA_DIR.`);
    },
  },
  'create-user': {
    usage: 'create-user --username NAME --name "Display Name" [--email E] [--role ROLE --node CODE] [--password P] [--locale fi|sv|en]',
    summary: 'Create a staff account; without --password a random one is printed once.',
    async run(ctx, args) {
      const { values } = opts(args, {
        username: { type: 'string' },
        name: { type: 'string' },
        email: { type: 'string' },
        role: { type: 'string' },
        node: { type: 'string' },
        password: { type: 'string' },
        locale: { type: 'string' },
      });
      const password = values.password ?? crypto.randomBytes(12).toString('base64url');
      const user = await createUser(ctx.db, cli, {
        username: required(values.username, 'username'),
        displayName: values.name ?? values.username!,
        email: values.email,
        password,
        locale: (values.locale ?? 'fi') as Lang,
      });
      ctx.out(`Created ${user.username}.`);
      if (!values.password) ctx.out(`Password (shown once): ${password}`);
      if (values.role) {
        await grantRole(ctx.db, cli, { username: user.username, role: values.role as Role, nodeCode: required(values.node, 'node') });
        ctx.out(`Granted ${values.role} on ${values.node}.`);
      }
    },
  },
  grant: {
    usage: `grant --username NAME --role ${roles.join('|')} --node CODE`,
    summary: 'Grant a role on a node of the tree (covers its subtree).',
    async run(ctx, args) {
      const { values } = opts(args, { username: { type: 'string' }, role: { type: 'string' }, node: { type: 'string' } });
      await grantRole(ctx.db, cli, {
        username: required(values.username, 'username'),
        role: required(values.role, 'role') as Role,
        nodeCode: required(values.node, 'node'),
      });
      ctx.out(`Granted ${values.role} on ${values.node} to ${values.username}.`);
    },
  },
  revoke: {
    usage: 'revoke --username NAME --role ROLE --node CODE',
    summary: 'Remove a role assignment.',
    async run(ctx, args) {
      const { values } = opts(args, { username: { type: 'string' }, role: { type: 'string' }, node: { type: 'string' } });
      await revokeRole(ctx.db, cli, {
        username: required(values.username, 'username'),
        role: required(values.role, 'role') as Role,
        nodeCode: required(values.node, 'node'),
      });
      ctx.out(`Revoked ${values.role} on ${values.node} from ${values.username}.`);
    },
  },
  'set-password': {
    usage: 'set-password --username NAME [--password P]',
    summary: "Set a password (a random one is printed when none is given); ends that person's sessions.",
    async run(ctx, args) {
      const { values } = opts(args, { username: { type: 'string' }, password: { type: 'string' } });
      const password = values.password ?? crypto.randomBytes(12).toString('base64url');
      await setPassword(ctx.db, cli, required(values.username, 'username'), password);
      ctx.out(values.password ? 'Password changed.' : `New password (shown once): ${password}`);
    },
  },
  'create-api-key': {
    usage: `create-api-key --name PURPOSE --scopes ${apiScopes.join(',')} [--node CODE]`,
    summary: 'Create an integration API key, for the whole county or (--node) one part of the organisation; the key is printed once.',
    async run(ctx, args) {
      const { values } = opts(args, { name: { type: 'string' }, scopes: { type: 'string' }, node: { type: 'string' } });
      const { key } = await createApiKey(ctx.db, cli, {
        name: required(values.name, 'name'),
        scopes: required(values.scopes, 'scopes')
          .split(',')
          .map((s) => s.trim()),
        nodeCode: values.node,
      });
      ctx.out(key);
    },
  },
  'refresh-results': {
    usage: 'refresh-results',
    summary: 'Bring the result sums up to date now (the server does this every minute).',
    async run(ctx) {
      const r = await refreshRollup(ctx.db, { onProgress: ctx.progress });
      if (r.months) ctx.out(`Summed ${r.months} survey-month(s) again from their answers.`);
      ctx.out(r.answers ? `Added ${r.answers} answer(s) to the sums.` : 'The result sums are up to date.');
    },
  },
  'seed-demo': {
    usage: 'seed-demo',
    summary: 'Create the demo county and demo logins on an empty database.',
    async run(ctx) {
      ctx.out((await seedDemoIfEmpty(ctx.db, { feedback: true })) ? 'Demo county created.' : 'The database already has an organisation; nothing done.');
    },
  },
  'demo-org-csv': {
    usage: 'demo-org-csv',
    summary: 'Print the demo county as an organisation CSV (an example of the import format).',
    async run(ctx) {
      ctx.out(demoCountyCsv().trimEnd());
    },
  },
  status: {
    usage: 'status',
    summary: 'Show the database and what it holds.',
    async run(ctx) {
      const c = await countNodes(ctx.db);
      const [u] = await ctx.db.query<{ n: number }>('select count(*)::int as n from staff_user where active');
      ctx.out(`Database: ${ctx.db.kind}`);
      ctx.out(
        `Active nodes: ${
          Object.entries(c)
            .map(([k, n]) => `${n} ${k}`)
            .join(', ') || 'none'
        }`,
      );
      ctx.out(`Active staff accounts: ${u?.n ?? 0}`);
      const [r] = await ctx.db.query<{ n: number; first: Date | null; last: Date | null }>(
        'select count(*)::int as n, min(submitted_at) as first, max(submitted_at) as last from response',
      );
      ctx.out(`Survey answers: ${r?.n ?? 0}${r?.first ? ` (${r.first.toISOString().slice(0, 10)} … ${r.last!.toISOString().slice(0, 10)})` : ''}`);
    },
  },
};

export function helpText(): string {
  const lines = ['Usage: npm run kaiku -- COMMAND [options]', '', 'Commands:'];
  for (const c of Object.values(commands)) lines.push(`  ${c.usage}`, `      ${c.summary}`);
  return lines.join('\n');
}

/** Runs a command and returns its output and exit code instead of printing (for the server). */
/** A command sent to the running server: never an offline one, which would read the server's own stdin. */
export async function runCaptured(db: Db, args: string[], lang: Lang = 'en'): Promise<{ exitCode: number; output: string }> {
  if (args[0] && commands[args[0]]?.offline) return { exitCode: 2, output: `${args[0]} runs in the calling process, not through the server` };
  const lines: string[] = [];
  const exitCode = await runCommand({ db, out: (l) => lines.push(l), lang }, args);
  return { exitCode, output: lines.join('\n') };
}

export async function runCommand(ctx: CliContext, args: string[]): Promise<number> {
  const [name, ...rest] = args;
  const command = name ? commands[name] : undefined;
  if (!command) {
    ctx.out(name && name !== 'help' ? `Unknown command "${name}".\n\n${helpText()}` : helpText());
    return name && name !== 'help' ? 2 : 0;
  }
  try {
    await command.run(ctx, rest);
    return 0;
  } catch (err) {
    if (err instanceof AppError) {
      if (err.message !== 'import refused') ctx.out(`Error: ${err.message}`);
      return 1;
    }
    if (err instanceof TypeError && (err as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      ctx.out(`Error: ${err.message}\nUsage: npm run kaiku -- ${command.usage}`);
      return 2;
    }
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') {
      ctx.out(`Error: no such file: ${(err as NodeJS.ErrnoException).path}`);
      return 1;
    }
    if (err && typeof err === 'object' && 'issues' in err) {
      ctx.out(`Error: ${(err as { issues: { path: unknown[]; message: string }[] }).issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
      return 1;
    }
    throw err;
  }
}
