import assert from 'node:assert/strict';
import fs from 'node:fs';
import zlib from 'node:zlib';
import { before, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { describeEachDatabase } from '../../test/helpers/databases.ts';
import { Client, testApp, visibleText } from '../../test/helpers/http.ts';
import { principalForUser } from '../access/sessions.ts';
import { createFeedback } from '../feedback/create-feedback.ts';
import { loadConfig } from '../shared/config.ts';
import type { Db } from '../shared/db.ts';
import { analysePending } from './analysis-job.ts';
import { correctText } from './corrections.ts';
import { offlineProvider } from './provider.ts';
import { retrainPending } from './retrain.ts';
import { getTopic, requeueHistory, saveTopic } from './taxonomy.ts';
import { activeToneModel } from './tone-model/active-model.ts';
import { shippedToneModel, shippedWeightsFile } from './tone-model/shipped.ts';
import { decodeWeights, EarlierToneModelError } from './tone-model/weights-file.ts';
import { topicFigures } from './topic-figures.ts';
import { labelledFeedback } from './training-data/labelled.ts';

const at = { receivedAt: new Date('2026-10-05T10:00:00+03:00') };

async function unitUnder(db: Db, parent: string): Promise<string> {
  const [r] = await db.query<{ code: string }>(
    "select code from org_node where parent_id = (select id from org_node where code = $1) and kind = 'unit' order by name_fi limit 1",
    [parent],
  );
  return r!.code;
}

async function feedbackId(db: Db, text: string): Promise<number> {
  const [r] = await db.query<{ id: string }>('select id from feedback where text = $1', [text]);
  return Number(r!.id);
}

async function signedIn(app: FastifyInstance, user: string) {
  const c = new Client(app);
  await c.signIn(user, 'demo');
  return c;
}

describeEachDatabase(
  "a person's correction of a text",
  ({ db }) => {
    let app: FastifyInstance;
    const complaint = 'Rokotusaikaa ei saanut, ja puhelinjono oli tunnin.';
    const elsewhere = 'Kotihoito ei tullut sovittuna päivänä.';
    before(async () => {
      app = (await testApp(db())).app;
      await createFeedback(db(), null, { target: await unitUnder(db(), 'TER-VAS'), text: complaint }, at);
      await createFeedback(db(), null, { target: await unitUnder(db(), 'TER-SUU'), text: elsewhere }, at);
      await analysePending(db(), offlineProvider, Number.POSITIVE_INFINITY);
    });

    it("lets the feedback's handler correct its tone and topics: every report shows it at once, every re-analysis keeps it, the audit log says who", async () => {
      const id = await feedbackId(db(), complaint);
      const handler = await signedIn(app, 'handler');
      const detail = await handler.get(`/admin/feedback/${id}`);
      assert.match(visibleText(detail.body), /Sävy ja aiheet\s*Kielteinen/);
      const link = /href="(\/analysis\/correct\?[^"]+)"/.exec(detail.body)![1]!.replaceAll('&amp;', '&');
      const form = await handler.get(link);
      assert.equal(form.statusCode, 200);
      assert.match(visibleText(form.body), /Analysoijan tulkinta: Kielteinen/);

      const saved = await handler.post('/analysis/correct', {
        source: 'feedback',
        id: String(id),
        question: '',
        back: `/admin/feedback/${id}`,
        tone: 'mixed',
        topics: ['booking', 'phone'],
      });
      assert.equal(saved.statusCode, 303);
      assert.equal(saved.headers.location, `/admin/feedback/${id}`);
      assert.match(
        visibleText((await handler.get(`/admin/feedback/${id}`)).body),
        /Sävy ja aiheet\s*Ristiriitainen · (Ajanvaraus, Puhelinpalvelu ja takaisinsoitto|Puhelinpalvelu ja takaisinsoitto, Ajanvaraus) · korjattu/,
      );

      const node = (await db().query<{ id: number; code: string }>("select id, code from org_node where code = 'TER-VAS'"))[0]!;
      const figures = await topicFigures(
        db(),
        { ...node, kind: 'result_area', parent_id: null, name_fi: '', name_sv: '', name_en: '', active: true },
        { from: '2026-10', to: '2026-10' },
        'fi',
        {
          sources: ['feedback'],
        },
      );
      assert.equal(figures.topics.find((t) => t.key === 'booking')?.tones.mixed, 1, 'the topic list counts it as corrected');

      // a taxonomy change analyses everything again: the correction stays
      await saveTopic(db(), 'admin', { ...(await getTopic(db(), 'fees')), description: 'Laskut ja maksut' }, offlineProvider.name);
      while ((await requeueHistory(db())) !== null);
      await analysePending(db(), offlineProvider, Number.POSITIVE_INFINITY);
      const [row] = await db().query<{ tone: string; topics: { key: string }[] }>(
        "select tone, topics from text_analysis where source = 'feedback' and source_id = $1",
        [id],
      );
      assert.deepEqual([row!.tone, row!.topics.map((t) => t.key).sort()], ['mixed', ['booking', 'phone']]);

      const [logged] = await db().query<{ actor: string; details: { tone: { from: string; to: string } } }>(
        "select actor, details from audit_log where action = 'analysis_text_corrected' order by id desc limit 1",
      );
      assert.deepEqual([logged!.actor, logged!.details.tone], ['handler', { from: 'negative', to: 'mixed' }]);
    });

    it("answers a text outside the person's subtree as not found, and keeps what was typed when no tone is chosen", async () => {
      const handler = await signedIn(app, 'handler');
      await handler.get('/admin/feedback');
      const outside = await handler.get(`/analysis/correct?source=feedback&id=${await feedbackId(db(), elsewhere)}`);
      assert.equal(outside.statusCode, 404);
      const id = await feedbackId(db(), complaint);
      const refused = await handler.post('/analysis/correct', { source: 'feedback', id: String(id), question: '', back: '//evil.example/x', topics: ['fees'] });
      assert.equal(refused.statusCode, 400);
      assert.match(visibleText(refused.body), /Valitse sävy\./);
      assert.match(refused.body, /value="fees" checked/);
      assert.match(refused.body, /name="back" value="\/"/, 'only a path of this site is kept to return to');
      const professional = await signedIn(app, 'professional');
      await professional.get('/admin');
      assert.equal((await professional.get(`/analysis/correct?source=feedback&id=${id}`)).statusCode, 404, 'a professional does not correct texts');
    });
  },
  { demo: 'organisation' },
);

