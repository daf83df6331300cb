import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { countSegments } from './segments.ts';
import { parseReply } from './parse-answer.ts';
import { helsinkiInstant, parseDelay, parseWindow, planSend } from './schedule.ts';

describe('SMS segments', () => {
  it('fits Finnish and Swedish in GSM-7 and counts 160, then 153 per part', () => {
    assert.deepEqual(countSegments('Kävitkö Porvoon terveysasemalla? Åbo, Öja.'), { encoding: 'GSM-7', length: 42, segments: 1 });
    assert.equal(countSegments('a'.repeat(160)).segments, 1);
    assert.equal(countSegments('a'.repeat(161)).segments, 2);
    assert.equal(countSegments('a'.repeat(306)).segments, 2);
    assert.equal(countSegments('a'.repeat(307)).segments, 3);
    assert.deepEqual(countSegments('€'), { encoding: 'GSM-7', length: 2, segments: 1 }, 'the euro sign takes two');
  });

  it('turns to UCS-2 for any other character: 70, then 67 per part', () => {
    assert.deepEqual(countSegments('Kiitos 🙂'), { encoding: 'UCS-2', length: 9, segments: 1 });
    assert.equal(countSegments(`Kiitos – ${'a'.repeat(61)}`).segments, 1);
    assert.equal(countSegments(`Kiitos – ${'a'.repeat(62)}`).segments, 2);
    assert.equal(countSegments('õ'.repeat(135)).segments, 3);
  });
});

describe('reading replies', () => {
  const nps = (t: string) => parseReply('nps', t);
  it('reads the NPS in digits and words in three languages', () => {
    for (const [text, value] of [
      ['9', 9],
      [' 10 ', 10],
      ['10/10', 10],
      ['0', 0],
      ['yhdeksän', 9],
      ['Kymppi!', 10],
      ['ysi', 9],
      ['nio', 9],
      ['tio', 10],
      ['nine', 9],
      ['Ten', 10],
      ['8 kiitos', 8],
      ['antaisin 7', 7],
      ['noll', 0],
      ['nolla', 0],
      ['åtta', 8],
      ['seitsemän.', 7],
    ] as const) {
      assert.deepEqual(nps(text), { kind: 'answer', value }, text);
    }
  });

  it('does not guess: out of range, two numbers or no number is unreadable', () => {
    for (const text of ['11', '8 tai 9', 'hyvä', '', '-1 ', 'en tiedä', '100']) assert.deepEqual(nps(text), { kind: 'unreadable' }, text);
    assert.deepEqual(parseReply('likert', '6'), { kind: 'unreadable' });
    assert.deepEqual(parseReply('likert', '0'), { kind: 'unreadable' });
    assert.deepEqual(parseReply('likert', 'viisi'), { kind: 'answer', value: 5 });
    assert.deepEqual(parseReply('likert', '4/5'), { kind: 'answer', value: 4 });
  });

  it('reads yes and no in three languages', () => {
    for (const t of ['Kyllä', 'joo', 'K', 'ja', 'Yes', 'y']) assert.deepEqual(parseReply('yesno', t), { kind: 'answer', value: true }, t);
    for (const t of ['Ei', 'en', 'nej', 'No', 'ei kiitos']) assert.deepEqual(parseReply('yesno', t), { kind: 'answer', value: false }, t);
    assert.deepEqual(parseReply('yesno', 'ehkä'), { kind: 'unreadable' });
  });

  it('takes any text for the open question, and the stop words everywhere', () => {
    assert.deepEqual(parseReply('open', ' Hyvä palvelu. '), { kind: 'answer', value: 'Hyvä palvelu.' });
    for (const t of ['LOPETA', 'stopp', 'Stop', 'stop.', 'Lopeta kiitos']) {
      assert.deepEqual(parseReply('nps', t), { kind: 'stop' }, t);
      assert.deepEqual(parseReply('open', t), { kind: 'stop' }, t);
    }
    assert.deepEqual(parseReply('open', 'Ei saa lopettaa hoitoa kesken, vaikka stop-merkki'), {
      kind: 'answer',
      value: 'Ei saa lopettaa hoitoa kesken, vaikka stop-merkki',
    });
  });
});

describe('when a request may be sent', () => {
  const rule = { delayMs: 0, withinHours: 48, window: parseWindow('09:00-20:00')! };
  const at = (iso: string) => new Date(iso);

  it('sends a daytime visit at once and an evening visit the next morning at nine, Helsinki time', () => {
    assert.deepEqual(planSend(at('2026-11-23T10:15:00+02:00'), rule)?.sendAfter, at('2026-11-23T10:15:00+02:00'));
    assert.deepEqual(planSend(at('2026-11-23T21:30:00+02:00'), rule)?.sendAfter, at('2026-11-24T09:00:00+02:00'));
    assert.deepEqual(planSend(at('2026-11-24T06:00:00+02:00'), rule)?.sendAfter, at('2026-11-24T09:00:00+02:00'));
  });

  it('keeps nine o’clock on the Helsinki clock across both daylight-saving changes', () => {
    // Summer time starts on 29 March 2026 and ends on 25 October 2026.
    assert.deepEqual(planSend(at('2026-03-28T22:00:00+02:00'), rule)?.sendAfter, at('2026-03-29T09:00:00+03:00'));
    assert.deepEqual(planSend(at('2026-10-24T22:00:00+03:00'), rule)?.sendAfter, at('2026-10-25T09:00:00+02:00'));
    assert.deepEqual(helsinkiInstant(2026, 10, 25, 3 * 60 + 30).toISOString(), '2026-10-25T01:30:00.000Z', 'the repeated hour: the later one');
  });

  it('waits the configured delay, can wait until the next day noon, and gives up when the window leaves no time', () => {
    assert.deepEqual(planSend(at('2026-11-23T10:00:00+02:00'), { ...rule, delayMs: parseDelay('30m')! })?.sendAfter, at('2026-11-23T10:30:00+02:00'));
    assert.deepEqual(planSend(at('2026-11-23T10:00:00+02:00'), { ...rule, nextDayFrom: 12 * 60 })?.sendAfter, at('2026-11-24T12:00:00+02:00'));
    const call = { ...rule, withinHours: 1 };
    assert.deepEqual(planSend(at('2026-11-23T19:30:00+02:00'), call), {
      sendAfter: at('2026-11-23T19:30:00+02:00'),
      sendBefore: at('2026-11-23T20:30:00+02:00'),
    });
    assert.equal(planSend(at('2026-11-23T20:10:00+02:00'), call), null, 'a call at 20:10 cannot be asked about within the hour');
    assert.deepEqual(planSend(at('2026-11-23T10:00:00+02:00'), { ...rule, delayMs: parseDelay('1d')! })?.sendAfter, at('2026-11-24T10:00:00+02:00'));
  });

  it('reads the window and delay settings, refusing nonsense', () => {
    assert.deepEqual(parseWindow('9:00-20:00'), { start: 540, end: 1200 });
    assert.equal(parseWindow('20:00-09:00'), null);
    assert.equal(parseDelay('2h'), 7_200_000);
    assert.equal(parseDelay('0'), 0);
    assert.equal(parseDelay('soon'), null);
  });
});
