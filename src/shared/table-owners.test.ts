import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { it } from 'node:test';
import { describeEachDatabase } from '../../test/helpers/databases.ts';

const src = path.resolve(import.meta.dirname, '..');
const folders = new Set(
  fs
    .readdirSync(src, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => d.name),
);

describeEachDatabase('every table has an owner', ({ db }) => {
  it('names, in its comment, the capability folder (or shared/) whose code writes it', async () => {
    const tables = await db().query<{ name: string; comment: string | null }>(
      `select c.relname as name, obj_description(c.oid, 'pg_class') as comment
         from pg_class c join pg_namespace n on n.oid = c.relnamespace
        where c.relkind in ('r', 'p') and n.nspname = current_schema()
        order by c.relname`,
    );
    assert.ok(tables.length > 40, `only ${tables.length} tables: the query looks in the wrong schema`);
    const unowned = tables.filter((t) => {
      const owner = /^Owner: ([a-z]+)/.exec(t.comment ?? '')?.[1];
      return !owner || !folders.has(owner);
    });
    assert.deepEqual(
      unowned.map((t) => `${t.name}: ${t.comment ?? 'no comment'}`),
      [],
      'add "comment on table … is \'Owner: <folder>\'" in a new migration',
    );
  });
});
