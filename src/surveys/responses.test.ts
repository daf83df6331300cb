import assert from 'node:assert/strict';
import { before, it } from 'node:test';
import { describeEachDatabase } from '../../test/helpers/databases.ts';
import type { Principal } from '../access/roles.ts';
import { importOrgTree } from '../organisation/import-org-tree.ts';
import { surveyResults } from '../reports/results-query.ts';
import type { AppError } from '../shared/errors.ts';
import { ensureBuiltinSurveys } from './builtin-surveys.ts';
import { submitResponses } from './submit-responses.ts';
import { latestVersion } from './survey-queries.ts';

const api: Principal = { kind: 'api_key', keyId: 7, name: 'test', scopes: ['responses:write', 'results:read'], nodeId: null, countyWide: true };
const org = [
  'code,parent_code,kind,name_fi,name_sv,name_en,active',
  'C,,county,Alue,,,true',
  'D1,C,division,Terveys,,,true',
  'D2,C,division,Pelastus,,,true',
  'U1,D1,unit,Terveysasema,,,true',
  'U2,D1,unit,Hammashoitola,,,true',
  'U3,D2,unit,Paloasema,,,true',
].join('\n');

const item = (key: string, unit: string, nps: number | null, extra: Record<string, unknown> = {}) => ({
  idempotencyKey: key,
  survey: 'thl-national',
  unit,
  channel: 'api',
  submittedAt: '2026-10-15T10:00:00+03:00',
  answers: { nps, availability: 4 },
  ...extra,
});

