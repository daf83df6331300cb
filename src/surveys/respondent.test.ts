import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { describeEachDatabase } from '../../test/helpers/databases.ts';
import { assertPage, Client, testApp } from '../../test/helpers/http.ts';
import { importOrgTree } from '../organisation/import-org-tree.ts';
import { createCollectionPoint } from './collection-points.ts';
import { latestVersion } from './survey-queries.ts';

const org = [
  'code,parent_code,kind,name_fi,name_sv,name_en,active',
  'C,,county,Alue,Området,Area,true',
  'U1,C,unit,Porvoon terveysasema,Borgå hälsostation,Porvoo health station,true',
].join('\n');

const hidden = (html: string, name: string) => new RegExp(`name="${name}" value="([^"]*)"`).exec(html)?.[1] ?? '';

describeEachDatabase('answering a survey on the web', ({ db }) => {
  let app: FastifyInstance;
  let code = '';
  let kioskCode = '';
  before(async () => {
    await importOrgTree(db(), { csv: org, source: 'test' });
    code = (await createCollectionPoint(db(), { kind: 'system', name: 't' }, { survey: 'thl-national', node: 'U1', channel: 'qr' })).code;
    kioskCode = (await createCollectionPoint(db(), { kind: 'system', name: 't' }, { survey: 'thl-national', node: 'U1', channel: 'kiosk' })).code;
    app = (await testApp(db())).app;
  });
  after(async () => app.close());

  const count = async () => (await db().query<{ n: number }>('select count(*)::int as n from response'))[0]!.n;

  it('asks in the language the phone prefers, step by step, and stores one anonymous answer', async () => {
    assert.match(code, /^[a-hj-km-np-z2-9]{8}$/);
    const c = new Client(app, { 'accept-language': 'sv-FI,sv;q=0.9' });
    const first = await c.get(`/s/${code}`);
    assert.equal(first.statusCode, 200);
    assertPage(first.body, /<html lang="sv">/);
    assertPage(first.body, /Hur sannolikt skulle du rekommendera den service du fick/);
    assertPage(first.body, /Steg 1 \/ 2/);
    assertPage(first.body, /Borgå hälsostation/);
    assertPage(first.body, /0 = inte alls sannolikt/);
    assert.equal(first.headers['cache-control'], 'no-store');
    const nonce = hidden(first.body, '_nonce');

    const second = await c.post(
      `/s/${code}`,
      { _nonce: nonce, _step: '1', _lang: 'sv', _action: 'next', q_nps: '9', q_nps_open: 'Bra bemötande' },
      { csrf: false },
    );
    assert.equal(second.statusCode, 200);
    assertPage(second.body, /Steg 2 \/ 2/);
    assert.equal(hidden(second.body, 'q_nps'), '9');
    assertPage(second.body, /1 helt av annan åsikt[\s\S]*5 helt av samma åsikt/, 'the Likert scale runs 1 to 5 with every point labelled');

    const form = {
      _nonce: nonce,
      _step: '2',
      _lang: 'sv',
      _action: 'submit',
      q_nps: '9',
      q_nps_open: 'Bra bemötande',
      q_availability: '5',
      q_encounter: '4',
      q_safety: 'skip',
    };
    const done = await c.post(`/s/${code}`, form, { csrf: false });
    assert.equal(done.statusCode, 303);
    assert.equal(done.headers.location, `/s/${code}/kiitos?lang=sv`);
    const thanks = await c.get(done.headers.location as string);
    assertPage(thanks.body, /href="\/respons\?kohde=U1"/, 'on to feedback about the same unit');
    assertPage(thanks.body, /href="\/resultat"/);
    assertPage((await c.get(done.headers.location)).body, /Tack för ditt svar!/);
    const [row] = await db().query<{ channel: string; answers: Record<string, unknown>; background: Record<string, unknown> }>(
      'select channel, answers, background from response',
    );
    assert.equal(row!.channel, 'qr');
    assert.deepEqual(row!.answers, {
      nps: 9,
      nps_open: 'Bra bemötande',
      availability: 5,
      encounter: 4,
      participation: null,
      information: null,
      understandability: null,
      safety: null,
      usefulness: null,
    });
    assert.deepEqual(row!.background, { respondentType: 'customer' });

    // refresh, back-and-resubmit, double tap: still one answer
    await c.post(`/s/${code}`, form, { csrf: false });
    await c.post(`/s/${code}`, form, { csrf: false });
    assert.equal(await count(), 1);
  });

  it('shows an accessible error summary in the page’s language and keeps what was entered', async () => {
    const c = new Client(app, { 'accept-language': 'en' });
    const nonce = hidden((await c.get(`/s/${code}`)).body, '_nonce');
    const res = await c.post(
      `/s/${code}`,
      { _nonce: nonce, _step: '2', _lang: 'en', _action: 'submit', q_nps: '7', q_availability: '9', q_encounter: '3' },
      { csrf: false },
    );
    assert.equal(res.statusCode, 400);
    assertPage(res.body, /<div class="errors" role="alert"[^>]*><p>Please check your answers<\/p>/);
    assertPage(res.body, /href="#q-availability">I received the service \/ treatment when I needed it.: Please choose one of the options./);
    assertPage(res.body, /<title>Please check your answers: /);
    assertPage(res.body, /value="3" checked/, 'the other answers stay');
    assert.equal(await count(), 1);
  });

  it('goes back a step without losing answers', async () => {
    const c = new Client(app);
    const nonce = hidden((await c.get(`/s/${code}`)).body, '_nonce');
    const back = await c.post(
      `/s/${code}`,
      { _nonce: nonce, _step: '2', _lang: 'fi', _action: 'back', q_nps: '4', q_nps_open: 'Jonotus', q_availability: '2' },
      { csrf: false },
    );
    assertPage(back.body, /Vaihe 1 \/ 2/);
    assertPage(back.body, /value="4" checked/);
    assertPage(back.body, />Jonotus<\/textarea>/);
    assert.equal(hidden(back.body, 'q_availability'), '2');
  });

  it('changes language on the same step with every answer kept, and ignores a language it does not offer', async () => {
    const c = new Client(app);
    const nonce = hidden((await c.get(`/s/${code}`)).body, '_nonce');
    const form = { _nonce: nonce, _step: '2', _lang: 'fi', q_nps: '6', q_nps_open: 'Kieli vaihtuu', q_availability: '4' };
    const sv = await c.post(`/s/${code}`, { ...form, _switchLang: 'sv' }, { csrf: false });
    assert.equal(sv.statusCode, 200);
    assertPage(sv.body, /<html lang="sv"/);
    assertPage(sv.body, /Steg 2 \/ 2/);
    assertPage(sv.body, /name="q_availability" value="4" checked/);
    assert.equal(hidden(sv.body, 'q_nps_open'), 'Kieli vaihtuu');
    assert.equal(hidden(sv.body, '_lang'), 'sv');
    const unknown = await c.post(`/s/${code}`, { ...form, _switchLang: '<script>' }, { csrf: false });
    assertPage(unknown.body, /<html lang="fi"/);
    assertPage(unknown.body, /Vaihe 2 \/ 2/);
    assert.doesNotMatch(unknown.body, /<script>/);
  });

  it('keeps an answer on the survey version it was shown in', async () => {
    const c = new Client(app);
    const v1 = await latestVersion(db(), 'thl-national');
    const nonce = hidden((await c.get(`/s/${code}`)).body, '_nonce');
    const def = {
      ...v1.definition,
      questions: [
        ...v1.definition.questions,
        {
          key: 'good_mood',
          type: 'likert',
          national: false,
          required: false,
          page: 3,
          text: { fi: 'Minulle jäi hyvä mieli.', sv: 'Jag blev på gott humör.', en: 'I was left in a good mood.' },
        },
      ],
    };
    await db().query('insert into survey_version (survey_id, version, definition) values ($1, $2, $3)', ['thl-national', v1.version + 1, JSON.stringify(def)]);
    const res = await c.post(`/s/${code}`, { _nonce: nonce, _step: '2', _lang: 'fi', _action: 'submit', q_nps: '10' }, { csrf: false });
    assert.equal(res.statusCode, 303);
    const [row] = await db().query<{ survey_version: number }>('select survey_version from response order by id desc limit 1');
    assert.equal(row!.survey_version, v1.version);
    const fresh = await c.get(`/s/${code}`);
    assertPage(fresh.body, /Vaihe 1 \/ 3/, 'new visitors get the new version');
  });

  it('says plainly when the code is wrong or the form has expired', async () => {
    const missing = await app.inject({ url: '/s/zzzzzzzz', headers: { 'accept-language': 'fi' } });
    assert.equal(missing.statusCode, 404);
    assertPage(missing.body, /Kyselyä ei löytynyt/);
    assertPage(missing.body, /<a href="\/palaute">Voit antaa palautetta myös palautelomakkeella<\/a>/, 'not a dead end');
    const expired = await new Client(app).post(`/s/${code}`, { _nonce: 'forged', _step: '1', q_nps: '1' }, { csrf: false });
    assert.equal(expired.statusCode, 400);
    assertPage(expired.body, /Lomake oli vanhentunut/);
  });

  it('on a kiosk, turns off autofill, returns to the start by itself and resets when idle', async () => {
    const c = new Client(app);
    const start = await c.get(`/k/${kioskCode}`);
    assertPage(start.body, /<form method="post" action="\/k\/[a-z0-9]+" autocomplete="off"/);
    assertPage(start.body, /data-home="\/k\/[a-z0-9]+"/);
    assertPage(start.body, /<script src="\/static\/kiosk.js" defer>/);
    assertPage(start.body, /<noscript><meta http-equiv="refresh" content="180;url=\/k\//);
    assertPage(start.body, /data-idle-warning="Oletko vielä siellä\? Kysely alkaa alusta \{seconds\} sekunnin kuluttua."/);
    const nonce = hidden(start.body, '_nonce');
    const last = /Vaihe 1 \/ (\d+)/.exec(start.body)![1]!;
    const done = await c.post(`/k/${kioskCode}`, { _nonce: nonce, _step: last, _lang: 'fi', _action: 'submit', q_nps: '8' }, { csrf: false });
    assert.equal(done.statusCode, 303);
    const thanks = await c.get(done.headers.location as string);
    assertPage(thanks.body, /data-return-after="8"/);
    assertPage(thanks.body, new RegExp(`<noscript><meta http-equiv="refresh" content="8;url=/k/${kioskCode}"/></noscript>`));
    const [row] = await db().query<{ channel: string }>('select channel from response order by id desc limit 1');
    assert.equal(row!.channel, 'kiosk');
  });
});
