import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { describeEachDatabase } from '../../test/helpers/databases.ts';
import { testApp } from '../../test/helpers/http.ts';
import type { Principal } from '../access/roles.ts';
import { importOrgTree } from '../organisation/import-org-tree.ts';
import type { AppError } from '../shared/errors.ts';
import { createFeedback } from './create-feedback.ts';
import { normalisePhone } from '../shared/phone.ts';

const org = [
  'code,parent_code,kind,name_fi,name_sv,name_en,active',
  'C,,county,Alue,,,true',
  'IKA,C,division,Ikääntyneet,,,true',
  'KOT,IKA,result_area,Kotihoito,,,true',
  'U1,KOT,unit,Kotihoito Porvoo,,,true',
  'OLD,KOT,unit,Suljettu,,,false',
].join('\n');
const chat: Principal = { kind: 'api_key', keyId: 3, name: 'chat', scopes: ['feedback:write'], nodeId: null, countyWide: true };

const issues = (e: unknown) => ((e as AppError).details as { issues: { field: string; reason: string }[] }).issues.map((i) => `${i.field}:${i.reason}`);

describe('phone numbers', () => {
  it('are kept in international form', () => {
    assert.equal(normalisePhone('040 123 4567'), '+358401234567');
    assert.equal(normalisePhone('+358 (40) 123-4567'), '+358401234567');
    assert.equal(normalisePhone('0046 70 123 4567'), '+46701234567');
    assert.equal(normalisePhone('12'), null);
    assert.equal(normalisePhone('soita minulle'), null);
  });
});

