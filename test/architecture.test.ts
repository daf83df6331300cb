import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { capabilities } from '../src/capabilities.ts';

const root = path.resolve(import.meta.dirname, '..');
const src = path.join(root, 'src');
const architecture = fs.readFileSync(path.join(root, 'ARCHITECTURE.md'), 'utf8');
/** A capability is a folder under src/ with an entry file. */
const folders = fs
  .readdirSync(src, { withFileTypes: true })
  .filter((d) => d.isDirectory() && fs.existsSync(path.join(src, d.name, 'capability.ts')))
  .map((d) => d.name)
  .sort();
/** The first column of ARCHITECTURE.md's capability table. */
const documented = [...architecture.matchAll(/^\| `([a-z-]+)` \|/gm)].map((m) => m[1]!).sort();

describe('the capabilities, as ARCHITECTURE.md describes them', () => {
  it('finds the capability folders it checks', () => {
    assert.ok(folders.length >= 10, `only ${folders.length} capability folders found`);
  });

  it('describes every capability folder, and no folder that is gone', () => {
    assert.deepEqual(documented, folders);
  });

  it('wires every capability folder into capabilities.ts under its own name', () => {
    assert.deepEqual(capabilities.map((c) => c.name).sort(), folders);
  });

  it('keeps shared/ free of capabilities: nothing in it imports a capability folder', () => {
    const offenders = fs
      .readdirSync(path.join(src, 'shared'), { recursive: true })
      .map(String)
      .filter((f) => /\.tsx?$/.test(f) && !/\.test\.tsx?$/.test(f))
      .filter((f) => {
        const text = fs.readFileSync(path.join(src, 'shared', f), 'utf8');
        return folders.some((c) => new RegExp(`from '(\\.\\./)+${c}/`).test(text));
      });
    assert.deepEqual(offenders, []);
  });

  /** Every route file of every capability. */
  const routeFiles = folders.flatMap((c) =>
    fs
      .readdirSync(path.join(src, c))
      .filter((f) => /(^|-)routes\.tsx?$/.test(f))
      .map((f) => `${c}/${f}`),
  );

  it('keeps markup out of route files: a route renders one view component', () => {
    assert.ok(routeFiles.length >= 20, `only ${routeFiles.length} route files found`);
    // An element with children (<p>, <table>, <Page …>…</Page>) belongs in a *-views.tsx file.
    const offenders = routeFiles.filter((f) => /<\/[A-Za-z]/.test(fs.readFileSync(path.join(src, f), 'utf8')));
    assert.deepEqual(offenders, []);
  });

  it('keeps SQL out of route files: queries live in the capability’s query and domain files', () => {
    const sql = /(['`"])\s*(select|insert into|update|delete from|with)\s[^'`"]*\b(from|set|values|where)\b/i;
    const offenders = routeFiles.filter((f) => sql.test(fs.readFileSync(path.join(src, f), 'utf8')));
    assert.deepEqual(offenders, []);
  });
});