describeEachDatabase(
  'retraining the tone model from the county’s corrections',
  ({ db }) => {
    let app: FastifyInstance;
    const config = loadConfig({ LOG_LEVEL: 'silent' });
    before(async () => {
      app = (await testApp(db())).app;
    });

    it('takes a model at least as good as the one in use into use as a new analysis version, and shows before and after', async () => {
      const admin = await signedIn(app, 'admin');
      await admin.get('/admin/analysis');
      assert.equal((await admin.post('/admin/analysis/retrain', {})).statusCode, 303);
      assert.match(visibleText((await admin.get('/admin/analysis')).body), /Uudelleenopetus odottaa vuoroaan/);
      const phases = new Set<string>();
      const r = await retrainPending(db(), config, (p) => phases.add(p.phase));
      assert.deepEqual([...phases], ['reading', 'training', 'measuring']);
      // no corrections yet: the same data and seed give the shipped model again, which scores the same
      assert.equal(r?.status, 'accepted');
      assert.equal(r?.after?.macroF1, r?.before?.macroF1);
      assert.equal((await activeToneModel(db())).digest, shippedToneModel().digest);
      const page = visibleText((await admin.get('/admin/analysis')).body);
      assert.match(page, new RegExp(`Uusi malli nro ${r!.id} otettiin käyttöön`));
      assert.match(page, /Kaikki\s+0,\d+\s+0,\d+/);
      assert.match(page, new RegExp(`uudelleen opetettu malli nro ${r!.id}; ilman uusia korjauksia se on sama kuin Kaikun mukana tullut`));
      assert.doesNotMatch(page, /hyvinvointialueen oma malli/);
      assert.match(page, /sävymalli opetettiin uudelleen \(admin\)/);
    });

    it('refuses a model the corrections made worse, keeping the one in use', async () => {
      const admin = (await db().query<{ id: number }>("select id from staff_user where username = 'admin'"))[0]!;
      const user = await principalForUser(db(), admin.id);
      const unit = await unitUnder(db(), 'TER-VAS');
      // corrections that turn the tone around: praise called a complaint and the other way round
      const flipped = { positive: 'negative', negative: 'positive', neutral: 'mixed', mixed: 'neutral' } as const;
      const seen = new Set<string>();
      const texts = labelledFeedback()
        .train.filter((t) => t.text.length >= 3 && !seen.has(t.text) && seen.add(t.text))
        .slice(0, 240);
      for (const t of texts) await createFeedback(db(), null, { target: unit, text: t.text }, at);
      await analysePending(db(), offlineProvider, Number.POSITIVE_INFINITY);
      for (const t of texts)
        await correctText(db(), user, { source: 'feedback', id: await feedbackId(db(), t.text), question: '' }, { tone: flipped[t.tone], topics: [] });
      const before = await activeToneModel(db());
      await (await signedIn(app, 'admin')).post('/admin/analysis/retrain', {});
      const r = await retrainPending(db(), config);
      assert.equal(r?.status, 'rejected');
      assert.equal(r?.corrections, 240);
      assert.ok(r!.after!.macroF1 < r!.before!.macroF1);
      assert.equal((await activeToneModel(db())).id, before.id, 'the model in use stays');
      const page = visibleText((await (await signedIn(app, 'admin')).get('/admin/analysis')).body);
      assert.match(page, /ei ollut testiteksteillä yhtä hyvä/);
    });

    it("sets aside a county's model retrained by an earlier Kaiku on other features, using the shipped one until the county retrains", async () => {
      // the shipped weights in the file of Kaiku's first tone model (KTW1: one length for all features)
      const earlier = zlib.gzipSync(Buffer.concat([Buffer.from('KTW1'), zlib.gunzipSync(fs.readFileSync(shippedWeightsFile)).subarray(4)]));
      assert.throws(() => decodeWeights(earlier), EarlierToneModelError);
      const [{ id }] = (await db().query<{ id: number }>(
        "insert into tone_model (requested_by, status, weights, digest) values ('admin', 'accepted', $1, 'earlier00000') returning id",
        [earlier],
      )) as [{ id: number }];
      const inUse = await activeToneModel(db());
      assert.equal(inUse.id, null);
      assert.equal(inUse.digest, shippedToneModel().digest);
      const admin = await signedIn(app, 'admin');
      assert.match(visibleText((await admin.get('/admin/analysis')).body), new RegExp(`malli nro ${id} tehtiin Kaikun aiemmalle versiolle`));
      // the flipped corrections of the test before would make any retraining worse
      await db().query('delete from analysis_correction');
      await admin.post('/admin/analysis/retrain', {});
      const r = await retrainPending(db(), config);
      assert.equal(r?.status, 'accepted', 'measured against the shipped model in use');
      assert.equal((await activeToneModel(db())).id, r!.id);
      assert.doesNotMatch(visibleText((await admin.get('/admin/analysis')).body), /aiemmalle versiolle/);
    });
  },
  { demo: 'organisation' },
);
