import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { describeEachDatabase, testTargets } from '../../test/helpers/databases.ts';
import { Client, testApp, visibleText } from '../../test/helpers/http.ts';
import { createUser, grantRole } from '../access/users.ts';
import { commands } from '../cli/commands.ts';
import { importOrgTree } from '../organisation/import-org-tree.ts';
import type { Db } from '../shared/db.ts';
import { type AggregatesFile, aggregatesFormat } from './aggregates.ts';
import { nps } from './nps.ts';
import { refreshRollup } from './refresh-rollup.ts';
import { anonymityThreshold } from './results-types.ts';

const system = { kind: 'system', name: 'test' } as const;
const otherCounty = `code,parent_code,kind,name_fi,name_sv,name_en,active
1.2.246.10.9999999.10.0,,county,Pohjolan hyvinvointialue,Pohjola välfärdsområde,Pohjola wellbeing services county,true
1.2.246.10.9999999.10.1,1.2.246.10.9999999.10.0,unit,Pohjolan terveysasema,Pohjola hälsostation,Pohjola health centre,true
`;

describeEachDatabase(
  'aggregates: one county exports its results as counts, another imports them and compares',
  ({ db, target }) => {
    let other: Db;
    let app: FastifyInstance;
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kaiku-aggregates-'));
    const file = path.join(dir, 'kaikula.json');
    const run = async (database: Db, args: string[]) => {
      const lines: string[] = [];
      await commands[args[0]!]!.run({ db: database, out: (l) => lines.push(l), lang: 'fi' }, args.slice(1));
      return lines.join('\n');
    };
    before(async () => {
      await refreshRollup(db());
      other = await testTargets()
        .find((t) => t.name === target)!
        .open();
      await importOrgTree(other, { csv: otherCounty, source: 'test' });
      await createUser(other, system, { username: 'pohjola', displayName: 'Analyytikko', password: 'long enough pw' });
      await grantRole(other, system, { username: 'pohjola', role: 'analyst', nodeCode: '1.2.246.10.9999999.10.0' });
      app = (await testApp(other)).app;
    });
    after(async () => {
      await app.close();
      await other.close();
      fs.rmSync(dir, { recursive: true, force: true });
    });

    it('writes counts per unit and month with small groups left out, and nothing else', async () => {
      const said = await run(db(), ['export-aggregates', '--from', '2026-01', '--to', '2026-10', '--out', file]);
      assert.match(said, /^Wrote \d+ unit-months \(2026-01 – 2026-10, groups under 5 answers left out\)/);
      const written = JSON.parse(fs.readFileSync(file, 'utf8')) as AggregatesFile;
      assert.equal(written.format, aggregatesFormat);
      assert.equal(written.source.kind, 'county');
      assert.equal(written.source.name.fi, 'Kaikulan hyvinvointialue');
      const threshold = await anonymityThreshold(db());
      assert.ok(written.rows.length > 50, `${written.rows.length} rows`);
      assert.ok(
        written.rows.every((r) => r.answers >= threshold),
        'no unit-month under the anonymity threshold',
      );
      assert.ok(
        written.rows.every((r) => r.month >= '2026-01' && r.month <= '2026-10'),
        'only the months asked for',
      );
      const keys = new Set(written.rows.flatMap((r) => Object.keys(r)));
      assert.deepEqual([...keys].sort(), ['answers', 'month', 'nps', 'statements', 'survey', 'unit', 'yesNo']);
      assert.doesNotMatch(JSON.stringify(written), /nps_open|"text"|background/, 'no open answers, texts or background variables');
      // A unit-month's figures are the results' own: NPS groups add up to at most its answers.
      for (const r of written.rows) assert.ok(!r.nps || r.nps.promoters + r.nps.passives + r.nps.detractors <= r.answers);
    });

    it('imports into another county, whose portal and public results show the figures beside its own; its own file is refused', async () => {
      await assert.rejects(run(db(), ['import-aggregates', file]), /county's own export/);
      assert.match(
        await run(other, ['import-aggregates', file]),
        /^Imported \d+ unit-months from 1\.2\.246\.10\.2807418\.10\.0|^Imported \d+ unit-months from /,
      );
      const written = JSON.parse(fs.readFileSync(file, 'utf8')) as AggregatesFile;
      const national = written.rows.filter((r) => r.survey === 'thl-national');
      const sum = (f: (r: (typeof national)[number]) => number) => national.reduce((a, r) => a + f(r), 0);
      const expected = nps({
        promoters: sum((r) => r.nps?.promoters ?? 0),
        passives: sum((r) => r.nps?.passives ?? 0),
        detractors: sum((r) => r.nps?.detractors ?? 0),
      });
      const top = sum((r) => (r.statements.availability?.['4'] ?? 0) + (r.statements.availability?.['5'] ?? 0));
      const all = sum((r) => Object.values(r.statements.availability ?? {}).reduce((a, b) => a + b, 0));
      const availability = Math.round((100 * top) / all);

      const analyst = new Client(app);
      await analyst.signIn('pohjola', 'long enough pw');
      const portal = await analyst.get('/portal?from=2026-01-01&to=2026-10-31');
      assert.equal(portal.statusCode, 200);
      const text = visibleText(portal.body);
      assert.match(text, new RegExp(`${expected.value} NPS, Muut hyvinvointialueet \\(1\\)`), 'the other county beside its own');
      assert.match(text, new RegExp(`Sain apua, kun sitä tarvitsin\\. [–0-9 %,.]+ ${availability} %`), 'each statement beside the other counties');

      const pub = visibleText((await app.inject({ url: '/results?node=1.2.246.10.9999999.10.0' })).body);
      assert.match(pub, /NPS, Other wellbeing services counties \(1\)/);

      // Importing the same file again replaces, never doubles.
      await run(other, ['import-aggregates', file]);
      const [{ n }] = (await other.query<{ n: string }>('select count(*) as n from benchmark_aggregate')) as [{ n: string }];
      assert.equal(Number(n), written.rows.length);
      const bad = path.join(dir, 'bad.json');
      fs.writeFileSync(bad, JSON.stringify({ ...written, rows: [{ ...written.rows[0], answers: -1 }] }));
      await assert.rejects(run(other, ['import-aggregates', bad]), /rows\.0\.answers/);
      assert.equal(
        Number((await other.query<{ n: string }>('select count(*) as n from benchmark_aggregate'))[0]!.n),
        written.rows.length,
        'a bad file changes nothing',
      );
    });
  },
  { demo: 'county' },
);
