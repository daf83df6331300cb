import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { describeEachDatabase } from '../../test/helpers/databases.ts';
import { assertPage, Client, testApp } from '../../test/helpers/http.ts';
import { startSmtp } from '../../test/helpers/smtp.ts';
import { createUser, grantRole } from '../access/users.ts';
import { deliverOutbox, smtpTransport } from '../messages/email-outbox.ts';
import { importOrgTree } from '../organisation/import-org-tree.ts';
import { clock } from '../shared/clock.ts';
import { publishSurvey } from '../surveys/county-surveys.ts';
import { surveyTemplates } from '../surveys/templates.ts';
import { drawPanel, type PanelCandidate, panelFit, parsePopulationLines, type Population } from './panel.ts';

/** A repeatable stand-in for crypto.randomInt, so the figures below are the same on every run. */
function seeded(seed: number): (n: number) => number {
  let a = seed;
  return (n) => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return Math.floor((((t ^ (t >>> 14)) >>> 0) / 4294967296) * n);
  };
}

const population: Population = {
  ageGroups: { '18-29': 15_000, '30-44': 24_000, '45-64': 32_000, '65-74': 16_000, '75+': 13_000 },
  municipalities: { Porvoo: 51_000, Loviisa: 14_500, Sipoo: 22_500, Askola: 5_000, Pukkila: 2_000 },
};

/** A pool as pools are: the retired and the big town over-represented, some facts not given. */
function skewedPool(): PanelCandidate[] {
  const out: PanelCandidate[] = [];
  let id = 0;
  const add = (n: number, ageGroup: string | null, municipality: string | null) => {
    for (let i = 0; i < n; i++) out.push({ id: ++id, ageGroup, municipality });
  };
  add(300, '65-74', 'Porvoo');
  add(120, '75+', 'porvoo ');
  add(60, '45-64', 'Porvoo');
  add(40, '45-64', 'Sipoo');
  add(30, '30-44', 'Loviisa');
  add(25, '30-44', 'Sipoo');
  add(20, '18-29', 'Porvoo');
  add(12, '18-29', 'Askola');
  add(8, '45-64', 'Pukkila');
  add(6, '75+', 'Loviisa');
  add(40, null, 'Porvoo');
  add(30, '65-74', null);
  return out;
}

describe('a resident panel drawn to match the population', () => {
  it('matches the age groups and municipalities far better than a plain random sample of the same pool', () => {
    const pool = skewedPool();
    const { chosen, fit } = drawPanel(pool, population, 100, seeded(1));
    assert.equal(chosen.length, 100);
    assert.equal(new Set(chosen.map((c) => c.id)).size, 100, 'nobody twice');
    const random = seeded(2);
    const plain = [...pool];
    for (let i = plain.length - 1; i > 0; i--) {
      const j = random(i + 1);
      [plain[i], plain[j]] = [plain[j]!, plain[i]!];
    }
    const plainFit = panelFit(plain.slice(0, 100), population);
    assert.ok(plainFit.largestGap > 25, `a plain sample is off by ${plainFit.largestGap} points`);
    assert.ok(fit.largestGap <= 3, `the panel is off by ${fit.largestGap} points`);
    const share = (key: string) => fit.ageGroups.find((r) => r.key === key)!;
    assert.equal(share('65-74').population, 0.16);
    assert.ok(Math.abs(share('65-74').panel - 0.16) <= 0.03);
    assert.ok(
      chosen.every((c) => c.ageGroup !== null && c.municipality !== null),
      'members who gave no facts are left for last',
    );
  });

  it('does its best where the pool has too few of a group, and says how far it stayed', () => {
    const pool = skewedPool();
    const { fit } = drawPanel(pool, population, 400, seeded(3));
    const pukkila = fit.municipalities.find((r) => r.key === 'Pukkila')!;
    assert.equal(pukkila.panel, 8 / 400, 'every member from the small municipality is in');
    assert.ok(fit.largestGap > 5, 'the gap is reported, not hidden');
  });

  it('reads municipalities as people paste them from a table, and names the lines it cannot read', () => {
    assert.deepEqual(parsePopulationLines('Porvoo 51 234\nLovisa;14\u00a0500\n\n  Sipoo\t22500  '), {
      counts: { Porvoo: 51_234, Lovisa: 14_500, Sipoo: 22_500 },
      badLines: [],
    });
    assert.deepEqual(parsePopulationLines('Porvoo 51 234\nAskola\n12345\nPukkila 2 000 asukasta').badLines, [2, 3, 4]);
  });
});