describeEachDatabase('taking in free-form feedback', ({ db }) => {
  let app: FastifyInstance;
  before(async () => {
    await importOrgTree(db(), { csv: org, source: 'test' });
    app = (await testApp(db(), { KAIKU_ADMIN_API_KEY: 'feedback-admin-key-0123456789' })).app;
  });
  after(async () => app.close());

  it('stores it with a reference, its division as the category, and the 7-day promise', async () => {
    const f = await createFeedback(
      db(),
      null,
      {
        target: 'U1',
        text: 'Hoitaja tuli ajallaan ja oli ystävällinen.',
        channel: 'web',
        language: 'fi',
        contact: { name: 'Aino', phone: '040 123 4567' },
        wantsReply: true,
      },
      { receivedAt: new Date('2026-11-20T09:30:00+02:00') },
    ); // a Friday
    assert.match(f.reference, /^K-2026-\d{6}$/);
    assert.equal(f.status, 'new');
    assert.equal(f.dueAt.toISOString(), '2026-11-27T07:30:00.000Z', 'calendar days: the Friday after');
    const [row] = await db().query<{ category: string; target: string; contact_phone: string; wants_reply: boolean }>(
      'select c.code as category, t.code as target, f.contact_phone, f.wants_reply from feedback f join org_node c on c.id = f.category_node_id join org_node t on t.id = f.target_node_id where f.id = $1',
      [f.id],
    );
    assert.deepEqual(row, { category: 'IKA', target: 'U1', contact_phone: '+358401234567', wants_reply: true });
    const [event] = await db().query<{ kind: string; actor: string }>('select kind, actor from feedback_event where feedback_id = $1', [f.id]);
    assert.deepEqual(event, { kind: 'received', actor: 'customer' });
  });

  it('keeps the hour on the Helsinki clock across both daylight-saving changes', async () => {
    const spring = await createFeedback(db(), null, { target: 'U1', text: 'Kevään palaute' }, { receivedAt: new Date('2026-03-25T10:00:00+02:00') });
    assert.equal(spring.dueAt.toISOString(), '2026-04-01T07:00:00.000Z', '10:00 summer time');
    const autumn = await createFeedback(db(), null, { target: 'U1', text: 'Syksyn palaute' }, { receivedAt: new Date('2026-10-22T10:00:00+03:00') });
    assert.equal(autumn.dueAt.toISOString(), '2026-10-29T08:00:00.000Z', '10:00 winter time');
  });

  it('follows the county’s own promise', async () => {
    await db().query("update setting set value = '5' where key = 'feedback_promise_days'");
    const f = await createFeedback(db(), null, { target: 'U1', text: 'Viiden päivän lupaus' }, { receivedAt: new Date('2026-11-20T12:00:00Z') });
    assert.equal(f.dueAt.toISOString(), '2026-11-25T12:00:00.000Z');
    await db().query("update setting set value = '7' where key = 'feedback_promise_days'");
  });

  it('gives feedback on a digital service’s accessibility its own 14 days, the law’s deadline, and marks it', async () => {
    const f = await createFeedback(
      db(),
      null,
      { target: 'U1', text: 'Ajanvarauslomaketta ei voi käyttää ruudunlukijalla.', accessibility: true },
      { receivedAt: new Date('2026-11-20T12:00:00Z') },
    );
    assert.equal(f.dueAt.toISOString(), '2026-12-04T12:00:00.000Z', '14 calendar days');
    const [row] = await db().query<{ accessibility: boolean }>('select accessibility from feedback where id = $1', [f.id]);
    assert.equal(row?.accessibility, true);
    const other = await createFeedback(db(), null, { target: 'U1', text: 'Tavallinen palaute' }, { receivedAt: new Date('2026-11-20T12:00:00Z') });
    assert.equal(other.dueAt.toISOString(), '2026-11-27T12:00:00.000Z', 'the 7-day promise for the rest');
  });

  it('refuses bad input field by field and stores nothing', async () => {
    const [{ n: before }] = (await db().query<{ n: number }>('select count(*)::int as n from feedback')) as [{ n: number }];
    await assert.rejects(createFeedback(db(), null, { target: 'U1', text: 'Haluan vastauksen', wantsReply: true }), (e: unknown) =>
      issues(e).includes('contact:reply_needs_contact'),
    );
    await assert.rejects(createFeedback(db(), null, { target: 'U1', text: 'Hei', contact: { email: 'ei-osoite', phone: '12' } }), (e: unknown) => {
      assert.deepEqual(issues(e).sort(), ['contact.email:bad_email', 'contact.phone:bad_phone']);
      return true;
    });
    await assert.rejects(createFeedback(db(), null, { target: 'U1', text: 'x'.repeat(5001) }), (e: unknown) => issues(e).includes('text:too_long'));
    await assert.rejects(createFeedback(db(), null, { target: 'NOPE', text: 'Kohde puuttuu' }), (e: unknown) => issues(e).includes('target:unknown'));
    await assert.rejects(createFeedback(db(), null, { target: 'OLD', text: 'Suljettu yksikkö' }), (e: unknown) => issues(e).includes('target:closed'));
    const [{ n: after }] = (await db().query<{ n: number }>('select count(*)::int as n from feedback')) as [{ n: number }];
    assert.equal(after, before);
  });

  it('keeps suspected spam in its own queue rather than losing it', async () => {
    const bot = await createFeedback(db(), null, { target: 'U1', text: 'Osta halvalla', honeypot: 'http://spam.example' });
    const links = await createFeedback(db(), null, { target: 'U1', text: 'www.a.example www.b.example http://c.example https://d.example' });
    assert.deepEqual([bot.status, links.status], ['suspected_spam', 'suspected_spam']);
    const rows = await db().query<{ spam_reasons: string[] }>('select spam_reasons from feedback where id = any($1) order by id', [[bot.id, links.id]]);
    assert.deepEqual(
      rows.map((r) => r.spam_reasons),
      [['honeypot'], ['many_links']],
    );
  });

  it('treats the same idempotency key from the same integration as the same feedback', async () => {
    const a = await createFeedback(db(), chat, { idempotencyKey: 'chat-991', target: 'U1', text: 'Chatin kautta annettu palaute' });
    const b = await createFeedback(db(), chat, { idempotencyKey: 'chat-991', target: 'U1', text: 'Chatin kautta annettu palaute' });
    assert.equal(b.duplicate, true);
    assert.equal(b.reference, a.reference);
    const other = await createFeedback(db(), { ...chat, keyId: 4 } as Principal, { idempotencyKey: 'chat-991', target: 'U1', text: 'Toinen järjestelmä' });
    assert.notEqual(other.reference, a.reference, 'another integration’s key is another feedback');
  });

  it('takes feedback over POST /api/v1/feedback with a key that has the scope', async () => {
    const body = { idempotencyKey: 'widget-1', target: 'U1', text: 'Sivu oli selkeä', channel: 'widget', language: 'fi', wantsReply: false };
    const res = await app.inject({
      method: 'POST',
      url: '/api/v1/feedback',
      payload: body,
      headers: { authorization: 'Bearer feedback-admin-key-0123456789' },
    });
    assert.equal(res.statusCode, 201);
    assert.match(res.json().reference, /^K-\d{4}-\d{6}$/);
    const again = await app.inject({
      method: 'POST',
      url: '/api/v1/feedback',
      payload: body,
      headers: { authorization: 'Bearer feedback-admin-key-0123456789' },
    });
    assert.deepEqual([again.statusCode, again.json().status, again.json().reference], [200, 'duplicate', res.json().reference]);
    const bad = await app.inject({
      method: 'POST',
      url: '/api/v1/feedback',
      payload: { target: 'U1', text: 'Vastatkaa', wantsReply: true },
      headers: { authorization: 'Bearer feedback-admin-key-0123456789' },
    });
    assert.equal(bad.statusCode, 400);
    assert.deepEqual(bad.json().error.details.issues, [{ field: 'contact', reason: 'reply_needs_contact' }]);
    const anonymous = await app.inject({ method: 'POST', url: '/api/v1/feedback', payload: body });
    assert.equal(anonymous.statusCode, 401);
  });
});
