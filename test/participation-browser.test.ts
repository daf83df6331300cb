import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { createUser, grantRole } from '../src/access/users.ts';
import { demoCountyCsv } from '../src/organisation/demo-county.ts';
import { importOrgTree } from '../src/organisation/import-org-tree.ts';
import { helsinkiToday } from '../src/shared/i18n/format.ts';
import { deliverOutbox, smtpTransport } from '../src/messages/email-outbox.ts';
import { assertAccessible, browserSuite, signInAt } from './helpers/browser.ts';
import { startSmtp } from './helpers/smtp.ts';

const texts = {
  fi: {
    join: 'Liity',
    contact: 'Sähköpostiosoite tai matkapuhelinnumero',
    consent: /Suostun siihen, että yhteystietoni/,
    error: 'Liittyminen edellyttää suostumusta.',
    thanks: 'Kiitos! Vahvista vielä liittymisesi',
    apply: 'Lähetä hakemus',
    name: 'Nimi',
    motivation: 'Miksi haluat mukaan raatiin?',
    councilConsent: /Suostun siihen, että hakemukseni/,
    applied: 'Kiitos hakemuksestasi',
    call: 'Asiakasraati 2027',
    welcome: 'Tervetuloa asukaspooliin',
    left: 'Olet eronnut asukaspoolista',
  },
  sv: {
    join: 'Gå med',
    contact: 'E-postadress eller mobilnummer',
    consent: /Jag samtycker till att min kontaktuppgift/,
    error: 'Samtycke krävs för att gå med.',
    thanks: 'Tack! Bekräfta ännu att du går med',
    apply: 'Skicka ansökan',
    name: 'Namn',
    motivation: 'Varför vill du vara med i rådet?',
    councilConsent: /Jag samtycker till att uppgifterna i min ansökan/,
    applied: 'Tack för din ansökan',
    call: 'Kundrådet 2027',
    welcome: 'Välkommen till invånarpoolen',
    left: 'Du har lämnat invånarpoolen',
  },
  en: {
    join: 'Join',
    contact: 'E-mail address or mobile number',
    consent: /I agree that my contact detail/,
    error: 'Joining needs your consent.',
    thanks: 'Thank you! Please confirm that you are joining',
    apply: 'Send the application',
    name: 'Name',
    motivation: 'Why would you like to join the council?',
    councilConsent: /I agree that my application/,
    applied: 'Thank you for applying',
    call: 'Customer council 2027',
    welcome: 'Welcome to the resident pool',
    left: 'You have left the resident pool',
  },
} as const;

