import { latestVersion } from '../src/surveys/survey-queries.ts';
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { publishSurvey } from '../src/surveys/county-surveys.ts';
import { createCollectionPoint } from '../src/surveys/collection-points.ts';
import { submitResponses } from '../src/surveys/submit-responses.ts';
import { surveyTemplates } from '../src/surveys/templates.ts';
import { PNG } from 'pngjs';
import { assertAccessible, browserSuite, pageProblems, signedInPage } from './helpers/browser.ts';

const system = { kind: 'system', name: 'test' } as const;
const phone = { width: 360, height: 780 };

/** Seed 001's managers' survey as the county would run it: published from its template, answered on a phone, read in the portal. */
describe('a county’s own survey, in Chromium', () => {
  let code = '';
  let county = '';
  const w = browserSuite(
    async (db) => {
      [{ code: county }] = (await db.query<{ code: string }>('select code from org_node where parent_id is null')) as [{ code: string }];
      await publishSurvey(
        db,
        system,
        surveyTemplates().find((t) => t.key === 'managers-feedback-use'),
      );
      code = (await createCollectionPoint(db, system, { survey: 'managers-feedback-use', node: county, channel: 'email' })).code;
      const picks = [['processes', 'encounter'], ['processes'], ['wellbeing'], ['processes', 'complaints'], ['not_used'], ['concrete_changes'], ['processes']];
      await submitResponses(
        db,
        { kind: 'api_key', keyId: 1, name: 't', scopes: ['responses:write'], nodeId: null, countyWide: true },
        {
          responses: picks.map((used, i) => ({
            idempotencyKey: `b${i}`,
            survey: 'managers-feedback-use',
            unit: county,
            channel: 'email',
            submittedAt: '2026-11-12T09:00:00+02:00',
            answers: { review_frequency: ['weekly', 'monthly', 'quarterly'][i % 3], used_for: used, challenges: i % 2 ? ['no_time'] : ['no_time', 'tools'] },
          })),
        },
      );
    },
    { demo: 'county' },
  );

  it('is answered on a phone: boxes ticked, the follow-up asked only of those it concerns', async () => {
    const page = await w.browser.newPage({ viewport: phone, locale: 'sv-FI' });
    await page.goto(`${w.base}/s/${code}`);
    await page.getByRole('heading', { name: 'Hur använder du kundresponsen?' }).waitFor();
    await assertAccessible(page, 'county-survey-step1-sv');
    assert.deepEqual(await pageProblems(page), []);
    await page.getByLabel('Minst en gång i veckan').check();
    await page.getByLabel('Att utveckla arbetssätt och processer').check();
    await page.getByLabel('Konkreta ändringar i tjänsterna och miljöerna').check();
    await page.getByRole('button', { name: 'Nästa' }).click();
    await page.getByLabel('Ge ett exempel på en förändring som responsen ledde till.').fill('Vi förnyade hemgångsinstruktionerna.');
    await assertAccessible(page, 'county-survey-step2-sv');
    await page.getByRole('button', { name: 'Föregående' }).click();
    assert.ok(await page.getByLabel('Konkreta ändringar i tjänsterna och miljöerna').isChecked(), 'the ticks stay on the way back');
    await page.getByRole('button', { name: 'Nästa' }).click();
    await page.getByLabel('Tidsbrist och annat som brådskar').check();
    await page.getByRole('button', { name: 'Skicka svaret' }).click();
    await page.getByRole('heading', { name: 'Tack för ditt svar!' }).waitFor();
    const [row] = await w.db.query<{ answers: Record<string, unknown> }>(
      "select answers from response where survey_id = 'managers-feedback-use' and idempotency_key like 'form:%'",
    );
    assert.deepEqual(row!.answers.used_for, ['processes', 'concrete_changes']);
    await page.close();
  });

  it('shows its answers in the portal as charts of shares, without an NPS it never asked', async () => {
    const page = await signedInPage(w, 'admin', { viewport: phone, locale: 'fi-FI' });
    await page.goto(`${w.base}/portal?node=${county}&survey=managers-feedback-use&period=custom&from=2026-11-01&to=2026-11-30`);
    await page.getByRole('heading', { name: 'Vastausten jakaumat' }).waitFor();
    const main = await page.locator('main').innerText();
    assert.match(main, /Mihin asiakaspalautteita on hyödynnetty\? \(n = 8\)/, 'seven sent over the API and one answered above');
    assert.doesNotMatch(main, /Suositteluindeksi|NPS/);
    await assertAccessible(page, 'portal-county-survey-360');
    assert.deepEqual(await pageProblems(page), []);
    await page.goto(`${w.base}/admin/surveys`);
    await page.getByRole('heading', { name: 'Hyvinvointialueen omat kyselyt' }).waitFor();
    await assertAccessible(page, 'surveys-list-360');
    assert.deepEqual(await pageProblems(page), []);
    await page.close();
  });

  it('is written in the editor, previewed on a phone in Finnish and Swedish, published, and answered', async () => {
    const page = await signedInPage(w, 'admin', { viewport: phone, locale: 'fi-FI' });
    await page.goto(`${w.base}/admin/surveys`);
    await page.getByRole('link', { name: 'Kirjoita uusi kysely' }).click();
    await page.getByRole('heading', { name: 'Uusi kysely' }).waitFor();
    await page.getByLabel('Kyselyn nimi (suomi)').fill('Pelastustoimen kysely');
    await page.getByLabel('Kyselyn nimi (ruotsi)').fill('Räddningsväsendets enkät');
    const q1 = page.getByRole('group', { name: 'Kysymys 1' });
    await q1.getByLabel('Tyyppi').selectOption({ label: 'Kyllä/ei' });
    await q1.getByLabel('Teksti (suomi)').fill('Saitko apua riittävän nopeasti?');
    await q1.getByLabel('Teksti (ruotsi)').fill('Fick du hjälp tillräckligt snabbt?');
    await q1.getByLabel('Pakollinen').check();
    await page.getByLabel('Lisättävän kysymyksen tyyppi').selectOption({ label: 'Yksi vaihtoehto' });
    await page.getByRole('button', { name: 'Lisää kysymys' }).click();
    const q2 = page.getByRole('group', { name: 'Kysymys 2' }).first();
    await q2.getByLabel('Teksti (suomi)').fill('Mikä olisi auttanut?');
    await q2.getByLabel('Teksti (ruotsi)').fill('Vad hade hjälpt?');
    await q2.getByLabel('Vaihtoehdot (suomi)').fill('Nopeampi saapuminen\nParempi tiedottaminen');
    await q2.getByLabel('Vaihtoehdot (ruotsi)').fill('Snabbare ankomst\nBättre information');
    await q2.getByLabel('Aloittaa uuden sivun').check();
    await q2.getByLabel('Näytetään').selectOption({ label: 'kun kysymyksen 1 vastaus on…' });
    await q2.getByLabel('…jokin näistä').fill('ei');
    await page.getByLabel('Lisättävän kysymyksen tyyppi').selectOption({ label: 'Avoin vastaus' });
    await page.getByRole('button', { name: 'Lisää kysymys' }).click();
    const q3 = page.getByRole('group', { name: 'Kysymys 3' });
    await q3.getByLabel('Teksti (suomi)').fill('Mitä muuta haluat kertoa?');
    await q3.getByLabel('Teksti (ruotsi)').fill('Vad vill du berätta mer?');
    assert.equal(await page.getByLabel('Kyselyn nimi (ruotsi)').inputValue(), 'Räddningsväsendets enkät', 'adding questions keeps what was typed');
    // a picture for the first question: the whole form travels with it
    await q1.getByRole('button', { name: 'Lisää kuva kysymykseen 1' }).click();
    const picture = new PNG({ width: 320, height: 180 });
    picture.data.fill(0xc0);
    await page.getByLabel('Kysymyksen 1 kuva').setInputFiles({ name: 'paloauto.png', mimeType: 'image/png', buffer: PNG.sync.write(picture) });
    await page.getByRole('button', { name: 'Lataa kuva' }).click();
    const pictureFields = page.getByRole('group', { name: 'Kuva', exact: true });
    await pictureFields.getByLabel('Kuvan tekstivastine (suomi)').fill('Paloauto hälytysajossa');
    await pictureFields.getByLabel('Kuvan tekstivastine (ruotsi)').fill('Brandbil på utryckning');
    assert.equal(await page.getByRole('group', { name: 'Kysymys 3' }).getByLabel('Teksti (ruotsi)').inputValue(), 'Vad vill du berätta mer?');
    await assertAccessible(page, 'survey-editor-360');
    assert.deepEqual(await pageProblems(page), []);

    await page.getByRole('button', { name: 'Tallenna ja esikatsele' }).click();
    await page.getByRole('heading', { name: 'Esikatselu: Pelastustoimen kysely' }).waitFor();
    await page.getByRole('group', { name: /Saitko apua riittävän nopeasti/ }).waitFor();
    await assertAccessible(page, 'survey-preview-fi-360');
    assert.deepEqual(await pageProblems(page), []);
    await page.getByRole('link', { name: 'ruotsi' }).click();
    await page.getByRole('group', { name: /Fick du hjälp tillräckligt snabbt/ }).waitFor();
    await page.getByRole('button', { name: 'Nästa' }).click();
    await page.getByRole('group', { name: /Vad hade hjälpt/ }).waitFor();
    await assertAccessible(page, 'survey-preview-sv-page2-360');

    await page.getByRole('link', { name: 'Julkaise…' }).click();
    await page.getByRole('heading', { name: 'Julkaistaanko kysely Pelastustoimen kysely?' }).waitFor();
    assert.match(await page.locator('main').innerText(), /Kyselyä ei vielä kysytä missään\./);
    await assertAccessible(page, 'survey-publish-confirm-360');
    await page.getByRole('button', { name: 'Julkaise', exact: true }).click();
    await page.getByText('Kysely julkaistu.').waitFor();
    await page.close();

    const point = (await createCollectionPoint(w.db, system, { survey: 'pelastustoimen-kysely', node: county, channel: 'qr' })).code;
    const phonePage = await w.browser.newPage({ viewport: phone, locale: 'sv-FI' });
    await phonePage.goto(`${w.base}/s/${point}`);
    await phonePage.getByLabel('Nej').check();
    await phonePage.getByRole('button', { name: 'Nästa' }).click();
    await phonePage.getByLabel('Bättre information').check();
    await phonePage.getByRole('button', { name: 'Skicka svaret' }).click();
    await phonePage.getByRole('heading', { name: 'Tack för ditt svar!' }).waitFor();
    const [row] = await w.db.query<{ answers: Record<string, unknown> }>("select answers from response where survey_id = 'pelastustoimen-kysely'");
    assert.equal(row!.answers.mika_olisi_auttanut, 'parempi_tiedottaminen');
    await phonePage.close();
  });

  it('takes the managers’ survey from its template into the editor on a 1366 px screen: a question added, previewed in both languages, published', async () => {
    const page = await signedInPage(w, 'admin', { viewport: { width: 1366, height: 768 }, locale: 'fi-FI' });
    await page.goto(`${w.base}/admin/surveys/managers-feedback-use/edit`);
    await page.getByLabel('Lisättävän kysymyksen tyyppi').selectOption({ label: 'Avoin vastaus' });
    await page.getByRole('button', { name: 'Lisää kysymys' }).click();
    const added = page.getByRole('group', { name: 'Kysymys 7', exact: true });
    await added.getByLabel('Teksti (suomi)').fill('Millaista tukea toivoisit palautteen käsittelyyn?');
    await added.getByLabel('Teksti (ruotsi)').fill('Vilket stöd skulle du vilja ha för att hantera responsen?');
    await added.getByLabel('Teksti (englanti)').fill('What support would you like for handling feedback?');
    await assertAccessible(page, 'survey-editor-managers-1366');
    assert.deepEqual(await pageProblems(page), []);
    await page.getByRole('button', { name: 'Tallenna ja esikatsele' }).click();
    await page.getByRole('heading', { name: /^Esikatselu:/ }).waitFor();
    await page.getByRole('link', { name: 'ruotsi' }).click();
    await page
      .getByRole('link', { name: /^Sivu \d+$/ })
      .last()
      .click();
    await page.getByText('Vilket stöd skulle du vilja ha för att hantera responsen?').waitFor();
    await assertAccessible(page, 'survey-preview-managers-sv-1366');
    await page.getByRole('link', { name: 'Julkaise…' }).click();
    await page.getByRole('button', { name: 'Julkaise', exact: true }).click();
    await page.getByText('Kysely julkaistu.').waitFor();
    const v = await latestVersion(w.db, 'managers-feedback-use');
    assert.equal(v.version, 2);
    assert.deepEqual(v.definition.questions.at(-1)!.text, {
      fi: 'Millaista tukea toivoisit palautteen käsittelyyn?',
      sv: 'Vilket stöd skulle du vilja ha för att hantera responsen?',
      en: 'What support would you like for handling feedback?',
    });
    assert.equal(v.definition.questions[1]!.key, 'review_frequency', 'the template’s identifiers stay');
    await page.close();
  });
});