describeEachDatabase('responses API and results', ({ db }) => {
  before(async () => {
    await importOrgTree(db(), { csv: org, source: 'test' });
    await ensureBuiltinSurveys(db());
  });

  it('stores valid items, reports invalid ones by field, and stores nothing half', async () => {
    const res = await submitResponses(db(), api, {
      responses: [
        item('a1', 'U1', 10),
        item('a2', 'U1', 3, { answers: { nps: 3, availability: 9, nope: 1 } }),
        { idempotencyKey: 'a3', survey: 'thl-national', unit: 'NOPE', channel: 'fax', submittedAt: 'yesterday', answers: {} },
        item('a1', 'U1', 10),
      ],
    });
    assert.deepEqual(
      res.map((r) => r.status),
      ['created', 'invalid', 'invalid', 'duplicate'],
    );
    assert.deepEqual(
      res[1]!.errors.map((e) => [e.field, e.reason]),
      [
        ['answers.availability', 'out_of_range'],
        ['answers.nope', 'unknown_question'],
      ],
    );
    assert.deepEqual(
      res[2]!.errors.map((e) => e.field),
      ['unit', 'channel', 'submittedAt'],
    );
    const rows = await db().query<{ n: number }>('select count(*)::int as n from response');
    assert.equal(rows[0]!.n, 1);
    const again = await submitResponses(db(), api, { responses: [item('a1', 'U1', 10)] });
    assert.equal(again[0]!.status, 'duplicate', 'the same key later is still one answer');
  });

  it('records the version, the background and no identity', async () => {
    const [row] = await db().query<{ survey_version: number; background: Record<string, string>; answers: Record<string, unknown>; channel: string }>(
      "select survey_version, background, answers, channel from response where idempotency_key = 'api:7:a1'",
    );
    assert.equal(row!.survey_version, (await latestVersion(db(), 'thl-national')).version);
    assert.deepEqual(row!.background, { respondentType: 'customer' });
    assert.equal(row!.answers.nps, 10);
    const columns = await db().query<{ column_name: string }>("select column_name from information_schema.columns where table_name = 'response'");
    assert.ok(!columns.some((c) => /ip|agent|phone|email|name/.test(c.column_name)), columns.map((c) => c.column_name).join());
  });

  it('refuses a key without the scope and a body that is not a batch', async () => {
    await assert.rejects(
      submitResponses(db(), { kind: 'api_key', keyId: 1, name: 'x', scopes: ['org:read'], nodeId: null, countyWide: true }, { responses: [] }),
      (e: unknown) => (e as AppError).code === 'forbidden',
    );
    await assert.rejects(submitResponses(db(), api, { responses: [] }), (e: unknown) => (e as AppError).code === 'invalid');
    await assert.rejects(submitResponses(db(), api, [item('z', 'U1', 1)]), (e: unknown) => (e as AppError).code === 'invalid');
  });

  it('computes NPS and statements per group exactly, over the subtree and the inclusive period', async () => {
    // U1: the earlier 10, then 9, 8, 6 and a skipped NPS → 2 promoters, 1 passive, 1 detractor
    // of 4 who answered → 25. U2: 9, 9, 9, 2, 2, 7 → (3 − 2) of 6 → 16.67 → 17.
    // U3 is in another division and must not count.
    const values: [string, number | null][] = [
      ['U1', 9],
      ['U1', 8],
      ['U1', 6],
      ['U1', null],
      ['U2', 9],
      ['U2', 9],
      ['U2', 9],
      ['U2', 2],
      ['U2', 2],
      ['U2', 7],
      ['U3', 0],
    ];
    const res = await submitResponses(db(), api, { responses: values.map(([u, v], i) => item(`b${i}`, u, v)) });
    assert.deepEqual(
      res.map((r) => r.status),
      values.map(() => 'created'),
    );
    const byUnit = await surveyResults(db(), api, { node: 'D1', groupBy: 'unit', from: '2026-10-15', to: '2026-10-15' });
    assert.deepEqual(
      byUnit.groups.map((g) => [g.key, g.answers, g.nps?.value, g.nps?.answered]),
      [
        ['U1', 5, 25, 4],
        ['U2', 6, 17, 6],
      ],
    );
    const u1 = byUnit.groups[0]!;
    assert.deepEqual([u1.nps!.promoters, u1.nps!.passives, u1.nps!.detractors], [2, 1, 1]);
    assert.equal(byUnit.groups[1]!.nps!.exact, 100 / 6);
    const availability = u1.questions!.availability as { answered: number; mean: number; shareTop2: number; distribution: Record<string, number> };
    assert.deepEqual([availability.answered, availability.mean, availability.shareTop2, availability.distribution['4']], [5, 4, 1, 5]);
    const outside = await surveyResults(db(), api, { node: 'D1', from: '2026-10-16', to: '2026-10-31' });
    assert.deepEqual(outside.groups, [], 'nothing on other days');
  });

  it('suppresses groups under the threshold and says so', async () => {
    const byChannel = await surveyResults(db(), api, { node: 'C', groupBy: 'unit' });
    const u3 = byChannel.groups.find((g) => g.key === 'U3')!;
    assert.deepEqual([u3.answers, u3.suppressed, u3.nps, u3.questions], [1, true, null, null]);
    assert.equal(byChannel.threshold, 5);
    await db().query("update setting set value = '2' where key = 'anonymity_threshold'");
    const lower = await surveyResults(db(), api, { node: 'C', groupBy: 'unit' });
    assert.equal(lower.groups.find((g) => g.key === 'U3')!.suppressed, true, 'one answer is still below 2');
    await db().query("update setting set value = '5' where key = 'anonymity_threshold'");
  });

  it('groups by a background variable and filters by one', async () => {
    await submitResponses(db(), api, {
      responses: Array.from({ length: 6 }, (_, i) => ({
        idempotencyKey: `fc${i}`,
        survey: 'thl-first-contact',
        unit: 'U1',
        channel: 'sms',
        submittedAt: '2026-11-01T09:00:00Z',
        answers: { solved: i < 4, knows_next: true },
        background: { callType: i % 2 ? 'line' : 'callback' },
      })),
    });
    const r = await surveyResults(db(), api, { survey: 'thl-first-contact', groupBy: 'background.callType', node: 'C' });
    assert.deepEqual(
      r.groups.map((g) => [g.key, g.answers, g.suppressed]),
      [
        ['callback', 3, true],
        ['line', 3, true],
      ],
    );
    const all = await surveyResults(db(), api, { survey: 'thl-first-contact', node: 'C' });
    const { nps, ...yesNo } = all.groups[0]!.questions as Record<string, { answered: number }>;
    assert.deepEqual(yesNo, { solved: { answered: 6, shareYes: 4 / 6 }, knows_next: { answered: 6, shareYes: 1 } });
    assert.equal(nps?.answered, 0, 'the optional NPS question was not asked');
    const line = await surveyResults(db(), api, { survey: 'thl-first-contact', node: 'C', background: { callType: 'line' } });
    assert.equal(line.groups[0]!.answers, 3);
  });
});
