import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { describeEachDatabase } from '../../test/helpers/databases.ts';
import { assertPage, Client, testApp } from '../../test/helpers/http.ts';

describeEachDatabase(
  'a coordinator’s front page',
  ({ db }) => {
    let app: FastifyInstance;
    before(async () => {
      app = (await testApp(db())).app;
    });
    after(async () => app?.close());

    it('counts the council applications waiting for a decision and the expert requests no one has taken', async () => {
      const [{ applications, requests }] = (await db().query<{ applications: number; requests: number }>(
        `select (select count(*)::int from council_application where status in ('received', 'interview')) as applications,
                (select count(*)::int from expert_request where status = 'new') as requests`,
      )) as [{ applications: number; requests: number }];
      assert.ok(requests > 0, `the demo has an expert request waiting (${requests})`);
      const c = new Client(app);
      await c.signIn('coordinator', 'demo');
      const page = (await c.get('/admin')).body;
      assertPage(
        page,
        new RegExp(
          `<a href="/admin/participation/councils"><span class="big">${applications}</span> <span class="task-label">Asiakasraatihakemukset odottavat päätöstä`,
        ),
      );
      assertPage(
        page,
        new RegExp(
          `<a href="/admin/participation/requests"><span class="big">${requests}</span> <span class="task-label">Kokemusasiantuntijapyynnöt odottavat`,
        ),
      );
      await db().query("update expert_request set status = 'assigned' where status = 'new'");
      assertPage((await c.get('/admin')).body, /<li class="card task ok"><a href="\/admin\/participation\/requests"><span class="big">0<\/span>/);
    });
  },
  { demo: 'feedback' },
);
