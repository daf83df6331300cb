import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { describeEachDatabase } from '../../test/helpers/databases.ts';
import { assertPage, Client, testApp, visibleText } from '../../test/helpers/http.ts';
import { createUser, grantRole } from '../access/users.ts';
import { importOrgTree } from '../organisation/import-org-tree.ts';
import { getNodeByCode } from '../organisation/tree-queries.ts';
import { prng } from '../shared/prng.ts';
import { type NewResponse, storeResponses } from '../surveys/store-response.ts';
import { journeyView } from './journey.ts';
import { presetPeriod } from './period-presets.ts';
import { refreshRollup } from './refresh-rollup.ts';
import { surveyResults } from './results-query.ts';

const org = [
  'code,parent_code,kind,name_fi,name_sv,name_en,active',
  'C,,county,Alue,Området,Area,true',
  'TER,C,division,Terveydenhuolto,Hälsovård,Health care,true',
  'U1,TER,unit,Porvoon terveysasema,Borgå hälsostation,Porvoo health station,true',
  'IKA,C,division,Ikääntyneet,Äldre,Older people,true',
].join('\n');
const system = { kind: 'system', name: 'test' } as const;
const password = 'pitkä salasana 2026';

describeEachDatabase('the customer journey', ({ db }) => {
  let app: FastifyInstance;
  const period = presetPeriod('rolling-12');
  // what was generated, to count the expected figures without the database
  const generated: { stage: string; nps: number; availability: number }[] = [];

  before(async () => {
    await importOrgTree(db(), { csv: org, source: 'test' });
    app = (await testApp(db())).app;
    for (const [username, role, node] of [
      ['paakayttaja', 'admin', 'C'],
      ['esihenkilo', 'manager', 'TER'],
      ['ika', 'manager', 'IKA'],
    ] as const) {
      await createUser(db(), system, { username, displayName: username, password });
      await grantRole(db(), system, { username, role, nodeCode: node });
    }
    const u1 = await getNodeByCode(db(), 'U1');
    const rnd = prng(7);
    const stages = ['before_contact', 'contact', 'needs_assessment', 'service_delivery', 'follow_up', null] as const;
    const rows: NewResponse[] = [];
    const start = Date.parse(`${period.from}T12:00:00Z`);
    const span = Date.parse(`${period.to}T12:00:00Z`) - start;
    for (let i = 0; i < 900; i++) {
      const stage = stages[i % stages.length]!;
      // handling the contact is where the experience breaks
      const nps = Math.min(10, Math.max(0, Math.round((stage === 'contact' ? 5 : 8.5) + rnd.normal() * 1.5)));
      const availability = Math.min(5, Math.max(1, Math.round((stage === 'contact' ? 2.5 : 4.2) + rnd.normal() * 0.7)));
      rows.push({
        surveyId: 'thl-national',
        surveyVersion: 1,
        nodeId: u1.id,
        channel: 'qr',
        submittedAt: new Date(start + Math.floor(rnd.next() * span)),
        idempotencyKey: `journey:${i}`,
        background: stage ? { respondentType: 'customer', journeyStage: stage } : { respondentType: 'customer' },
        answers: { nps, availability, encounter: 4 },
      });
    }
    // the survey is tied to follow-up before these arrive: the untagged ones get that stage
    await db().query("update survey set journey_stage = 'follow_up' where id = 'thl-national'");
    await storeResponses(db(), rows);
    await db().query("update survey set journey_stage = null where id = 'thl-national'");
    for (const r of rows)
      generated.push({ stage: r.background.journeyStage ?? 'follow_up', nps: r.answers.nps as number, availability: r.answers.availability as number });
    await refreshRollup(db());
  });
  after(async () => app.close());

  it('reads each stage from the answers: counts and NPS equal a count of what was generated, and the results API', async () => {
    const node = await getNodeByCode(db(), 'TER');
    const view = await journeyView(db(), system, node, period, { survey: 'thl-national', background: {} }, 'fi');
    const api = await surveyResults(db(), system, { node: 'TER', from: period.from, to: period.to, groupBy: 'background.journeyStage' });
    assert.deepEqual(
      view.stages.map((s) => s.key),
      ['before_contact', 'contact', 'needs_assessment', 'service_planning', 'service_organising', 'service_delivery', 'follow_up'],
    );
    for (const s of view.stages) {
      const mine = generated.filter((g) => g.stage === s.key);
      assert.equal(s.answers, mine.length, s.key);
      assert.equal(s.answers, api.groups.find((g) => g.key === s.key)?.answers ?? 0);
      if (mine.length === 0) continue;
      const expected = Math.round((100 * (mine.filter((g) => g.nps >= 9).length - mine.filter((g) => g.nps <= 6).length)) / mine.length);
      assert.equal(s.nps, expected, `NPS of ${s.key}`);
    }
    assert.equal(view.stages.find((s) => s.key === 'follow_up')!.answers, 300, 'its own 150 and 150 from the survey’s stage');
    assert.equal(view.untagged, 0);
    assert.deepEqual(
      view.stages.filter((s) => s.weakest).map((s) => s.key),
      ['contact'],
    );
    const contact = view.stages.find((s) => s.key === 'contact')!;
    assert.deepEqual(
      contact.statements.map((st) => st.key),
      ['availability', 'encounter'],
      'the statements tied to handling the contact',
    );
    const share = (xs: typeof generated) => Math.round((100 * xs.filter((g) => g.availability >= 4).length) / xs.length);
    assert.equal(contact.statements[0]!.top2, share(generated.filter((g) => g.stage === 'contact')));
    assert.equal(contact.statements[0]!.overall, share(generated));
    assert.deepEqual(contact.weakStatements, ['availability'], 'availability well below the unit’s own');
    assert.match(contact.criticalPoints, /Hoitoon pääseminen/);
  });

  it('shows managers where along the journey the experience breaks, with the critical points, and keeps to their subtree', async () => {
    const manager = new Client(app);
    await manager.signIn('esihenkilo', password);
    const page = await manager.get('/portal/journey?period=rolling-12');
    assert.equal(page.statusCode, 200);
    const text = visibleText(page.body);
    assert.match(text, /Kokemus heikkenee eniten vaiheessa: Yhteydenoton käsittely/);
    assert.match(text, /Kriittinen piste: Hoitoon pääseminen/);
    assertPage(page.body, /<svg/);
    assert.equal((await manager.get('/portal/journey/chart.svg?period=rolling-12')).headers['content-type'], 'image/svg+xml');
    const other = new Client(app);
    await other.signIn('ika', password);
    assert.equal((await other.get('/portal/journey?node=TER')).statusCode, 403);
    assert.equal((await manager.get('/admin/journey')).statusCode, 403, 'stages are edited by administrators');
  });

  it('lets administrators rename a stage and tie surveys and collection points to stages', async () => {
    const admin = new Client(app);
    await admin.signIn('paakayttaja', password);
    const editor = await admin.get('/admin/journey');
    assertPage(editor.body, /Yhteydenoton käsittely/);
    const refused = await admin.post('/admin/journey/stages/contact', { position: '2', name_fi: '', critical_fi: 'Uusi kuvaus' });
    assert.equal(refused.statusCode, 400);
    assertPage(refused.body, />Uusi kuvaus<\/textarea>/);
    assert.equal(
      (
        await admin.post('/admin/journey/stages/contact', {
          position: '2',
          name_fi: 'Yhteydenotto',
          name_sv: 'Kontakten',
          critical_fi: 'Jonot puhelimessa',
          statements: ['availability'],
        })
      ).statusCode,
      303,
    );
    const manager = new Client(app);
    await manager.signIn('esihenkilo', password);
    const text = visibleText((await manager.get('/portal/journey?period=rolling-12')).body);
    assert.match(text, /vaiheessa: Yhteydenotto/);
    assert.match(text, /Kriittinen piste: Jonot puhelimessa/);
    assert.match(text, /, kaikki versiot: \d/, 'no "versio –"');
    assert.doesNotMatch(text, /versio –/);

    assert.equal((await admin.post('/admin/journey/surveys', { 'stage_thl-youth': 'service_delivery', 'stage_thl-national': '' })).statusCode, 303);
    const tags = await db().query<{ id: string; journey_stage: string | null }>(
      "select id, journey_stage from survey where id in ('thl-youth', 'thl-national') order by id",
    );
    assert.deepEqual(tags, [
      { id: 'thl-national', journey_stage: null },
      { id: 'thl-youth', journey_stage: 'service_delivery' },
    ]);

    await admin.get('/admin/collection-points?node=U1');
    assert.equal(
      (await admin.post('/admin/collection-points', { survey: 'thl-national', node: 'U1', channel: 'kiosk', journeyStage: 'needs_assessment' })).statusCode,
      303,
    );
    const [cp] = await db().query<{ background: Record<string, string> }>("select background from collection_point where channel = 'kiosk'");
    assert.deepEqual(cp!.background, { journeyStage: 'needs_assessment' });
  });
});
