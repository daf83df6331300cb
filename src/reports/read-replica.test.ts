import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import pg from 'pg';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../http/app.ts';
import { importOrgTree } from '../organisation/import-org-tree.ts';
import { prepareDatabase } from '../prepare-database.ts';
import { loadConfig } from '../shared/config.ts';
import { type Db, openPostgres } from '../shared/db.ts';
import { storeResponses } from '../surveys/store-response.ts';
import { clock } from '../shared/clock.ts';
import { useDemoClock } from '../../test/helpers/demo.ts';

useDemoClock();

const org = [
  'code,parent_code,kind,name_fi,name_sv,name_en,active',
  'C,,county,Alue,Området,Area,true',
  'U1,C,unit,Porvoon terveysasema,Borgå hälsostation,Porvoo health station,true',
].join('\n');
const key = 'replica-test-admin-key-0123456789';

/**
 * DATABASE_READ_URL: reporting reads go to the replica, answers to the primary. Two schemas on
 * the test server stand in for a primary and a replica that is behind (it lacks the newest answers).
 */
describe('reporting from a read replica', { skip: !process.env.TEST_DATABASE_URL && 'set TEST_DATABASE_URL' }, () => {
  const url = process.env.TEST_DATABASE_URL!;
  const schemas = { primary: `kaiku_primary_${process.pid}`, replica: `kaiku_replica_${process.pid}` };
  let admin: pg.Client;
  let primary: Db;
  let replica: Db;
  let app: FastifyInstance;

  before(async () => {
    admin = new pg.Client({ connectionString: url });
    await admin.connect();
    for (const s of Object.values(schemas)) await admin.query(`create schema ${s}`);
    primary = openPostgres(url, { searchPath: schemas.primary });
    replica = openPostgres(url, { searchPath: schemas.replica });
    for (const [db, n] of [
      [primary, 30],
      [replica, 20],
    ] as const) {
      await prepareDatabase(db);
      await importOrgTree(db, { csv: org, source: 'test' });
      const [u1] = await db.query<{ id: number }>("select id from org_node where code = 'U1'");
      await storeResponses(
        db,
        Array.from({ length: n }, (_, i) => ({
          surveyId: 'thl-national',
          surveyVersion: 1,
          nodeId: u1!.id,
          channel: 'qr',
          submittedAt: clock.now(),
          idempotencyKey: `r:${i}`,
          background: {},
          answers: { nps: 9 },
        })),
      );
    }
    app = await buildApp({ db: primary, readDb: replica, config: loadConfig({ LOG_LEVEL: 'silent', KAIKU_ADMIN_API_KEY: key }) });
  });
  after(async () => {
    await app?.close();
    await primary?.close();
    await replica?.close();
    for (const s of Object.values(schemas)) await admin.query(`drop schema if exists ${s} cascade`);
    await admin.end();
  });

  it('answers results from the replica, and stores new answers in the primary', async () => {
    const auth = { authorization: `Bearer ${key}` };
    const results = await app.inject({ url: '/api/v1/results?node=C', headers: auth });
    assert.equal(results.statusCode, 200, results.body);
    assert.equal(results.json().groups[0].answers, 20, 'the replica’s count');
    const stored = await app.inject({
      method: 'POST',
      url: '/api/v1/responses',
      headers: auth,
      payload: {
        responses: [
          { survey: 'thl-national', unit: 'U1', channel: 'api', submittedAt: clock.now().toISOString(), idempotencyKey: 'new-one', answers: { nps: 10 } },
        ],
      },
    });
    assert.equal(stored.statusCode, 200, stored.body);
    const count = async (db: Db) => (await db.query<{ n: number }>('select count(*)::int as n from response'))[0]!.n;
    assert.deepEqual([await count(primary), await count(replica)], [31, 20]);
  });
});
