import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { describeEachDatabase } from '../../test/helpers/databases.ts';
import { useDemoClock } from '../../test/helpers/demo.ts';
import { assertPage, Client, testApp } from '../../test/helpers/http.ts';
import { importOrgTree } from '../organisation/import-org-tree.ts';
import { createCollectionPoint } from './collection-points.ts';
import { publishSurvey } from './county-surveys.ts';
import { surveyFunnel } from './funnel.ts';
import { surveyTemplates } from './templates.ts';

const system = { kind: 'system', name: 'test' } as const;
const hidden = (html: string, name: string) => new RegExp(`name="${name}" value="([^"]*)"`).exec(html)?.[1] ?? '';

describeEachDatabase('answering a county’s own survey on a phone', ({ db }) => {
  let app: FastifyInstance;
  let code = '';
  let endedCode = '';
  before(async () => {
    useDemoClock(); // 2026-11-23: the rescue survey below ended three days before
    await importOrgTree(db(), { csv: 'code,parent_code,kind,name_fi\nC,,county,Alue\nP,C,unit,Paloasema\n', source: 't' });
    await publishSurvey(
      db(),
      system,
      surveyTemplates().find((t) => t.key === 'managers-feedback-use'),
    );
    await publishSurvey(db(), system, {
      key: 'pelastus-syksy',
      title: { fi: 'Pelastustoimen kysely' },
      endsAt: '2026-11-20',
      questions: [{ type: 'yesno', text: { fi: 'Saitko apua nopeasti?' } }],
    });
    code = (await createCollectionPoint(db(), system, { survey: 'managers-feedback-use', node: 'C', channel: 'email' })).code;
    endedCode = (await createCollectionPoint(db(), system, { survey: 'pelastus-syksy', node: 'P', channel: 'qr' })).code;
    app = (await testApp(db())).app;
  });
  after(async () => app.close());

  it('ticks boxes, follows up only where the answer calls for it, keeps every tick across steps and stores the choice as a list', async () => {
    const c = new Client(app, { 'accept-language': 'fi' });
    const first = await c.get(`/s/${code}`);
    assert.equal(first.statusCode, 200);
    assertPage(first.body, /Miten hyödynnät asiakaspalautetietoa\?/);
    assertPage(first.body, /Vaihe 1 \/ 2/);
    assertPage(first.body, /type="checkbox" name="q_used_for" value="processes"/);
    assertPage(first.body, /Valitse kaikki sopivat\./);
    const nonce = hidden(first.body, '_nonce');
    const base = { _nonce: nonce, _lang: 'fi' };

    const missing = await c.post(`/s/${code}`, { ...base, _step: '1', _action: 'next', q_used_for: ['processes', 'encounter'] }, { csrf: false });
    assert.equal(missing.statusCode, 400, 'how often is required');
    assertPage(missing.body, /href="#q-review_frequency">Kuinka usein käyt läpi asiakaspalautetietoa/);
    assertPage(missing.body, /value="processes" checked/, 'the ticks stay');
    assertPage(missing.body, /value="encounter" checked/);

    const notUsed = await c.post(
      `/s/${code}`,
      { ...base, _step: '1', _action: 'next', q_review_frequency: 'monthly', q_used_for: 'not_used' },
      { csrf: false },
    );
    assert.equal(notUsed.statusCode, 200);
    assert.doesNotMatch(notUsed.body, /Kerro esimerkki muutoksesta/, 'no example is asked of one who has not used feedback');
    assert.equal(hidden(notUsed.body, 'q_used_for'), 'not_used');

    assert.equal(hidden(notUsed.body, '_started'), '1', 'the first page is counted as answered once');
    const back = await c.post(
      `/s/${code}`,
      { ...base, _started: '1', _step: '2', _action: 'back', q_review_frequency: 'monthly', q_used_for: 'not_used' },
      { csrf: false },
    );
    assertPage(back.body, /name="_started" value="1"/);
    assertPage(back.body, /value="not_used" checked/);

    const used = await c.post(
      `/s/${code}`,
      { ...base, _started: '1', _step: '1', _action: 'next', q_review_frequency: 'weekly', q_used_for: ['processes', 'complaints'] },
      { csrf: false },
    );
    assertPage(used.body, /Kerro esimerkki muutoksesta, johon palaute johti\./);
    assertPage(used.body, /Vaihe 2 \/ 2/);
    assert.equal(hidden(used.body, 'q_used_for'), 'processes,complaints');

    const done = await c.post(
      `/s/${code}`,
      {
        ...base,
        _started: '1',
        _step: '2',
        _action: 'submit',
        q_level: 'unit',
        q_review_frequency: 'weekly',
        q_used_for: 'processes,complaints',
        q_used_example: 'Kotiutusohjeet selkeytettiin.',
        q_challenges: ['no_time', 'tools'],
      },
      { csrf: false },
    );
    assert.equal(done.statusCode, 303, done.body);
    const [row] = await db().query<{ answers: Record<string, unknown>; channel: string; background: Record<string, string> }>(
      "select answers, channel, background from response where survey_id = 'managers-feedback-use'",
    );
    assert.deepEqual(row!.answers, {
      level: 'unit',
      review_frequency: 'weekly',
      used_for: ['processes', 'complaints'],
      used_example: 'Kotiutusohjeet selkeytettiin.',
      challenges: ['no_time', 'tools'],
      wishes: null,
    });
    assert.deepEqual([row!.channel, row!.background], ['email', { respondentType: 'other' }]);
    const [root] = await db().query<{ id: number }>("select id from org_node where code = 'C'");
    assert.deepEqual(await surveyFunnel(db(), { survey: 'managers-feedback-use', nodeId: root!.id, from: '2026-11-01', to: '2026-11-30' }), [
      { channel: 'email', invited: null, opened: 1, started: 1, completed: 1 },
    ]);
  });

  it('is offered in Swedish and English too, and a survey past its last day takes no answers', async () => {
    const sv = await new Client(app, { 'accept-language': 'sv' }).get(`/s/${code}`);
    assertPage(sv.body, /Hur använder du kundresponsen\?/);
    assertPage(sv.body, /Välj alla som passar\./);
    const ended = await new Client(app, { 'accept-language': 'fi' }).get(`/s/${endedCode}`);
    assert.equal(ended.statusCode, 410);
    assert.doesNotMatch(ended.body, /Saitko apua nopeasti/);
  });
});
