import fs from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '../..');

/**
 * The arguments `npm start` gives node (package.json's start script, "node …"): tests and
 * benchmarks that start Kaiku as a process run it exactly so, flags included.
 */
export function startArgs(): string[] {
  const script = (JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as { scripts: { start: string } }).scripts.start;
  const [command, ...args] = script.trim().split(/\s+/);
  if (command !== 'node') throw new Error(`npm start should run node directly, not "${command}"`);
  return args;
}
