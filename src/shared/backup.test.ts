import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import pg from 'pg';
import { createFeedback } from '../feedback/create-feedback.ts';
import { importOrgTree } from '../organisation/import-org-tree.ts';
import { prepareDatabase } from '../prepare-database.ts';
import { storeResponse } from '../surveys/store-response.ts';
import { backupEmbedded, restoreEmbedded } from './backup.ts';
import { type Db, openPglite, openPostgres } from './db.ts';
import { embeddedFiles } from './database.ts';
import { clock } from '../shared/clock.ts';
import { useDemoClock } from '../../test/helpers/demo.ts';

useDemoClock();

const org = [
  'code,parent_code,kind,name_fi,name_sv,name_en,active',
  'C,,county,Alue,Området,Area,true',
  'U1,C,unit,Porvoon terveysasema,Borgå hälsostation,Porvoo health station,true',
].join('\n');

/** A small county with answers and feedback; what a restore must bring back. */
async function fillCounty(db: Db): Promise<void> {
  await importOrgTree(db, { csv: org, source: 'test' });
  const [u1] = await db.query<{ id: number }>("select id from org_node where code = 'U1'");
  for (let i = 0; i < 25; i++) {
    await storeResponse(db, {
      surveyId: 'thl-national',
      surveyVersion: 1,
      nodeId: u1!.id,
      channel: 'qr',
      submittedAt: clock.now(),
      idempotencyKey: `b:${i}`,
      background: {},
      answers: { nps: i % 11 },
    });
  }
  await createFeedback(db, null, { target: 'U1', text: 'Varmuuskopiotesti', contact: { email: 'a@example.fi' } });
}

const counts = async (db: Db) =>
  (
    await db.query<{ responses: number; feedback: number; nodes: number; nps: number }>(
      "select (select count(*)::int from response) as responses, (select count(*)::int from feedback) as feedback, (select count(*)::int from org_node) as nodes, (select sum((answers->>'nps')::int)::int from response) as nps",
    )
  )[0]!;

describe('backups that restore', () => {
  it('copies the embedded database while it is open, and restores it into a new directory only', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kaiku-backup-'));
    const db = await openPglite(path.join(dir, 'data'));
    await prepareDatabase(db);
    await fillCounty(db);
    const before = await counts(db);
    const file = path.join(dir, 'kaiku.tar.gz');
    assert.ok((await backupEmbedded(db, file)) > 1000);
    await db.query("update org_node set name_fi = 'Muutettu jälkeen' where code = 'U1'"); // after the backup: not in it
    await db.close();

    await restoreEmbedded(file, path.join(dir, 'restored'));
    const restored = await openPglite(embeddedFiles(path.join(dir, 'restored')));
    assert.deepEqual(await counts(restored), before);
    assert.deepEqual(await restored.query("select name_fi from org_node where code = 'U1'"), [{ name_fi: 'Porvoon terveysasema' }]);
    await restored.close();
    await assert.rejects(restoreEmbedded(file, path.join(dir, 'restored')), /not empty/);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('restores a PostgreSQL server from pg_dump with pg_restore', { skip: !process.env.TEST_DATABASE_URL && 'set TEST_DATABASE_URL' }, async () => {
    const url = process.env.TEST_DATABASE_URL!;
    const schema = `kaiku_backup_${process.pid}`;
    const target = `kaiku_restore_${process.pid}`;
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    await admin.query(`create schema ${schema}`);
    const db = openPostgres(url, { searchPath: schema });
    const file = path.join(os.tmpdir(), `${schema}.dump`);
    try {
      await prepareDatabase(db);
      await fillCounty(db);
      const before = await counts(db);
      execFileSync('pg_dump', ['--format=custom', '--no-owner', `--schema=${schema}`, `--file=${file}`, url]);
      await admin.query(`create database ${target}`);
      const targetUrl = new URL(url);
      targetUrl.pathname = `/${target}`;
      execFileSync('pg_restore', ['--no-owner', `--dbname=${targetUrl.toString()}`, file]);
      const restored = openPostgres(targetUrl.toString(), { searchPath: schema });
      assert.deepEqual(await counts(restored), before);
      await restored.close();
    } finally {
      await db.close();
      await admin.query(`drop schema ${schema} cascade`);
      await admin.query(`drop database if exists ${target}`);
      await admin.end();
      fs.rmSync(file, { force: true });
    }
  });
});