describe('taking part in Chromium: the resident pool, a council application and an expert request', () => {
  let smtp: Awaited<ReturnType<typeof startSmtp>>;
  const password = 'pitkä salasana 2026';
  const s = browserSuite(async (db) => {
    await importOrgTree(db, { csv: demoCountyCsv(), source: 'test' });
    smtp = await startSmtp();
    const today = helsinkiToday();
    const [council] = await s.db.query<{ id: number }>(
      "insert into council (node_id, name) select id, 'Terveydenhuollon asiakasraati' from org_node where code = 'TER' returning id",
    );
    await s.db.query(
      `insert into council_call (council_id, title, opens_on, closes_on) values ($1, '{"fi": "Asiakasraati 2027", "sv": "Kundrådet 2027", "en": "Customer council 2027"}', $2, $2::date + 20)`,
      [council!.id, today],
    );
    await createUser(db, { kind: 'system', name: 'test' }, { username: 'ammattilainen', displayName: 'Ammattilainen', password });
    await createUser(db, { kind: 'system', name: 'test' }, { username: 'koordinaattori', displayName: 'Koordinaattori', password });
    await grantRole(db, { kind: 'system', name: 'test' }, { username: 'koordinaattori', role: 'coordinator', nodeCode: 'DEMO' });
    const ages = ['18-29', '30-44', '45-64', '65-74', '65-74', '65-74', '75+'];
    const towns = ['Porvoo', 'Porvoo', 'Porvoo', 'Loviisa', 'Sipoo'];
    for (let i = 0; i < 70; i++)
      await db.query(
        `insert into pool_member (email, language, consent_text, confirmed_at, confirm_hash, leave_token, age_group, municipality)
         values ($1, 'fi', 'ok', now(), $2, $3, $4, $5)`,
        [`paneeli${i}@example.fi`, `pc${i}`, `pl${i}`, ages[i % ages.length], towns[i % towns.length]],
      );
    await grantRole(db, { kind: 'system', name: 'test' }, { username: 'ammattilainen', role: 'professional', nodeCode: 'TER' });
  });
  after(async () => smtp?.close());

  for (const lang of ['fi', 'sv', 'en'] as const) {
    it(`in ${lang}: joins the pool, confirms from the e-mail and can leave; every page accessible`, async () => {
      const w = texts[lang];
      const context = await s.browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
      const page = await context.newPage();
      await page.goto(`${s.base}/asukaspooli?lang=${lang}`);
      await assertAccessible(page, `pool-${lang}-form`);
      const address = `asukas-${lang}@example.fi`;
      await page.getByLabel(w.contact).fill(address);
      await page.getByRole('button', { name: w.join, exact: true }).click();
      await page.getByRole('alert').getByText(w.error).first().waitFor();
      await assertAccessible(page, `pool-${lang}-errors`);
      assert.equal(await page.getByLabel(w.contact).inputValue(), address, 'what was typed stays');
      await page.getByLabel(w.consent).check();
      await page.getByRole('button', { name: w.join, exact: true }).click();
      await page.getByRole('heading', { name: w.thanks }).waitFor();
      await assertAccessible(page, `pool-${lang}-thanks`);

      await deliverOutbox(s.db, smtpTransport(smtp.url), 'kaiku@test.invalid');
      const mail =
        smtp.received
          .filter((m) => m.to.includes(address))
          .map((m) => m.raw.replace(/=\r?\n/g, '').replace(/=3D/g, '='))
          .at(-1) ?? '';
      const confirm = /http:\/\/localhost:\d+\/asukaspooli\/vahvista\/[A-Za-z0-9_-]{32}/.exec(mail)?.[0];
      const leave = /http:\/\/localhost:\d+\/asukaspooli\/poistu\/[A-Za-z0-9_-]{32}/.exec(mail)?.[0];
      assert.ok(confirm && leave, 'links in the e-mail');
      await page.goto(confirm);
      await assertAccessible(page, `pool-${lang}-confirm`);
      await page.getByRole('main').getByRole('button').click();
      await page.getByRole('heading', { name: w.welcome }).waitFor();
      await assertAccessible(page, `pool-${lang}-welcome`);
      const [member] = await s.db.query<{ confirmed: boolean }>('select confirmed_at is not null as confirmed from pool_member where email = $1', [address]);
      assert.equal(member?.confirmed, true);
      await page.goto(leave);
      await assertAccessible(page, `pool-${lang}-leave`);
      await page.getByRole('main').getByRole('button').click();
      await page.getByText(w.left).waitFor();
      assert.equal((await s.db.query('select 1 from pool_member where email = $1', [address])).length, 0, 'left with one link');
      await context.close();
    });

    it(`in ${lang}: applies to a customer council`, async () => {
      const w = texts[lang];
      const page = await s.browser.newPage();
      await page.goto(`${s.base}/asiakasraati?lang=${lang}`);
      await assertAccessible(page, `council-${lang}-form`);
      await page.getByRole('radio', { name: new RegExp(w.call) }).check();
      await page.getByLabel(w.name, { exact: true }).fill(`Hakija ${lang}`);
      await page.getByLabel(texts[lang].contact).fill(`hakija-${lang}@example.fi`);
      await page.getByLabel(w.motivation).fill('Haluan parantaa ajanvarausta.');
      await page.getByRole('button', { name: w.apply }).click();
      await page.getByRole('alert').waitFor();
      await assertAccessible(page, `council-${lang}-errors`);
      await page.getByLabel(w.councilConsent).check();
      await page.getByRole('button', { name: w.apply }).click();
      await page.getByRole('heading', { name: w.applied }).waitFor();
      await assertAccessible(page, `council-${lang}-thanks`);
      const [row] = await s.db.query<{ language: string; motivation: string }>('select language, motivation from council_application where name = $1', [
        `Hakija ${lang}`,
      ]);
      assert.deepEqual(row, { language: lang, motivation: 'Haluan parantaa ajanvarausta.' });
      await page.close();
    });
  }

  it('a professional asks for an experience expert and sees the request waiting', async () => {
    const page = await (await s.browser.newContext({ locale: 'fi-FI' })).newPage();
    await signInAt(page, `${s.base}/admin/participation/requests`, 'ammattilainen', password);
    await page.getByRole('heading', { name: 'Kokemusasiantuntijapyynnöt' }).waitFor();
    await assertAccessible(page, 'expert-request-form');
    await page.getByLabel('Tarve').selectOption({ label: 'Vertaistuki' });
    await page.getByLabel('Teema', { exact: true }).selectOption({ label: 'Mielenterveys' });
    await page.getByRole('button', { name: 'Lähetä pyyntö' }).click();
    await page.getByRole('alert').getByText('Kerro, mihin tarvitset kokemusasiantuntijaa').waitFor();
    await page.getByLabel('Mihin tarvitset ja mitä toivot').fill('Vertaistukiryhmä nuorille aikuisille syksyllä.');
    await page.getByRole('button', { name: 'Lähetä pyyntö' }).click();
    await page.getByText('Pyyntö on lähetetty koordinaattorille.').waitFor();
    const row = page.getByRole('row', { name: /Vertaistuki Mielenterveys/ });
    await row.getByText('Uusi').waitFor();
    await assertAccessible(page, 'expert-request-sent');
    await page.close();
  });

  it('a coordinator gives the population and draws a resident panel on a phone, by label alone', async () => {
    const page = await (await s.browser.newContext({ locale: 'fi-FI', viewport: { width: 360, height: 740 } })).newPage();
    await signInAt(page, `${s.base}/admin/participation`, 'koordinaattori', password);
    const population: [string, string][] = [
      ['18-29', '13200'],
      ['30-44', '19800'],
      ['45-64', '27100'],
      ['65-74', '12400'],
      ['75+', '10300'],
    ];
    for (const [group, n] of population) await page.getByLabel(group, { exact: true }).fill(n);
    await page.getByLabel('Asukkaita kunnittain').fill('Porvoo 51 900\nLoviisa 14 600\nSipoo 22 400');
    await page.getByRole('button', { name: 'Tallenna väestö' }).click();
    await page.getByText('Tallennettu').first().waitFor();
    await page.getByLabel('Kyselyn nimi').fill('Paneeli: digipalvelut');
    await page.getByLabel('Kysely', { exact: true }).selectOption('thl-national');
    await page.getByLabel(/Asukaspaneeli: otos poolista/).check();
    await page.getByLabel('Paneelin koko (henkilöä)').fill('30');
    await page.getByLabel(/Kutsut lähtevät heti/).check();
    await assertAccessible(page, 'participation-panel-round');
    await page.getByRole('button', { name: 'Lähetä kutsut' }).click();
    await page.getByText('Kutsut on jonossa lähetettäväksi.').waitFor();
    await page.getByText(/Asukaspaneeli · suurin ero väestöön [\d,]+ %-yks\./).waitFor();
    const [round] = await s.db.query<{ invited: number }>("select invited from pool_round where audience = 'panel'");
    assert.equal(round?.invited, 30);
    await assertAccessible(page, 'participation-panel-sent');
    await page.close();
  });
});
