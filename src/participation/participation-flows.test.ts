import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { describeEachDatabase } from '../../test/helpers/databases.ts';
import { assertPage, Client, testApp, visibleText } from '../../test/helpers/http.ts';
import { createUser, grantRole } from '../access/users.ts';
import { importOrgTree } from '../organisation/import-org-tree.ts';
import { helsinkiToday } from '../shared/i18n/format.ts';

const org = [
  'code,parent_code,kind,name_fi,name_sv,name_en,active',
  'C,,county,Alue,Området,Area,true',
  'TER,C,division,Terveydenhuolto,Hälsovård,Health care,true',
  'U1,TER,unit,Porvoon terveysasema,Borgå hälsostation,Porvoo health station,true',
  'U2,TER,unit,Loviisan terveysasema,Lovisa hälsostation,Loviisa health station,true',
].join('\n');
const system = { kind: 'system', name: 'test' } as const;
const password = 'pitkä salasana 2026';
const addDays = (d: string, n: number) => new Date(Date.parse(`${d}T12:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);

describeEachDatabase('customer councils, experience experts and development projects', ({ db }) => {
  let app: FastifyInstance;
  const users: Record<string, Client> = {};
  const count = async (sql: string, params: unknown[] = []) => (await db().query<{ n: number }>(sql, params))[0]!.n;

  before(async () => {
    await importOrgTree(db(), { csv: org, source: 'test' });
    app = (await testApp(db())).app;
    for (const [username, role, node] of [
      ['koordinaattori', 'coordinator', 'C'],
      ['ammattilainen', 'professional', 'U1'],
      ['toinen', 'professional', 'U2'],
      ['esihenkilo', 'manager', 'TER'],
    ] as const) {
      await createUser(db(), system, { username, displayName: `${username} (testi)`, password });
      await grantRole(db(), system, { username, role, nodeCode: node });
      users[username] = new Client(app);
      await users[username].signIn(username, password);
    }
  });
  after(async () => app.close());

  it('takes council applications from the public page, and the coordinator interviews, accepts and declines them', async () => {
    const c = users.koordinaattori!;
    const created = await c.post('/admin/participation/councils', {
      name: 'Terveydenhuollon asiakasraati',
      node: 'TER',
      description: 'Neljä kokousta vuodessa',
    });
    assert.equal(created.statusCode, 303);
    const councilPath = created.headers.location as string;
    await c.get(councilPath);
    const today = helsinkiToday();
    const refused = await c.post(`${councilPath}/calls`, { title_fi: 'Haku 2027', opens_on: today, closes_on: addDays(today, -1) });
    assert.equal(refused.statusCode, 400, 'closing before opening');
    assertPage(refused.body, /value="Haku 2027"/, 'what was typed stays');
    assert.equal(
      (await c.post(`${councilPath}/calls`, { title_fi: 'Haku 2027', title_sv: 'Ansökan 2027', opens_on: today, closes_on: addDays(today, 14) })).statusCode,
      303,
    );

    const publicPage = await new Client(app).get('/asiakasraati?lang=sv');
    assertPage(publicPage.body, /<html lang="sv">/);
    assertPage(publicPage.body, /Ansökan 2027/);
    const call = /name="call" value="(\d+)"/.exec(publicPage.body)![1]!;
    const applicant = new Client(app);
    const bad = await applicant.post('/asiakasraati', { call, name: '', contact: 'x', motivation: 'Haluan auttaa' }, { csrf: false });
    assert.equal(bad.statusCode, 400);
    assertPage(bad.body, /Kirjoita nimesi/);
    assertPage(bad.body, /Hakeminen edellyttää suostumusta/);
    assertPage(bad.body, /Haluan auttaa<\/textarea>/);
    assert.equal(await count('select count(*)::int as n from council_application'), 0);
    for (const [name, contact] of [
      ['Aino Asukas', 'aino@example.fi'],
      ['Bertil Borgare', 'bertil@example.fi'],
    ]) {
      const sent = await applicant.post(
        '/asiakasraati',
        { call, name: name!, contact: contact!, motivation: 'Olen käyttänyt terveysaseman palveluja vuosia.', consent: 'yes' },
        { csrf: false },
      );
      assert.equal(sent.statusCode, 303);
    }
    assert.equal(await count("select count(*)::int as n from outbox_email where kind = 'council_application'"), 2, 'each applicant hears it arrived');

    const council = await c.get(councilPath);
    assertPage(council.body, /Aino Asukas/);
    const [aino, bertil] = [...council.body.matchAll(/href="(\/admin\/participation\/applications\/\d+)"/g)].map((m) => m[1]!);
    assertPage((await c.get(aino!)).body, /Olen käyttänyt terveysaseman palveluja vuosia/);
    assert.equal((await c.post(aino!, { status: 'interview', notes: 'Haastattelu ti klo 10' })).statusCode, 303);
    const noTerm = await c.post(aino!, { status: 'accepted', notes: 'Hyvä', message: 'Tervetuloa raatiin!' });
    assert.equal(noTerm.statusCode, 400);
    assertPage(noTerm.body, /kauden alku- ja loppupäivä/);
    assert.equal(
      (await c.post(aino!, { status: 'accepted', notes: 'Hyvä', message: 'Tervetuloa raatiin!', term_start: '2027-01-01', term_end: '2028-12-31' })).statusCode,
      303,
    );
    assert.equal((await c.post(bertil!, { status: 'declined', message: 'Kiitos, valitsimme tällä kertaa muita.' })).statusCode, 303);
    const decisions = await db().query<{ to_address: string; subject: string; body: string }>(
      "select to_address, subject, body from outbox_email where kind = 'council_decision' order by id",
    );
    assert.deepEqual(
      decisions.map((d) => [d.to_address, d.body]),
      [
        ['aino@example.fi', 'Tervetuloa raatiin!'],
        ['bertil@example.fi', 'Kiitos, valitsimme tällä kertaa muita.'],
      ],
    );
    assert.match(decisions[0]!.subject, /Sinut on valittu asiakasraatiin/);
    const members = await db().query<{ name: string; term_end: string }>("select name, to_char(term_end, 'YYYY-MM-DD') as term_end from council_member");
    assert.deepEqual(members, [{ name: 'Aino Asukas', term_end: '2028-12-31' }]);

    assert.equal((await c.post(`${councilPath}/meetings`, { meets_at: '2027-02-03T17:00', place: 'Porvoo', agenda: 'Ajanvarauksen testaus' })).statusCode, 303);
    const withMeeting = await c.get(councilPath);
    const minutesPath = /action="([^"]+\/minutes)"/.exec(withMeeting.body)![1]!;
    assert.equal((await c.post(minutesPath, { minutes: 'Takaisinsoitto toimii.' })).statusCode, 303);
    assert.equal(
      (await c.post(`${councilPath}/evaluations`, { node: 'U1', kind: 'tested', subject: 'Takaisinsoitto', summary: 'Toimii hyvin' })).statusCode,
      303,
    );
    const final = visibleText((await c.get(councilPath)).body);
    assert.match(final, /Takaisinsoitto toimii\./);
    assert.match(final, /Takaisinsoitto Porvoon terveysasema Testattu/);
    assert.ok(
      (await count("select count(*)::int as n from audit_log where action = 'participant_read' and target_type = 'council_application'")) >= 1,
      'reading an application is logged',
    );

    assert.equal((await users.esihenkilo!.get(councilPath)).statusCode, 403, 'personal data is for coordinators');
    assert.equal((await users.esihenkilo!.get(aino!)).statusCode, 403);
  });

  it('lets staff ask for an experience expert for their own unit, and the coordinator assign one and record the fee', async () => {
    const c = users.koordinaattori!;
    assert.equal(
      (
        await c.post('/admin/participation/experts', {
          kind: 'expert',
          name: 'Kaisa Kokemus',
          email: 'kaisa@example.fi',
          themes: ['mental_health', 'substance_abuse'],
          trained: 'yes',
          availability: 'arkisin',
          compensation: 'fee',
        })
      ).statusCode,
      303,
    );
    assert.equal(
      (await c.post('/admin/participation/experts', { kind: 'developer_customer', name: 'Ville Vapaa', themes: 'mental_health', compensation: 'volunteer' }))
        .statusCode,
      303,
    );
    const badExpert = await c.post('/admin/participation/experts', { kind: 'expert', name: '', compensation: 'fee' });
    assert.equal(badExpert.statusCode, 400);

    const pro = users.ammattilainen!;
    const form = await pro.get('/admin/participation/requests');
    assertPage(form.body, /Pyydä kokemusasiantuntijaa/);
    const empty = await pro.post('/admin/participation/requests', { node: 'U1', kind: 'training', theme: 'mental_health', description: '' });
    assert.equal(empty.statusCode, 400);
    assertPage(empty.body, /Kerro, mihin tarvitset kokemusasiantuntijaa/);
    assert.equal(
      (await pro.post('/admin/participation/requests', { node: 'U2', kind: 'training', theme: 'mental_health', description: 'Toisen yksikön puolesta' }))
        .statusCode,
      403,
      'only for units one works in',
    );
    const sent = await pro.post('/admin/participation/requests', {
      node: 'U1',
      kind: 'training',
      theme: 'mental_health',
      description: 'Henkilöstöpäivän puheenvuoro',
      wanted_from: '2027-03-01',
    });
    assert.equal(sent.statusCode, 303);
    const own = await pro.get('/admin/participation/requests');
    const requestPath = /href="(\/admin\/participation\/requests\/\d+)"/.exec(own.body)![1]!;
    assert.equal((await users.toinen!.get(requestPath)).statusCode, 404, 'another professional does not see it');
    assert.doesNotMatch((await users.toinen!.get('/admin/participation/requests')).body, /Henkilöstöpäivän/);

    const coordinatorView = await c.get(requestPath);
    const kaisa = /value="(\d+)"[^>]*\/> Kaisa Kokemus/.exec(coordinatorView.body)![1]!;
    const ville = /value="(\d+)"[^>]*\/> Ville Vapaa/.exec(coordinatorView.body)![1]!;
    const nobody = await c.post(requestPath, { status: 'assigned', message: '' });
    assert.equal(nobody.statusCode, 400);
    assertPage(nobody.body, /Valitse ainakin yksi henkilö/);
    assert.equal((await c.post(requestPath, { status: 'assigned', experts: [kaisa, ville], message: 'Kaisa tulee, Ville tukee.' })).statusCode, 303);
    const proView = visibleText((await pro.get(requestPath)).body);
    assert.match(proView, /Henkilö löydetty/);
    assert.match(proView, /Kaisa tulee, Ville tukee\./);
    assert.doesNotMatch(proView, /kaisa@example\.fi/);

    const volunteerFee = await c.post(`${requestPath}/fees`, { expert: ville, amount: '50', paid_on: '2027-03-02' });
    assert.equal(volunteerFee.statusCode, 400);
    assertPage(volunteerFee.body, /vapaaehtoisena/);
    assert.equal((await c.post(`${requestPath}/fees`, { expert: kaisa, amount: '120,50', paid_on: '2027-03-02' })).statusCode, 303);

    // leaving the register: the person is erased, the fee stays for bookkeeping
    assert.equal((await c.post(`/admin/participation/experts/${kaisa}/remove`, {})).statusCode, 303);
    assert.equal(await count('select count(*)::int as n from expert where id = $1', [Number(kaisa)]), 0);
    const [fee] = await db().query<{ payee_name: string; amount_cents: number; expert_id: number | null }>(
      'select payee_name, amount_cents, expert_id from participant_fee',
    );
    assert.deepEqual(fee, { payee_name: 'Kaisa Kokemus', amount_cents: 12050, expert_id: null });
    assert.equal((await users.esihenkilo!.get('/admin/participation/experts')).statusCode, 403);
  });

  it('runs a development project only with two customer representatives, and shows staff who took part without names', async () => {
    const c = users.koordinaattori!;
    const created = await c.post('/admin/participation/projects', { name: 'Ajanvarauksen uudistus', node: 'TER', description: 'Yksi numero' });
    assert.equal(created.statusCode, 303);
    const path = created.headers.location as string;
    const early = await c.post(`${path}/progress`, { status: 'running', outcome: '' });
    assert.equal(early.statusCode, 400);
    assertPage(early.body, /vähintään kaksi asiakkaiden edustajaa/);
    const page = await c.get(path);
    const candidates = [...page.body.matchAll(/<option value="((?:pool|council|expert):\d+)">/g)].map((m) => m[1]!);
    assert.deepEqual(candidates.map((x) => x.split(':')[0]).sort(), ['council', 'expert'], 'the accepted council member and the remaining expert');
    for (const candidate of candidates) assert.equal((await c.post(`${path}/representatives`, { candidate, role: 'työpaja' })).statusCode, 303);
    assert.equal((await c.post(`${path}/representatives`, { candidate: 'expert:999999' })).statusCode, 400);
    assert.equal((await c.post(`${path}/progress`, { status: 'done', outcome: 'Takaisinsoitto otettiin käyttöön kaikilla asemilla.' })).statusCode, 303);

    const staff = visibleText((await users.esihenkilo!.get(path)).body);
    assert.match(staff, /2 asiakkaiden edustajaa: asiakasraati 1, kokemusasiantuntija 1/);
    assert.match(staff, /Takaisinsoitto otettiin käyttöön/);
    assert.doesNotMatch(staff, /Aino Asukas|Ville Vapaa/, 'names are for the coordinator');
    assert.match(visibleText((await c.get(path)).body), /Aino Asukas/);

    // a representative who leaves keeps the project's record, without a name
    const member = await db().query<{ id: number; council_id: number }>('select id, council_id from council_member');
    assert.equal((await c.post(`/admin/participation/councils/${member[0]!.council_id}/members/${member[0]!.id}/remove`, {})).statusCode, 303);
    assert.equal(await count("select count(*)::int as n from council_application where name = 'Aino Asukas'"), 0, 'the application goes with the membership');
    assert.match(visibleText((await c.get(path)).body), /\(eronnut, tiedot poistettu\)/);
  });
});
