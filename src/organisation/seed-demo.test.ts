import assert from 'node:assert/strict';
import { before, it } from 'node:test';
import { describeEachDatabase } from '../../test/helpers/databases.ts';
import { demoNow } from '../../test/helpers/demo.ts';
import { seedDemoParticipation } from '../participation/demo-participation.ts';
import { demoContentPending, seedDemoContent, seedDemoOrganisation } from './seed-demo.ts';

describeEachDatabase('the demo content after a start stopped half-way', ({ db }) => {
  before(async () => {
    assert.equal(await seedDemoOrganisation(db()), true);
  });

  it('goes on from the part it had reached, adding nothing twice', async () => {
    assert.equal(await demoContentPending(db()), true);
    // the earlier start stored the answers and the participants, then stopped
    await seedDemoParticipation(db(), demoNow);
    await db().query(`update setting set value = '["answers", "participation"]' where key = 'demo_content'`);
    assert.equal(await demoContentPending(db()), true);

    await seedDemoContent(db(), { feedback: true, now: demoNow });
    const [counts] = await db().query<{ members: number; feedback: number; answers: number }>(
      'select (select count(*)::int from pool_member) as members, (select count(*)::int from feedback) as feedback, (select count(*)::int from response) as answers',
    );
    assert.deepEqual(counts, { members: 60, feedback: 400, answers: 0 });
    assert.equal(await demoContentPending(db()), false);
  });
});
