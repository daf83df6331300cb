import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { evaluateProvider, reportLines } from './evaluate.ts';
import { offlineProvider } from './provider.ts';
import { readXed, xedFinnish } from './training-data/labelled.ts';

describe('measuring a provider on XED', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kaiku-xed-'));
  after(() => fs.rmSync(dir, { recursive: true, force: true }));
  const shipped = xedFinnish();
  const shippedNegative = shipped.find((s) => s.tone === 'negative')!.text;
  const shippedNeutral = shipped.find((s) => s.tone === 'neutral')!.text;
  // XED's own AnnotatedData: the annotated file as Kaiku ships it, the neutral one with a number,
  // the sentence, two counts and the subtitle file a line
  fs.writeFileSync(
    path.join(dir, 'fi-annotated.tsv'),
    `${shippedNegative}\t1\nTämä on aivan ihanaa, kiitos!\t5\nVihaan tätä paikkaa.\t1, 3\nMitä ihmettä?\t7\n`,
  );
  fs.writeFileSync(
    path.join(dir, 'neu_fi.txt'),
    `1620\tMihin aikaan juna lähtee?\t2\t428\tfi/1965/1/1.xml.gz\n1621\t${shippedNeutral}\t1\t3\tfi/1965/1/1.xml.gz\n`,
  );

  it("reads the neutral sentences of XED's own files without their numbers and file names", () => {
    assert.deepEqual(
      readXed(dir).map((s) => [s.text, s.tone]),
      [
        [shippedNegative, 'negative'],
        ['Tämä on aivan ihanaa, kiitos!', 'positive'],
        ['Vihaan tätä paikkaa.', 'negative'],
        ['Mihin aikaan juna lähtee?', 'neutral'],
        [shippedNeutral, 'neutral'],
      ],
    );
  });

  it('leaves out the half Kaiku trains on, so the figure is on sentences the model has not seen', async () => {
    const report = await evaluateProvider(offlineProvider, { xedDir: dir });
    assert.equal(report.xed?.n, 3);
    assert.equal(report.xed?.leftOut, 2);
    assert.equal(report.feedback.n, 719);
    assert.match(reportLines(report).join('\n'), /XED Finnish \(3 sentences; 2 left out as the half Kaiku trains on\)/);
  });
});
