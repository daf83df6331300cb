import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { builtinDefinitions } from './builtin-surveys.ts';
import { definitionLanguages } from './definition.ts';
import { respondentTexts } from './respondent-texts.ts';
import { validateAnswers, validateBackground } from './validate-answers.ts';

const byId = Object.fromEntries(builtinDefinitions().map((d) => [d.id, d]));

describe('built-in THL surveys', () => {
  it('has the national survey with the contract keys in THL order, in Finnish, Swedish and English', () => {
    const d = byId['thl-national']!;
    assert.deepEqual(
      d.questions.map((q) => q.key),
      ['nps', 'nps_open', 'availability', 'encounter', 'participation', 'information', 'understandability', 'safety', 'usefulness'],
    );
    assert.deepEqual(
      d.questions.map((q) => q.type),
      ['nps', 'open', 'likert', 'likert', 'likert', 'likert', 'likert', 'likert', 'likert'],
    );
    assert.ok(
      d.questions.every((q) => q.national && !q.required),
      'all national, all may be left unanswered',
    );
    assert.deepEqual(definitionLanguages(d), ['fi', 'sv', 'en']);
    assert.equal(d.questions[0]!.text.fi, 'Kuinka todennäköisesti suosittelisit saamaasi palvelua läheisellesi tai ystävällesi?');
    assert.match(d.questions[0]!.altText!.fi!, /samankaltaisessa tilanteessa/);
    assert.equal(d.questions[1]!.text.fi, 'Mikä vaikutti kokemukseesi eniten?');
  });

  it('has the relatives’, children’s, youth and first-contact variants', () => {
    assert.equal(byId['thl-relatives']!.respondentType, 'relative');
    assert.match(byId['thl-relatives']!.questions.find((q) => q.key === 'participation')!.text.fi!, /^Läheiseni hoitoa\/palvelua koskevat päätökset/);
    assert.equal(byId['thl-children']!.questions.find((q) => q.key === 'encounter')!.text.fi, 'Työntekijä oli minulle kiva.');
    assert.ok(byId['thl-youth']);
    const fc = byId['thl-first-contact']!;
    assert.deepEqual(
      fc.questions.map((q) => [q.key, q.type]),
      [
        ['solved', 'yesno'],
        ['knows_next', 'yesno'],
        ['nps', 'nps'],
      ],
    );
    assert.equal(fc.questions.find((q) => q.key === 'nps')!.required, false, 'asked only where the county ticks it for SMS');
    assert.deepEqual(fc.background, [{ key: 'callType', values: ['line', 'callback'], required: true }]);
  });

  it('reads its respondent texts from data files, one per language', () => {
    assert.deepEqual(Object.keys(respondentTexts).sort(), ['en', 'fi', 'sv']);
    assert.deepEqual(respondentTexts.fi!.likert, [
      'täysin eri mieltä',
      'osittain eri mieltä',
      'ei samaa eikä eri mieltä',
      'osittain samaa mieltä',
      'täysin samaa mieltä',
    ]);
  });
});

describe('answer validation', () => {
  const d = byId['thl-national']!;
  it('accepts form strings and JSON values alike, skipped as null', () => {
    const form = validateAnswers(d, { nps: '9', availability: '5', encounter: 'skip', nps_open: '  Hyvä  ' });
    assert.deepEqual(form.errors, []);
    assert.deepEqual(form.answers, {
      nps: 9,
      nps_open: 'Hyvä',
      availability: 5,
      encounter: null,
      participation: null,
      information: null,
      understandability: null,
      safety: null,
      usefulness: null,
    });
    assert.deepEqual(validateAnswers(d, { nps: 0, safety: null }).errors, []);
  });

  it('names the field and the reason of every bad value', () => {
    const r = validateAnswers(d, { nps: 11, availability: 0, encounter: 'x', nps_open: 'a'.repeat(2001), extra: 1 });
    assert.deepEqual(
      r.errors.map((e) => [e.field, e.reason]),
      [
        ['nps', 'out_of_range'],
        ['nps_open', 'too_long'],
        ['availability', 'out_of_range'],
        ['encounter', 'wrong_type'],
        ['extra', 'unknown_question'],
      ],
    );
    assert.equal(validateAnswers(d, { nps: 9.5 }).errors[0]?.reason, 'wrong_type');
  });

  it('requires the call type of a first-contact answer and knows its values', () => {
    const fc = byId['thl-first-contact']!;
    assert.deepEqual(
      validateBackground(fc, {}).errors.map((e) => [e.field, e.reason]),
      [['background.callType', 'required']],
    );
    assert.deepEqual(
      validateBackground(fc, { callType: 'fax' }).errors.map((e) => e.reason),
      ['bad_background_value'],
    );
    assert.deepEqual(validateBackground(fc, { callType: 'callback', ageGroup: '75+' }), { background: { callType: 'callback', ageGroup: '75+' }, errors: [] });
    assert.deepEqual(
      validateBackground(fc, { callType: 'line', name: 'Matti' }).errors.map((e) => [e.field, e.reason]),
      [['background.name', 'unknown_background']],
    );
  });
});