const org = [
  'code,parent_code,kind,name_fi,name_sv,name_en,active',
  'C,,county,Alue,Området,Area,true',
  'TER,C,division,Terveydenhuolto,Hälsovård,Health care,true',
  'U1,TER,unit,Porvoon terveysasema,Borgå hälsostation,Porvoo health station,true',
  'SOS,C,division,Sosiaalipalvelut,Socialtjänster,Social services,true',
  'U2,SOS,unit,Perhetyö,Familjearbete,Family work,true',
].join('\n');
const system = { kind: 'system', name: 'test' } as const;
const password = 'pitkä salasana 2026';

describeEachDatabase('survey rounds to a panel and to staff', ({ db }) => {
  let app: FastifyInstance;
  let smtp: Awaited<ReturnType<typeof startSmtp>>;
  /** Everything queued, a batch at a time. */
  const deliver = async () => {
    while ((await deliverOutbox(db(), smtpTransport(smtp.url), 'kaiku@test.invalid')).sent > 0);
  };
  const count = async (sql: string) => (await db().query<{ n: number }>(sql))[0]!.n;

  before(async () => {
    smtp = await startSmtp();
    await importOrgTree(db(), { csv: org, source: 'test' });
    app = (await testApp(db(), { KAIKU_PUBLIC_URL: 'https://kaiku.test' })).app;
    const users: [string, string, string, string | undefined][] = [
      ['koordinaattori', 'coordinator', 'C', undefined],
      ['terveyskoordinaattori', 'coordinator', 'TER', undefined],
      ['esihenkilo.ter', 'manager', 'U1', 'esihenkilo.ter@hyvinvointialue.fi'],
      ['johtaja.ter', 'manager', 'TER', 'johtaja.ter@hyvinvointialue.fi'],
      ['esihenkilo.sos', 'manager', 'U2', 'esihenkilo.sos@hyvinvointialue.fi'],
    ];
    for (const [username, role, nodeCode, email] of users) {
      await createUser(db(), system, { username, displayName: username, password, ...(email ? { email } : {}) });
      await grantRole(db(), system, { username, role: role as 'manager', nodeCode });
    }
    const template = surveyTemplates().find((t) => t.key === 'managers-feedback-use')!;
    await publishSurvey(db(), system, template);
    const confirmed = (name: string, m: PanelCandidate) =>
      db().query(
        `insert into pool_member (email, language, consent_text, confirmed_at, confirm_hash, leave_token, age_group, municipality)
         values ($1, 'fi', 'ok', $2, $3, $4, $5, $6)`,
        [`${name}@example.fi`, clock.now(), `c-${name}`, `l-${name}`, m.ageGroup, m.municipality],
      );
    for (const m of skewedPool().slice(0, 300)) await confirmed(`jasen${m.id}`, m);
    // the skewed pool's first 300 are 65-74 year olds from Porvoo: add a few of everyone else
    for (const [i, m] of skewedPool().slice(420).entries()) await confirmed(`muu${i}`, m);
  });
  after(async () => {
    await app.close();
    await smtp.close();
  });

  it('refuses a panel before the population is known, then keeps what was typed when a line is wrong', async () => {
    const coordinator = new Client(app);
    await coordinator.signIn('koordinaattori', password);
    const early = await coordinator.post('/admin/participation/pool/rounds', {
      title: 'Paneeli 1',
      survey: 'thl-national',
      audience: 'panel',
      panelSize: '40',
      confirm: 'yes',
    });
    assert.equal(early.statusCode, 400);
    assertPage(early.body, /Paneelia ei voi arpoa ennen kuin alueen väestö on annettu/);
    assertPage(early.body, /value="Paneeli 1"/);
    const bad = await coordinator.post('/admin/participation/population', {
      form: 'population',
      'age.18-29': '15 000',
      'age.30-44': '24000',
      municipalities: 'Porvoo 51 000\nLoviisa\nSipoo 22 500',
    });
    assert.equal(bad.statusCode, 400);
    assertPage(bad.body, /Rivit 2 eivät ole muotoa/);
    assertPage(bad.body, /Porvoo 51 000\nLoviisa\nSipoo 22 500<\/textarea>/, 'the pasted lines stay');
    const ages = Object.fromEntries(Object.entries(population.ageGroups).map(([k, v]) => [`age.${k}`, String(v)]));
    const lines = Object.entries(population.municipalities)
      .map(([k, v]) => `${k} ${v}`)
      .join('\n');
    const saved = await coordinator.post('/admin/participation/population', { form: 'population', ...ages, municipalities: lines });
    assert.equal(saved.statusCode, 303);
    const [row] = await db().query<{ value: Population }>("select value from setting where key = 'county_population'");
    assert.deepEqual(row!.value, population);
  });

  it('invites a panel that matches the population, and shows how closely', async () => {
    const coordinator = new Client(app);
    await coordinator.signIn('koordinaattori', password);
    const sent = await coordinator.post('/admin/participation/pool/rounds', {
      title: 'Paneeli 1',
      survey: 'thl-national',
      audience: 'panel',
      panelSize: '40',
      confirm: 'yes',
    });
    assert.equal(sent.statusCode, 303, sent.body.slice(0, 400));
    assert.equal(await count("select count(*)::int as n from pool_invitation i join pool_round r on r.id = i.round_id where r.audience = 'panel'"), 40);
    const [round] = await db().query<{ profile: { largestGap: number; ageGroups: { key: string; panel: number }[] } }>(
      "select profile from pool_round where audience = 'panel'",
    );
    assert.ok(round!.profile.largestGap <= 5, `off by ${round!.profile.largestGap} points`);
    assert.ok(round!.profile.ageGroups.find((g) => g.key === '65-74')!.panel <= 0.2, 'not the pool’s 65–74 majority');
    assert.equal(await count("select count(*)::int as n from outbox_email where kind = 'pool_invitation'"), 40);
    const hub = await coordinator.get('/admin/participation');
    assertPage(hub.body, /Asukaspaneeli · suurin ero väestöön [\d,]+ %-yks\./);
    const tooBig = await coordinator.post('/admin/participation/pool/rounds', {
      title: 'Paneeli 2',
      survey: 'thl-national',
      audience: 'panel',
      panelSize: '100000',
      confirm: 'yes',
    });
    assert.equal(tooBig.statusCode, 400);
    assertPage(tooBig.body, /Paneelin koon on oltava 1–\d+/);
  });

  it('sends the managers’ survey to the staff of one division by e-mail, and a division’s coordinator reaches only their own', async () => {
    const divisional = new Client(app);
    await divisional.signIn('terveyskoordinaattori', password);
    const page = await divisional.get('/admin/participation');
    assertPage(page.body, /<option value="TER"/);
    assert.doesNotMatch(page.body, /<option value="SOS"/, 'only the parts under the coordinator’s own node');
    const elsewhere = await divisional.post('/admin/participation/pool/rounds', {
      title: 'Esihenkilöt',
      survey: 'managers-feedback-use',
      audience: 'staff',
      node: 'SOS',
      confirm: 'yes',
    });
    assert.equal(elsewhere.statusCode, 403);
    const sent = await divisional.post('/admin/participation/pool/rounds', {
      title: 'Miten hyödynnät asiakaspalautetietoa?',
      survey: 'managers-feedback-use',
      audience: 'staff',
      node: 'TER',
      confirm: 'yes',
    });
    assert.equal(sent.statusCode, 303, sent.body.slice(0, 400));
    await deliver();
    const to = (address: string) => smtp.received.filter((m) => m.to.includes(address)).map((m) => m.raw.replace(/=\r?\n/g, '').replace(/=3D/g, '='));
    assert.equal(to('esihenkilo.sos@hyvinvointialue.fi').length, 0, 'the other division is not invited');
    const mail = to('esihenkilo.ter@hyvinvointialue.fi').find((m) => /kaiku\.test\/p\//.test(m));
    assert.ok(mail, JSON.stringify(smtp.received.map((m) => m.to)));
    assert.equal(to('johtaja.ter@hyvinvointialue.fi').length, 1);
    assert.doesNotMatch(mail, /asukaspooli/i, 'staff are not told about leaving a pool they never joined');
    const token = /https:\/\/kaiku\.test\/p\/([A-Za-z0-9_-]{32})/.exec(mail)?.[1];
    assert.ok(token);
    const form = await new Client(app).get(`/p/${token}`);
    assert.equal(form.statusCode, 200);
    const [cp] = await db().query<{ code: string }>(
      "select n.code from pool_round r join collection_point cp on cp.id = r.collection_point_id join org_node n on n.id = cp.node_id where r.audience = 'staff'",
    );
    assert.equal(cp!.code, 'TER', 'the answers count under the division');
    assert.equal(await count("select count(*)::int as n from outbox_email where kind = 'staff_invitation' and body <> ''"), 0, 'links forgotten once sent');
  });
});
