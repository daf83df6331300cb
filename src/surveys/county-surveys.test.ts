import assert from 'node:assert/strict';
import fs from 'node:fs';
import { before, it } from 'node:test';
import { describeEachDatabase } from '../../test/helpers/databases.ts';
import { testApp } from '../../test/helpers/http.ts';
import { createApiKey } from '../access/api-keys.ts';
import type { Principal } from '../access/roles.ts';
import { importOrgTree } from '../organisation/import-org-tree.ts';
import { refreshRollup } from '../reports/refresh-rollup.ts';
import { portalView } from '../reports/portal.ts';
import type { DatePeriod } from '../reports/period-presets.ts';
import { getNodeByCode } from '../organisation/tree-queries.ts';
import { surveyResults } from '../reports/results-query.ts';
import { ensureBuiltinSurveys } from './builtin-surveys.ts';
import { submitResponses } from './submit-responses.ts';

const system = { kind: 'system', name: 'test' } as const;
const managersTemplate = JSON.parse(fs.readFileSync(new URL('./templates/managers-feedback-use.json', import.meta.url), 'utf8'));

/** Seed 000's "a different survey for rescue services": three questions, written as a county would. */
const rescue = {
  key: 'pelastus-2027',
  title: { fi: 'Pelastustoimen asiakaskysely', sv: 'Räddningsväsendets kundenkät' },
  startsAt: '2026-11-01',
  endsAt: '2027-01-31',
  questions: [
    { type: 'yesno', text: { fi: 'Saitko apua nopeasti?', sv: 'Fick du hjälp snabbt?' }, required: true },
    { type: 'likert', text: { fi: 'Henkilöstö toimi ammattitaitoisesti.', sv: 'Personalen agerade professionellt.' } },
    {
      type: 'open',
      text: { fi: 'Mikä olisi voinut mennä paremmin?', sv: 'Vad kunde ha gått bättre?' },
      showIf: { question: 'saitko_apua_nopeasti', in: [false] },
    },
  ],
};

