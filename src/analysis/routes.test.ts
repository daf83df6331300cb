import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { describeEachDatabase } from '../../test/helpers/databases.ts';
import { Client, testApp, visibleText } from '../../test/helpers/http.ts';
import { createFeedback } from '../feedback/create-feedback.ts';
import { analysePending } from './analysis-job.ts';
import { offlineProvider } from './provider.ts';
import { requeueHistory } from './taxonomy.ts';

describeEachDatabase(
  'the taxonomy page and the topic list',
  ({ db }) => {
    let app: FastifyInstance;
    let unit: string;
    let version = 0;
    before(async () => {
      app = (await testApp(db())).app;
      [{ code: unit }] = (await db().query<{ code: string }>(
        "select code from org_node where parent_id = (select id from org_node where code = 'TER-VAS') and kind = 'unit' order by name_fi limit 1",
      )) as [{ code: string }];
      const at = { receivedAt: new Date('2026-10-05T10:00:00+03:00') };
      await createFeedback(db(), null, { target: unit, text: 'Rokotusaikaa ei saanut, ja puhelinjono oli tunnin.' }, at);
      await createFeedback(db(), null, { target: unit, text: 'Rokotus hoitui nopeasti, kiitos ystävälliselle hoitajalle.' }, at);
      await analysePending(db(), offlineProvider, Number.POSITIVE_INFINITY);
    });
    after(async () => app.close());

    const client = async (user: string) => {
      const c = new Client(app);
      await c.signIn(user, 'demo');
      return c;
    };
    const query = (node: string) => `node=${encodeURIComponent(node)}&from=2026-10&to=2026-10&source=feedback`;

    it('lets an administrator add a topic, which re-analyses the history under a new version', async () => {
      const admin = await client('admin');
      const page = await admin.get('/admin/analysis');
      assert.equal(page.statusCode, 200);
      // version ids come from a sequence: compare with the one before, not with a number
      const first = Number(/Kaikki tekstit on analysoitu \(versio (\d+),/.exec(visibleText(page.body))?.[1]);
      assert.ok(first > 0, 'every text analysed under the first version');
      assert.match(visibleText(page.body), /Puhelinpalvelu ja takaisinsoitto/);

      await admin.get('/admin/analysis/topics/new');
      const saved = await admin.post('/admin/analysis/topics', {
        key: 'vaccination',
        name_fi: 'Rokotukset',
        name_sv: 'Vaccinationer',
        name_en: 'Vaccinations',
        description: 'Rokotusajat ja rokottaminen',
        keywords_fi: 'rokot, rokottaa',
        keywords_sv: 'vaccin',
        keywords_en: 'vaccin',
        active: '1',
      });
      assert.equal(saved.statusCode, 303);
      const progress = (await admin.get('/api/v1/analysis/progress')).json();
      assert.ok(progress.versionId > first, 'a new version');
      version = progress.versionId;
      assert.equal(progress.preparing, true, 'saving queued nothing in the request: the job queues the history');
      const preparing = await admin.get('/admin/analysis');
      assert.match(preparing.body, /aiempia tekstejä viedään jonoon/);
      while ((await requeueHistory(db(), 2)) !== null);
      const queued = (await admin.get('/api/v1/analysis/progress')).json();
      assert.ok(queued.waiting > 0 && queued.waiting === queued.queuedAtStart && !queued.preparing, 'the whole history waits for version 2');
      const running = await admin.get('/admin/analysis');
      assert.match(running.body, /<progress max="\d+" value="0"/);

      await analysePending(db(), offlineProvider, Number.POSITIVE_INFINITY);
      const topics = (await admin.get(`/api/v1/analysis/topics?${query(unit)}`)).json();
      const vaccination = topics.topics.find((t: { key: string }) => t.key === 'vaccination');
      assert.deepEqual([vaccination.name, vaccination.count, vaccination.tones.negative, vaccination.tones.positive], ['Rokotukset', 2, 1, 1]);
      assert.deepEqual(topics.versions, [{ id: version, texts: 2 }]);
      const [logged] = await db().query<{ target_id: string }>("select target_id from audit_log where action = 'analysis_topic_saved'");
      assert.equal(logged?.target_id, 'vaccination');
    });

    it('refuses a topic without names with a message in the page language, saving nothing', async () => {
      const admin = await client('admin');
      await admin.get('/admin/analysis/topics/new');
      const res = await admin.post('/admin/analysis/topics', { key: 'empty', name_fi: '', name_sv: '', name_en: 'Empty', keywords_fi: 'x' });
      assert.equal(res.statusCode, 400);
      assert.match(visibleText(res.body), /Tarkista kenttä name\.fi/);
      assert.match(res.body, /value="Empty"/, 'what was typed stays in the form');
      assert.equal((await db().query("select 1 from analysis_topic where key = 'empty'")).length, 0);
      assert.equal((await admin.get('/api/v1/analysis/progress')).json().versionId, version, 'no new version');
    });

    it('shows the topic list with the tone split as a table, to the readers of the node only', async () => {
      const handler = await client('handler');
      const page = await handler.get(`/admin/analysis/report?${query('TER-VAS')}`);
      assert.equal(page.statusCode, 200);
      const text = visibleText(page.body);
      assert.match(text, /2 tekstiä 0 % ilman aihetta 0 % sävyltään neutraaleja/);
      assert.match(text, /Rokotukset 2 100 % 1 0 0 1/, 'name, count, share, then negative, mixed, neutral, positive');
      const link = /<a href="(\/admin\/analysis\/texts\?[^"]*topic=vaccination[^"]*)">Rokotukset<\/a>/.exec(page.body)?.[1]?.replace(/&amp;/g, '&');
      assert.ok(link, 'the topic leads to its texts');
      const texts = await handler.get(link);
      assert.equal(texts.statusCode, 200);
      const shown = visibleText(texts.body);
      assert.match(shown, /2 palautetta 2026-10–2026-10/);
      assert.match(shown, /Rokotusaikaa ei saanut[\s\S]*Kielteinen|Kielteinen[\s\S]*Rokotusaikaa ei saanut/);
      assert.equal((await handler.get(link.replace('TER-VAS', 'DEMO'))).statusCode, 403, 'not above the reader’s node');
      assert.equal((await handler.get(`/api/v1/analysis/topics?${query('DEMO')}`)).statusCode, 403);
      assert.equal((await handler.get('/admin/analysis')).statusCode, 403, 'the taxonomy is for administrators');
      assert.equal((await (await client('professional')).get(`/api/v1/analysis/topics?${query('TER-VAS')}`)).statusCode, 403);
    });
  },
  { demo: 'organisation' },
);
