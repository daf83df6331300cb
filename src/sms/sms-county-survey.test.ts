import assert from 'node:assert/strict';
import { before, it } from 'node:test';
import { describeEachDatabase } from '../../test/helpers/databases.ts';
import { importOrgTree } from '../organisation/import-org-tree.ts';
import { loadConfig } from '../shared/config.ts';
import { publishSurvey } from '../surveys/county-surveys.ts';
import { surveyFunnel } from '../surveys/funnel.ts';
import { handleInbound, startDueConversations, storeSmsAnswers } from './conversation.ts';
import { parseReply } from './parse-answer.ts';
import { addSmsSurveyOverride } from './survey-overrides.ts';
import { acceptVisits } from './visits.ts';

const system = { kind: 'system', name: 'test' } as const;
const org = `code,parent_code,kind,name_fi,name_sv,name_en,active
C,,county,Kaikulan hyvinvointialue,,,true
TER,C,division,Terveydenhuolto,,,true
U1,TER,unit,Porvoon terveysasema,,,true
PEL,C,division,Pelastustoimi,,,true
PA,PEL,unit,Porvoon paloasema,,,true
`;

it('reads numbered options: one for a single choice, several for a multiple choice, nothing out of range', () => {
  const options = ['a', 'b', 'c'];
  assert.deepEqual(parseReply('choice', '2', options), { kind: 'answer', value: 'b' });
  assert.deepEqual(parseReply('choice', 'kolme', options), { kind: 'answer', value: 'c' });
  assert.deepEqual(parseReply('choice', '1 ja 3', options), { kind: 'unreadable' });
  assert.deepEqual(parseReply('choice', '4', options), { kind: 'unreadable' });
  assert.deepEqual(parseReply('multichoice', '3, 1', options), { kind: 'answer', value: ['a', 'c'] });
  assert.deepEqual(parseReply('multichoice', 'ei mitään', options), { kind: 'unreadable' });
});

describeEachDatabase('SMS asks the survey chosen for the part of the organisation', ({ db }) => {
  const config = loadConfig({});
  const morning = new Date('2026-11-23T10:05:00+02:00');
  before(async () => {
    await importOrgTree(db(), { csv: org, source: 'test' });
    await publishSurvey(db(), system, {
      key: 'pelastus',
      title: { fi: 'Pelastustoimen kysely' },
      questions: [
        { type: 'yesno', text: { fi: 'Saitko apua nopeasti?' }, required: true },
        {
          type: 'choice',
          text: { fi: 'Mikä olisi auttanut?' },
          options: [{ text: { fi: 'Nopeampi saapuminen' } }, { text: { fi: 'Parempi tiedottaminen' } }],
        },
        { type: 'info', text: { fi: 'Kiitos tähänastisista vastauksista.' } },
        { type: 'open', text: { fi: 'Mitä muuta haluat kertoa?' } },
      ],
    });
    assert.equal(await addSmsSurveyOverride(db(), { node: 'NOPE', type: 'visit', survey: 'pelastus' }), false, 'an unknown part of the organisation');
    assert.equal(await addSmsSurveyOverride(db(), { node: 'PEL', type: 'visit', survey: 'nope' }), false, 'an unknown survey');
    assert.equal(await addSmsSurveyOverride(db(), { node: 'PEL', type: 'visit', survey: 'pelastus' }), true);
  });

  const visit = (eventId: string, unit: string, phone: string) => ({
    eventId,
    unit,
    visitAt: '2026-11-23T09:00:00+02:00',
    type: 'visit',
    phone,
    language: 'fi',
    age: 40,
    consent: true,
    nonDisclosure: false,
  });
  const lastTo = async (to: string) =>
    (await db().query<{ body: string }>('select body from outbox_sms where to_number = $1 order by id desc limit 1', [to]))[0]?.body ?? '';

  it('asks the rescue survey under rescue services and the county’s own elsewhere, a choice by its number', async () => {
    await acceptVisits(db(), config, [visit('r1', 'PA', '0405550001'), visit('h1', 'U1', '0405550002')], morning);
    assert.equal((await startDueConversations(db(), config, morning)).started, 2);
    assert.match(await lastTo('+358405550001'), /1\/3 Saitko apua nopeasti\? Vastaa KYLLÄ tai EI\.$/);
    assert.match(await lastTo('+358405550002'), /1\/4 Kuinka todennäköisesti suosittelisit/);

    const at = new Date('2026-11-23T10:30:00+02:00');
    const say = (text: string, id: string) => handleInbound(db(), { messageId: id, from: '+358405550001', text, receivedAt: at });
    assert.equal(await say('ei', 'a1'), 'answered');
    assert.match(await lastTo('+358405550001'), /^2\/3 Mikä olisi auttanut\? Vastaa numerolla: 1 = Nopeampi saapuminen, 2 = Parempi tiedottaminen\.$/);
    assert.equal(await say('2', 'a2'), 'answered');
    assert.equal(await say('Hyvä palvelu', 'a3'), 'completed');
    assert.equal(await storeSmsAnswers(db(), new Date('2026-11-24T13:00:00+02:00')), 1);
    const [r] = await db().query<{ answers: Record<string, unknown> }>("select answers from response where survey_id = 'pelastus'");
    assert.deepEqual(r?.answers, { saitko_apua_nopeasti: false, mika_olisi_auttanut: 'parempi_tiedottaminen', mita_muuta_haluat_kertoa: 'Hyvä palvelu' });
    const [pel] = await db().query<{ id: number }>("select id from org_node where code = 'PEL'");
    assert.deepEqual(await surveyFunnel(db(), { survey: 'pelastus', nodeId: pel!.id, from: '2026-11-01', to: '2026-11-30' }), [
      { channel: 'sms', invited: 1, opened: null, started: 1, completed: 1 },
    ]);
  });
});
