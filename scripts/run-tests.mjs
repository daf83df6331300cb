// Runs every *.test.ts / *.test.tsx under src/ and test/ with Node's own test runner
// (Node 20 does not expand globs itself). Extra arguments filter by path substring.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const filters = process.argv.slice(2);
const files = ['src', 'test']
  .flatMap((dir) => fs.readdirSync(path.join(root, dir), { recursive: true }).map((f) => path.join(dir, String(f))))
  .filter((f) => /\.test\.tsx?$/.test(f))
  .filter((f) => filters.length === 0 || filters.some((x) => f.includes(x)))
  .sort();
if (files.length === 0) {
  console.error('No test files found.');
  process.exit(1);
}
const where =
  process.env.TEST_DATABASE_URL || process.env.DATABASE_URL ? 'PGlite and PostgreSQL' : 'PGlite only (set TEST_DATABASE_URL to add a PostgreSQL server)';
console.log(`Running ${files.length} test files on ${where}.`);
const result = spawnSync(
  process.execPath,
  ['--import', 'tsx', '--test', `--test-concurrency=${process.env.TEST_CONCURRENCY ?? 2}`, '--test-reporter=spec', ...files],
  { stdio: 'inherit', cwd: root, env: { ...process.env, LOG_LEVEL: process.env.LOG_LEVEL ?? 'silent' } },
);
process.exit(result.status ?? 1);
