import { importOrgTree } from '../../src/organisation/import-org-tree.ts';
import { getNodeByCode } from '../../src/organisation/tree-queries.ts';
import { refreshRollup } from '../../src/reports/refresh-rollup.ts';
import type { Db } from '../../src/shared/db.ts';
import { latestVersion } from '../../src/surveys/survey-queries.ts';
import { storeResponses } from '../../src/surveys/store-response.ts';

/**
 * A county C with one level (`middle`: A1 a result area, or D1 a division) above the Kerava health
 * centre U1, and ten October 2026 answers at U1 of which `promoters` give 10 and the rest `low`,
 * summed: enough for one node's monthly report.
 */
export async function reportCounty(db: Db, opts: { middle: 'result_area' | 'division'; promoters: number; low: number }): Promise<void> {
  const mid = opts.middle === 'division' ? 'D1,C,division,Terveys,Hälsa,Health' : 'A1,C,result_area,Vastaanotot,Mottagningar,Clinics';
  await importOrgTree(db, {
    csv: `code,parent_code,kind,name_fi,name_sv,name_en,active\nC,,county,Alue,Området,County,true\n${mid},true\nU1,${mid.slice(0, 2)},unit,Keravan terveysasema,Kervo hälsostation,Kerava health centre,true\n`,
    source: 'test',
  });
  const version = (await latestVersion(db, 'thl-national')).version;
  const u1 = (await getNodeByCode(db, 'U1')).id;
  await storeResponses(
    db,
    Array.from({ length: 10 }, (_, i) => ({
      surveyId: 'thl-national',
      surveyVersion: version,
      nodeId: u1,
      channel: 'qr',
      submittedAt: new Date(`2026-10-${10 + i}T10:00:00+03:00`),
      idempotencyKey: `october-${i}`,
      background: {},
      answers: { nps: i < opts.promoters ? 10 : opts.low },
    })),
  );
  await refreshRollup(db);
}
