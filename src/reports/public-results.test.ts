import { formatNumber } from '../shared/i18n/format.ts';
import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { describeEachDatabase } from '../../test/helpers/databases.ts';
import { testApp, visibleText } from '../../test/helpers/http.ts';
import { presetPeriod } from './period-presets.ts';
import { refreshRollup } from './refresh-rollup.ts';
import { surveyResults } from './results-query.ts';

const system = { kind: 'system', name: 'test' } as const;

describeEachDatabase(
  'results published for residents',
  ({ db }) => {
    let app: FastifyInstance;
    before(async () => {
      await refreshRollup(db());
      app = (await testApp(db())).app;
    });
    after(async () => app.close());

    it('shows the county and each division without signing in, the NPS of the last 12 months as the results say', async () => {
      const res = await app.inject({ url: '/tulokset' });
      assert.equal(res.statusCode, 200);
      const text = visibleText(res.body);
      assert.match(text, /Asiakaskokemus: Kaikulan hyvinvointialue/);
      const from = presetPeriod('rolling-12').from;
      const to = presetPeriod('last-month').to;
      const county = (await surveyResults(db(), system, { from, to })).groups[0]!;
      assert.match(
        text,
        new RegExp(`${county.nps!.value} NPS viimeiset 12 kuukautta ${formatNumber(county.answers, 'fi').replace(/\s/g, ' ')} vastausta 12 kuukaudessa`),
      );
      assert.match(res.body, /<a href="\/tulokset\?node=TER">Terveydenhuolto<\/a>/, 'the divisions link down');
      const division = await app.inject({ url: '/tulokset?node=TER' });
      assert.match(visibleText(division.body), /Asiakaskokemus: Terveydenhuolto/);
    });

    it('can be embedded in the county’s own pages, speaks Swedish and English, and says plainly when a part does not exist', async () => {
      const res = await app.inject({ url: '/resultat?node=TER' });
      assert.equal(res.headers['x-frame-options'], undefined);
      assert.match(visibleText(res.body), /Kundupplevelse: Hälso- och sjukvård .* NPS per månad/);
      assert.match(visibleText((await app.inject({ url: '/results' })).body), /Customer experience: Kaikula Wellbeing Services County/);
      assert.equal((await app.inject({ url: '/tulokset?lang=sv' })).headers.location, '/resultat');
      assert.equal((await app.inject({ url: '/tulokset?node=NOPE' })).statusCode, 404);
    });
  },
  { demo: 'county' },
);
