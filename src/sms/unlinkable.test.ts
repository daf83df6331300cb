import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { describeEachDatabase } from '../../test/helpers/databases.ts';
import { testApp } from '../../test/helpers/http.ts';
import { importOrgTree } from '../organisation/import-org-tree.ts';
import { setClock } from '../shared/clock.ts';
import type { Config } from '../shared/config.ts';
import { signBody } from './api-routes.ts';
import { forgetOldNumbers, startDueConversations, storeSmsAnswers } from './conversation.ts';
import { deliverSms } from './deliver.ts';
import { acceptVisits } from './visits.ts';

const secret = 'sms-webhook-secret-0123456789';
const org = 'code,parent_code,kind,name_fi,name_sv,name_en,active\nC,,county,Kaikula,,,true\nU1,C,unit,Porvoon terveysasema,,,true\n';

/**
 * The standard of the resident pool for SMS answers: nothing joins a stored answer to the visit,
 * the conversation, the phone number or the patient system's event id, by schema or by code path.
 */
describeEachDatabase('an SMS answer cannot be joined back to the patient', ({ db }) => {
  let app: FastifyInstance;
  let config: Config;
  const number = '+358401234567';
  const eventId = 'EVT-424242-APOTTI';

  before(async () => {
    await importOrgTree(db(), { csv: org, source: 'test' });
    ({ app, config } = await testApp(db(), { KAIKU_SMS_WEBHOOK_SECRET: secret }));
  });
  after(async () => app.close());

  const reply = (text: string, messageId: string) => {
    const body = JSON.stringify({ messageId, from: number, text });
    return app.inject({
      method: 'POST',
      url: '/api/v1/sms/inbound',
      payload: body,
      headers: { 'content-type': 'application/json', 'x-kaiku-signature': `sha256=${signBody(secret, body)}` },
    });
  };

  it('has no column or key in the answer that could lead anywhere', async () => {
    const columns = (
      await db().query<{ column_name: string }>(
        "select column_name from information_schema.columns where table_name = 'response' and table_schema = current_schema()",
      )
    ).map((c) => c.column_name);
    for (const c of columns) assert.doesNotMatch(c, /visit|conversation|phone|event|message|member|token|number/, c);
    const keys = await db().query<{ child: string; parent: string }>(
      `select conrelid::regclass::text as child, confrelid::regclass::text as parent from pg_constraint
       where contype = 'f' and connamespace = (select oid from pg_namespace where nspname = current_schema())`,
    );
    const fromResponse = keys
      .filter((k) => k.child === 'response')
      .map((k) => k.parent)
      .sort();
    assert.deepEqual(
      fromResponse,
      ['collection_point', 'org_node', 'survey_version'],
      'the answer points only at its survey version, unit and collection point',
    );
    assert.ok(!fromResponse.some((p) => /visit|sms|outbox/.test(p)));
    assert.ok(!keys.some((k) => k.parent === 'response'), 'nothing points at an answer');
    const visitColumns = await db().query<{ column_name: string; is_nullable: string }>(
      "select column_name, is_nullable from information_schema.columns where table_name = 'visit' and table_schema = current_schema()",
    );
    for (const c of ['event_id', 'source', 'visit_at', 'age', 'phone', 'email'])
      assert.equal(visitColumns.find((x) => x.column_name === c)?.is_nullable, 'YES', `visit.${c} can be forgotten`);
  });

  it('forgets the visit, the number and the moment along the way, and stores the answer on its own', async () => {
    setClock('2026-11-23T10:05:00+02:00');
    const [accepted] = await acceptVisits(db(), config, [
      {
        eventId,
        source: 'apotti',
        unit: 'U1',
        visitAt: '2026-11-23T10:00:00+02:00',
        type: 'visit',
        phone: '040 123 4567',
        language: 'fi',
        age: 61,
        consent: true,
        nonDisclosure: false,
      },
    ]);
    assert.equal(accepted!.status, 'created');
    const waiting = await db().query<Record<string, unknown>>('select * from visit');
    assert.equal(JSON.stringify(waiting).includes(eventId), false, 'not even a waiting visit keeps the event id');
    assert.equal((await startDueConversations(db(), config)).started, 1);
    const [visit] = await db().query<Record<string, unknown>>('select source, event_id, visit_at, age, language, phone, phone_hash, background from visit');
    assert.deepEqual(
      visit,
      { source: null, event_id: null, visit_at: null, age: null, language: null, phone: null, phone_hash: null, background: {} },
      'an asked visit keeps nothing about the person',
    );

    const provider = { name: 'outbox' } as const;
    await deliverSms(db(), provider);
    for (const [i, text] of ['9', '4', '5', 'Hoitaja oli ystävällinen.'].entries()) {
      assert.equal((await reply(text, `gw-${i}`)).statusCode, 200);
      await deliverSms(db(), provider);
    }
    const [ended] = await db().query<{ phone: string | null; phone_hash: string | null; visit_id: number | null; answered: boolean }>(
      'select phone, phone_hash, visit_id, answered from sms_conversation',
    );
    assert.deepEqual(ended, { phone: null, phone_hash: null, visit_id: null, answered: true });
    assert.equal((await db().query("select 1 from outbox_sms where to_number <> ''")).length, 0, 'no message keeps the number once the conversation has ended');
    assert.equal(
      (await db().query('select 1 from sms_inbound where phone_hash is not null or received_at is not null')).length,
      0,
      'replies are remembered by id only',
    );

    assert.equal(await storeSmsAnswers(db(), new Date('2026-11-23T12:30:00+02:00')), 1);
    const [answer] = await db().query<{ idempotency_key: string; submitted_at: Date; answers: Record<string, unknown>; xmin: string }>(
      "select idempotency_key, submitted_at, answers, xmin::text as xmin from response where channel = 'sms'",
    );
    assert.match(answer!.idempotency_key, /^sms:[0-9a-f-]{36}$/, 'a random key');
    assert.equal(answer!.submitted_at.toISOString(), '2026-11-23T10:00:00.000Z', 'the day, not the moment');
    assert.deepEqual(answer!.answers, { nps: 9, encounter: 4, information: 5, nps_open: 'Hoitaja oli ystävällinen.' });
    assert.equal((await db().query('select 1 from sms_conversation')).length, 0, 'the conversation is gone');
    const otherTransactions = await db().query<{ xmin: string }>(
      'select xmin::text as xmin from sms_inbound union all select xmin::text from outbox_sms union all select xmin::text from visit',
    );
    assert.ok(!otherTransactions.some((r) => r.xmin === answer!.xmin), 'no reply, message or visit was written in the answer’s transaction');

    // Everything Kaiku holds, read as text: neither the number nor the event id is anywhere.
    const tables = (
      await db().query<{ table_name: string }>(
        "select table_name from information_schema.tables where table_schema = current_schema() and table_type = 'BASE TABLE'",
      )
    ).map((t) => t.table_name);
    for (const table of tables) {
      const rows = JSON.stringify(await db().query(`select * from ${table}`));
      assert.ok(!rows.includes('401234567') && !rows.includes('0401234567'), `the number is not in ${table}`);
      assert.ok(!rows.includes(eventId), `the event id is not in ${table}`);
    }
    setClock('2026-12-25T12:00:00+02:00');
    await forgetOldNumbers(db());
    assert.equal((await db().query('select 1 from visit')).length, 0, 'visits are deleted after 30 days');
  });
});
