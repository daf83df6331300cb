import type { Db } from './db.ts';

/**
 * The embedded database has no autovacuum: without it the planner never learns how big a table
 * has grown, and a queue that is filled and emptied keeps every dead row. This does what
 * autovacuum would, with its default thresholds: a table is analysed when a tenth of it has
 * changed since it last was, and vacuumed when a fifth of it is dead. Returns the tables it took.
 * Does nothing on a PostgreSQL server, whose autovacuum does this.
 */
export async function embeddedUpkeep(db: Db): Promise<string[]> {
  if (db.kind !== 'pglite') return [];
  // the counters of the statements so far, which the embedded database may not have published yet
  await db.query('select pg_stat_force_next_flush()');
  const tables = await db.query<{ name: string; vacuum: boolean }>(
    `select relname as name, n_dead_tup > 50 + 0.2 * n_live_tup as vacuum
     from pg_stat_user_tables
     where schemaname = current_schema() and (n_mod_since_analyze > 50 + 0.1 * n_live_tup or n_dead_tup > 50 + 0.2 * n_live_tup)
     order by relname`,
  );
  // A sample of 3 000 rows rather than 30 000: each analyze holds the server up, and the figures
  // are ample for a county's tables (the answers' took 0.6 s, now 0.05 s).
  await db.query('set default_statistics_target = 10');
  try {
    for (const t of tables) await db.query(`${t.vacuum ? 'vacuum ' : ''}analyze "${t.name.replace(/"/g, '""')}"`);
  } finally {
    await db.query('reset default_statistics_target');
  }
  return tables.map((t) => t.name);
}
