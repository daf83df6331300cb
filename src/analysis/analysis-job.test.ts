import assert from 'node:assert/strict';
import { before, it } from 'node:test';
import { describeEachDatabase } from '../../test/helpers/databases.ts';
import { createFeedback } from '../feedback/create-feedback.ts';
import { findNodeByCode } from '../organisation/tree-queries.ts';
import { storeResponse } from '../surveys/store-response.ts';
import type { Db } from '../shared/db.ts';
import { importOrgTree } from '../organisation/import-org-tree.ts';
import { analyseBatch, analysePending, analysisProgress } from './analysis-job.ts';
import { offlineProvider } from './provider.ts';
import { ensureAnalysisVersion, getTopic, requeueHistory, saveTopic } from './taxonomy.ts';
import { topicFigures } from './topic-figures.ts';

let seq = 0;
async function answer(db: Db, unit: string, text: string | null, at = '2026-10-10T10:00:00+03:00') {
  const node = (await findNodeByCode(db, unit))!;
  const [v] = await db.query<{ version: number }>("select max(version)::int as version from survey_version where survey_id = 'thl-national'");
  await storeResponse(db, {
    surveyId: 'thl-national',
    surveyVersion: v!.version,
    nodeId: node.id,
    channel: 'link',
    submittedAt: new Date(at),
    idempotencyKey: `t:${(seq += 1)}`,
    background: {},
    answers: { nps: 8, nps_open: text },
  });
}

const october = { from: '2026-10', to: '2026-10' };

describeEachDatabase('analysing every open answer and feedback in the background', ({ db }) => {
  before(async () => {
    await importOrgTree(db(), {
      csv: 'code,parent_code,kind,name_fi,name_sv,name_en,active\nC,,county,Alue,,,true\nA1,C,result_area,Vastaanotot,,,true\nU1,A1,unit,Keravan terveysasema,,,true\nU2,A1,unit,Järvenpään terveysasema,,,true\n',
      source: 'test',
    });
    await ensureAnalysisVersion(db(), offlineProvider.name);
  });

  it('queues each new text as it is stored and analyses it later, keeping only the masked text for reports', async () => {
    await answer(db(), 'U1', 'Takaisinsoittoa ei tullut, soitin numeroon 040 123 4567 kolme kertaa.');
    await answer(db(), 'U1', null); // nothing to analyse: not queued
    await createFeedback(
      db(),
      null,
      { target: 'U2', text: 'Hoitaja Minna Virtanen oli todella ystävällinen, kiitos!' },
      { receivedAt: new Date('2026-10-12T09:00:00+03:00') },
    );
    const queued = await db().query<{ source: string }>('select source from analysis_queue order by source');
    assert.deepEqual(
      queued.map((q) => q.source),
      ['answer', 'feedback'],
    );

    assert.equal(await analysePending(db(), offlineProvider), 2);
    const rows = await db().query<{ source: string; tone: string; topics: { key: string }[]; masked: string; language: string }>(
      'select source, tone, topics, masked, language from text_analysis order by source',
    );
    assert.equal(rows[0]!.masked, 'Takaisinsoittoa ei tullut, soitin numeroon [puhelin] kolme kertaa.');
    assert.equal(rows[0]!.tone, 'negative');
    assert.ok(rows[0]!.topics.some((t) => t.key === 'phone'));
    assert.equal(rows[1]!.masked, 'Hoitaja [nimi] oli todella ystävällinen, kiitos!');
    assert.deepEqual([rows[1]!.tone, rows[1]!.language], ['positive', 'fi']);
    assert.equal((await db().query('select 1 from analysis_queue')).length, 0);
  });

  it('counts the top topics of a subtree and period with their tone split and the shares without a topic or with a neutral tone', async () => {
    await answer(db(), 'U1', 'Puhelinjonossa meni tunti, surkeaa.');
    await answer(db(), 'U1', 'Kävin laboratoriossa.');
    await answer(db(), 'U1', 'Takaisinsoitto tuli nopeasti, kiitos.', '2026-09-30T10:00:00+03:00'); // September: outside
    await analysePending(db(), offlineProvider);
    const u1 = (await findNodeByCode(db(), 'U1'))!;
    const f = await topicFigures(db(), u1, october, 'fi');
    assert.equal(f.texts, 3);
    const phone = f.topics.find((t) => t.key === 'phone')!;
    assert.equal(phone.name, 'Puhelinpalvelu ja takaisinsoitto');
    assert.deepEqual([phone.count, phone.tones.negative, phone.tones.positive], [2, 2, 0]);
    assert.equal(f.noTopicShare, 1 / 3);
    assert.equal(f.neutralShare, 1 / 3);
    // U2's feedback is not U1's; the parent area sees both
    assert.equal((await topicFigures(db(), u1, october, 'fi', { sources: ['feedback'] })).texts, 0);
    const area = (await findNodeByCode(db(), 'A1'))!;
    assert.equal((await topicFigures(db(), area, october, 'fi')).texts, 4);
  });

  it('re-analyses the history under a new version when a topic changes, and reports say which version', async () => {
    const before = await analysisProgress(db());
    const phone = await getTopic(db(), 'phone');
    const version = await saveTopic(
      db(),
      'admin',
      { ...phone, keywords: { ...phone.keywords, fi: [...phone.keywords.fi, 'laboratorio'] } },
      offlineProvider.name,
    );
    assert.ok(version > before!.versionId);
    assert.deepEqual((await analysisProgress(db()))!.preparing, true);
    // in steps of two texts: 5 answers and feedback, then nothing left
    const steps: (number | null)[] = [];
    for (let n = await requeueHistory(db(), 2); n !== null; n = await requeueHistory(db(), 2)) steps.push(n);
    assert.equal(
      steps.reduce<number>((a, b) => a + (b ?? 0), 0),
      5,
    );
    const p = await analysisProgress(db());
    assert.deepEqual([p!.waiting, p!.queuedAtStart, p!.current, p!.preparing], [5, 5, 0, false]);

    await analysePending(db(), offlineProvider);
    const after = await analysisProgress(db());
    assert.deepEqual([after!.waiting, after!.current, after!.total], [0, 5, 5]);
    const u1 = (await findNodeByCode(db(), 'U1'))!;
    const f = await topicFigures(db(), u1, october, 'fi');
    assert.equal(f.topics.find((t) => t.key === 'phone')!.count, 3, 'the laboratory visit is now a phone topic');
    assert.deepEqual(f.versions, [{ id: version, texts: 3 }]);
  });

  it('does not lose a text that a new version queued again while an older batch held it', async () => {
    await answer(db(), 'U1', 'Lasku tuli kahteen kertaan.');
    // an instance leases the text, a new version starts meanwhile, then the old batch finishes
    const slow = {
      ...offlineProvider,
      analyse: async (texts: string[], taxonomy: Parameters<typeof offlineProvider.analyse>[1]) => {
        await saveTopic(db(), 'admin', { ...(await getTopic(db(), 'fees')), description: 'Laskut' }, offlineProvider.name);
        return offlineProvider.analyse(texts, taxonomy);
      },
    };
    await analyseBatch(db(), slow);
    while ((await requeueHistory(db())) !== null);
    const waiting = await db().query<{ n: number }>('select count(*)::int as n from analysis_queue');
    assert.equal(waiting[0]!.n, 6, 'everything, the leased text included, waits for the new version');
    await analysePending(db(), offlineProvider);
    const p = await analysisProgress(db());
    assert.deepEqual([p!.waiting, p!.current], [0, 6]);
  });
});
