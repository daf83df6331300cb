import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { before, it } from 'node:test';
import { describeEachDatabase } from '../../test/helpers/databases.ts';
import { importOrgTree } from '../organisation/import-org-tree.ts';
import { getNodeByCode } from '../organisation/tree-queries.ts';
import { latestVersion } from '../surveys/survey-queries.ts';
import { storeResponses, type NewResponse } from '../surveys/store-response.ts';
import { monthlyReport } from './monthly-report.ts';
import { refreshRollup } from './refresh-rollup.ts';
import { monthlyReportPdf } from './report-pdf.ts';
import { setTargets } from './targets.ts';

const system = { kind: 'system', name: 'test' } as const;

/** The PDF's text in reading order, as pdftotext (Debian's poppler-utils) gives it. */
const pdfText = (pdf: Buffer) => execFileSync('pdftotext', ['-layout', '-', '-'], { input: pdf }).toString('utf8');

describeEachDatabase('the monthly report as a PDF', ({ db }) => {
  before(async () => {
    await importOrgTree(db(), {
      csv: 'code,parent_code,kind,name_fi,name_sv,name_en,active\nC,,county,Alue,Området,County,true\nA1,C,result_area,Vastaanotot,Mottagningar,Clinics,true\nU1,A1,unit,Keravan terveysasema,Kervo hälsostation,Kerava health centre,true\nU2,A1,unit,Järvenpään terveysasema,Träskända hälsostation,Järvenpää health centre,true\n',
      source: 'test',
    });
    const version = (await latestVersion(db(), 'thl-national')).version;
    const u1 = (await getNodeByCode(db(), 'U1')).id;
    const u2 = (await getNodeByCode(db(), 'U2')).id;
    // October at U1: six 10s, two 8s and two 3s → NPS 40; encounter 5,5,5,4,4,4,3,2,1,1 → 60 % of 4–5
    const nps = [10, 10, 10, 10, 10, 10, 8, 8, 3, 3];
    const encounter = [5, 5, 5, 4, 4, 4, 3, 2, 1, 1];
    const rows: NewResponse[] = nps.map((n, i) => ({
      surveyId: 'thl-national',
      surveyVersion: version,
      nodeId: u1,
      channel: 'qr',
      submittedAt: new Date(`2026-10-${String(10 + i).padStart(2, '0')}T10:00:00+03:00`),
      idempotencyKey: `oct-${i}`,
      background: {},
      answers: { nps: n, encounter: encounter[i]! },
    }));
    // September at U1: five 0s and five 10s → NPS 0; and U2 in October: six answers, all 9 → NPS 100
    for (let i = 0; i < 10; i++)
      rows.push({
        surveyId: 'thl-national',
        surveyVersion: version,
        nodeId: u1,
        channel: 'sms',
        submittedAt: new Date(`2026-09-${String(10 + i).padStart(2, '0')}T10:00:00+03:00`),
        idempotencyKey: `sep-${i}`,
        background: {},
        answers: { nps: i < 5 ? 0 : 10 },
      });
    for (let i = 0; i < 6; i++)
      rows.push({
        surveyId: 'thl-national',
        surveyVersion: version,
        nodeId: u2,
        channel: 'paper',
        submittedAt: new Date(`2026-10-0${1 + i}T10:00:00+03:00`),
        idempotencyKey: `u2-${i}`,
        background: {},
        answers: { nps: 9 },
      });
    await storeResponses(db(), rows);
    await refreshRollup(db());
    await setTargets(db(), 'test', (await getNodeByCode(db(), 'A1')).id, 'thl-national', 2026, { nps: 50 });
  });

  it('carries the figures of the month, the month before, the target, the level below and the siblings, with the period and page on every page', async () => {
    const report = await monthlyReport(db(), system, await getNodeByCode(db(), 'U1'), '2026-10', 'fi');
    const pdf = await monthlyReportPdf(report);
    const text = pdfText(pdf);
    assert.match(text, /Asiakaskokemus: Keravan terveysasema/);
    assert.match(text, /Ajanjakso 1\.10\.2026–31\.10\.2026/);
    assert.match(text, /NPS\s+40 ± \d+ ✗ tavoite 50 ei saavutettu/, 'the target is inherited from the result area');
    assert.match(text, /Edellinen kuukausi\s+0\n/);
    assert.match(text, /Vastauksia\s+10\n/);
    assert.match(text, /NPS, Alue\s+63\n/, 'the county: 16 answers, 12 promoters, 2 detractors: 62.5, rounded away from zero');
    assert.match(text, /Minulle jäi tunne, että minusta välitettiin\s+60 %/);
    assert.match(text, /Järvenpään terveysasema\s+100\s+6/, 'the sibling');
    const pages = [
      ...text.matchAll(/Keravan terveysasema · 1\.10\.2026–31\.10\.2026\s+Sivu (\d+) \/ (\d+)\n\s*Asiakaskysely \(THL:n kansallinen kysely\), kaikki kanavat/g),
    ];
    assert.ok(pages.length >= 1, text.slice(-400));
    assert.equal(pages.length, Number(pages[0]![2]), 'every page says which it is');
  });

  it('makes quarterly and yearly reviews with the period before', async () => {
    const quarter = pdfText(await monthlyReportPdf(await monthlyReport(db(), system, await getNodeByCode(db(), 'U1'), '2026-Q4', 'fi')));
    assert.match(quarter, /Ajanjakso 1\.10\.2026–31\.12\.2026/);
    assert.match(quarter, /Edellinen neljännes\s+0\n/, 'July to September: the September answers');
    const year = pdfText(await monthlyReportPdf(await monthlyReport(db(), system, await getNodeByCode(db(), 'A1'), '2026', 'en')));
    assert.match(year, /Period 1\/1\/2026–31\/12\/2026|Period 01\/01\/2026–31\/12\/2026/);
    assert.match(year, /Answers\s+26\n/);
  });

  it('is written in the recipient’s language', async () => {
    const report = await monthlyReport(db(), system, await getNodeByCode(db(), 'A1'), '2026-10', 'sv');
    const text = pdfText(await monthlyReportPdf(report));
    assert.match(text, /Kundupplevelse: Mottagningar/);
    assert.match(text, /Kervo hälsostation\s+40/);
  });
});
