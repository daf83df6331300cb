import assert from 'node:assert/strict';
import { it } from 'node:test';
import { describeEachDatabase } from '../../test/helpers/databases.ts';
import { embeddedUpkeep } from './embedded-upkeep.ts';

describeEachDatabase('the embedded database kept up as autovacuum would', ({ db, target }) => {
  it('analyses a table that has grown and vacuums one that has emptied, then leaves them be', async () => {
    await db().exec('create table upkeep_grown (id int primary key, v text); create table upkeep_emptied (id int primary key)');
    await db().query("insert into upkeep_grown select g, 'x' from generate_series(1, 5000) g");
    await db().query('insert into upkeep_emptied select g from generate_series(1, 5000) g');
    await db().query('delete from upkeep_emptied');
    const taken = await embeddedUpkeep(db());
    if (target === 'postgres') {
      assert.deepEqual(taken, [], "a server's autovacuum does this itself");
      return;
    }
    assert.ok(taken.includes('upkeep_grown') && taken.includes('upkeep_emptied'), taken.join(', '));
    const [grown] = await db().query<{ n: number }>("select reltuples::int as n from pg_class where relname = 'upkeep_grown'");
    assert.equal(grown!.n, 5000, 'the planner now knows its size');
    const [emptied] = await db().query<{ dead: number }>("select n_dead_tup::int as dead from pg_stat_user_tables where relname = 'upkeep_emptied'");
    assert.equal(emptied!.dead, 0, 'its dead rows are gone');
    assert.deepEqual(
      (await embeddedUpkeep(db())).filter((t) => t.startsWith('upkeep_')),
      [],
      'nothing changed since: nothing to do',
    );
  });
});