describeEachDatabase('surveys a county writes itself', ({ db }) => {
  let post: (body: unknown, key?: string) => Promise<{ statusCode: number; json: () => any; body: string }>;
  let get: (path: string) => Promise<{ statusCode: number; json: () => any }>;
  let writer: string;
  let close: () => Promise<void>;

  before(async () => {
    await importOrgTree(db(), { csv: 'code,parent_code,kind,name_fi\nC,,county,Alue\nP,C,unit,Paloasema\nU,C,unit,Yksikkö\n', source: 't' });
    await ensureBuiltinSurveys(db());
    const { app } = await testApp(db());
    close = () => app.close();
    writer = (await createApiKey(db(), system, { name: 'kyselyt', scopes: ['surveys:write', 'responses:write', 'results:read'] })).key;
    post = (body, key = writer) =>
      app.inject({ method: 'POST', url: '/api/v1/surveys', headers: { authorization: `Bearer ${key}` }, payload: body as object }) as never;
    get = (path) => app.inject({ url: path, headers: { authorization: `Bearer ${writer}` } }) as never;
  });

  it('publishes a survey over the API with identifiers made from the texts, and gives it back in the same terms', async () => {
    const made = await post(rescue);
    assert.equal(made.statusCode, 201, made.body);
    assert.deepEqual(made.json(), { key: 'pelastus-2027', version: 1, created: true, languages: ['fi', 'sv'], incompleteLanguages: [] });
    const back = (await get('/api/v1/surveys/pelastus-2027')).json();
    assert.deepEqual(
      back.questions.map((q: { key: string; page: number }) => [q.key, q.page]),
      [
        ['saitko_apua_nopeasti', 1],
        ['henkilosto_toimi', 1],
        ['mika_olisi_voinut_menna', 2],
      ],
      'a question that depends on an answer on its page starts the next page',
    );
    assert.deepEqual(back.questions[2].showIf, { question: 'saitko_apua_nopeasti', in: ['no'] });
    assert.deepEqual([back.startsAt, back.endsAt, back.builtin], ['2026-11-01', '2027-01-31', false]);

    const managers = await post(managersTemplate);
    assert.equal(managers.statusCode, 201, managers.body);
    const m = (await get('/api/v1/surveys/managers-feedback-use')).json();
    assert.deepEqual(
      m.questions.find((q: { key: string }) => q.key === 'used_for').options.map((o: { value: string }) => o.value),
      ['processes', 'encounter', 'wellbeing', 'concrete_changes', 'complaints', 'not_used'],
    );
    assert.equal((await get('/api/v1/surveys/no-such-survey')).statusCode, 404);
  });

  it('names every wrong field in the contract’s terms and publishes nothing refused', async () => {
    const wrong = await post({
      key: 'Bad Key',
      title: { sv: 'utan finska' },
      questions: [
        { type: 'choice', text: { fi: 'Valitse' }, options: [{ value: 'a', text: { fi: 'A' } }] },
        { type: 'open', text: { fi: 'Miksi?' }, showIf: { question: 'later', in: ['x'] } },
        { type: 'dropdown', text: { fi: 'x' } },
      ],
    });
    assert.equal(wrong.statusCode, 400);
    const message = wrong.json().error.message as string;
    for (const path of ['key', 'title', 'questions.2.type']) assert.match(message, new RegExp(`(^|; )${path.replace('.', '\\.')}: `), message);

    const conditions = await post({
      key: 'ehdot',
      title: { fi: 'Ehdot' },
      questions: [
        { type: 'choice', text: { fi: 'Valitse' }, options: [{ value: 'a', text: { fi: 'A' } }] },
        { type: 'open', text: { fi: 'Miksi?' }, showIf: { question: 'later', in: ['x'] } },
        { key: 'later', type: 'yesno', text: { fi: 'Myöhemmin' } },
        { type: 'open', text: { fi: 'Entä?' }, showIf: { question: 'later', in: ['maybe'] } },
      ],
    });
    assert.equal(conditions.statusCode, 400);
    const issues = conditions.json().error.details.issues.map((i: { path: (string | number)[] }) => i.path.join('.'));
    assert.deepEqual(issues, ['questions.0.options', 'questions.1.showIf.question', 'questions.3.showIf.in']);
    assert.equal((await get('/api/v1/surveys/ehdot')).statusCode, 404);

    assert.equal((await post({ ...rescue, key: 'thl-omat' })).statusCode, 400, 'thl- is kept for THL');
    assert.equal((await post({ ...rescue, key: 'thl-national' })).statusCode, 400);
    const reader = (await createApiKey(db(), system, { name: 'lukija', scopes: ['results:read'] })).key;
    assert.equal((await post(rescue, reader)).statusCode, 403);
  });

  it('never loses a language by accident: a new version without it is refused unless the language is named', async () => {
    const withoutSv = { ...rescue, questions: [...rescue.questions, { type: 'likert', text: { fi: 'Tilanne hoidettiin hyvin.' } }] };
    const refused = await post(withoutSv);
    assert.equal(refused.statusCode, 400);
    assert.match(refused.json().error.message, /no longer be offered in sv/);
    assert.equal((await get('/api/v1/surveys/pelastus-2027')).json().version, 1);
    const dropped = await post({ ...withoutSv, dropLanguages: ['sv'] });
    assert.equal(dropped.statusCode, 200, dropped.body);
    assert.deepEqual([dropped.json().version, dropped.json().languages, dropped.json().incompleteLanguages], [2, ['fi'], ['sv']]);
    const again = await post({ ...rescue });
    assert.deepEqual([again.statusCode, again.json().version, again.json().languages], [200, 3, ['fi', 'sv']]);
  });

  it('takes answers in its time only, drops what a condition hid, and counts a multiple choice as shares of respondents', async () => {
    const key: Principal = { kind: 'api_key', keyId: 9, name: 'x', scopes: ['responses:write', 'results:read'], nodeId: null, countyWide: true };
    const rescueAnswer = (id: string, at: string, answers: Record<string, unknown>) => ({
      idempotencyKey: id,
      survey: 'pelastus-2027',
      unit: 'P',
      channel: 'api',
      submittedAt: at,
      answers,
    });
    const res = await submitResponses(db(), key, {
      responses: [
        rescueAnswer('r1', '2026-11-20T10:00:00+02:00', { saitko_apua_nopeasti: 'yes', mika_olisi_voinut_menna: 'ei mitään' }),
        rescueAnswer('r2', '2026-10-31T21:59:00Z', { saitko_apua_nopeasti: 'no' }),
        rescueAnswer('r3', '2026-10-31T22:00:00Z', { saitko_apua_nopeasti: false, mika_olisi_voinut_menna: 'Odotimme pitkään.' }),
      ],
    });
    assert.deepEqual(
      res.map((r) => r.status),
      ['created', 'invalid', 'created'],
    );
    assert.match(res[1]!.errors[0]!.message, /outside the survey's time \(2026-11-01 – 2027-01-31\)/);
    const stored = await db().query<{ answers: Record<string, unknown> }>(
      "select answers from response where survey_id = 'pelastus-2027' order by idempotency_key",
    );
    assert.deepEqual(
      stored.map((r) => r.answers),
      [
        { saitko_apua_nopeasti: true, henkilosto_toimi: null },
        { saitko_apua_nopeasti: false, henkilosto_toimi: null, mika_olisi_voinut_menna: 'Odotimme pitkään.' },
      ],
      'the open answer of someone who was helped quickly was never asked, so it is not kept',
    );

    const chosen = [['processes', 'encounter'], ['processes'], ['processes', 'complaints'], [], ['not_used'], ['encounter', 'processes']];
    const answers = await submitResponses(db(), key, {
      responses: chosen.map((used, i) => ({
        idempotencyKey: `m${i}`,
        survey: 'managers-feedback-use',
        unit: 'U',
        channel: 'email',
        submittedAt: '2026-11-10T12:00:00+02:00',
        answers: { review_frequency: i < 2 ? 'monthly' : 'weekly', used_for: used },
      })),
    });
    assert.ok(
      answers.every((r) => r.status === 'created'),
      JSON.stringify(answers),
    );
    const wrong = await submitResponses(db(), key, {
      responses: [
        {
          idempotencyKey: 'bad',
          survey: 'managers-feedback-use',
          unit: 'U',
          channel: 'email',
          submittedAt: '2026-11-10T12:00:00+02:00',
          answers: { review_frequency: 'daily', used_for: ['processes', 'everything'], level: 3 },
        },
      ],
    });
    assert.deepEqual(
      wrong[0]!.errors.map((e) => [e.field, e.reason]),
      [
        ['answers.level', 'wrong_type'],
        ['answers.review_frequency', 'unknown_option'],
        ['answers.used_for', 'unknown_option'],
      ],
    );
    const [row] = await db().query<{ answers: Record<string, unknown> }>("select answers from response where idempotency_key = 'api:9:m5'");
    assert.deepEqual(row!.answers.used_for, ['processes', 'encounter'], 'stored in the definition’s order');

    const expected = {
      answered: 5,
      distribution: { processes: 4, encounter: 2, wellbeing: 0, concrete_changes: 0, complaints: 1, not_used: 1 },
      shares: { processes: 80, encounter: 40, wellbeing: 0, concrete_changes: 0, complaints: 20, not_used: 20 },
    };
    const q = { survey: 'managers-feedback-use', node: 'C', from: '2026-11-01', to: '2026-11-30' };
    const fromAnswers = await surveyResults(db(), key, q);
    assert.deepEqual(fromAnswers.groups[0]!.questions!.used_for, expected);
    assert.deepEqual(fromAnswers.groups[0]!.questions!.review_frequency, {
      answered: 6,
      distribution: { weekly: 4, fortnightly: 0, monthly: 2, quarterly: 0, less_often: 0 },
    });
    await refreshRollup(db());
    const fromSums = await surveyResults(db(), key, q);
    assert.ok(fromSums.summedDays + fromSums.summedMonths > 0, 'the second reading comes from the sums');
    assert.deepEqual(fromSums.groups[0]!.questions, fromAnswers.groups[0]!.questions, 'the sums count exactly what the answers do');

    // The portal shows the survey as it is: no NPS where none is asked, each choice question's spread.
    const node = await getNodeByCode(db(), 'C');
    const v = await portalView(
      db(),
      key,
      node,
      { preset: 'custom', from: '2026-11-01', to: '2026-11-30' } as DatePeriod,
      { survey: 'managers-feedback-use', background: {} },
      'fi',
    );
    assert.equal(v.hasNps, false);
    const usedFor = v.choices.find((c) => c.key === 'used_for')!;
    assert.deepEqual(
      [usedFor.type, usedFor.answered, usedFor.options.map((o) => [o.label, o.count, o.share])[0]],
      ['multichoice', 5, ['Toimintatapojen ja prosessien kehittäminen', 4, 80]],
    );
    assert.deepEqual(
      v.choices.find((c) => c.key === 'review_frequency')!.options.map((o) => o.share),
      [67, 0, 33, 0, 0],
    );
  });

  it('closes', async () => close());
});
