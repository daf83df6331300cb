import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyse } from './analyse.ts';
import { defaultTaxonomy } from './default-taxonomy.ts';

const topics = (text: string) => analyse(text, defaultTaxonomy).topics.map((t) => t.key);

describe('the offline analyser', () => {
  it('finds the topics of feedback from word beginnings and compound parts, in three languages', () => {
    assert.equal(topics('Takaisinsoittoa ei tullut, ja puhelinjono oli tunnin.')[0], 'phone');
    assert.ok(topics('Hinnat nousivat taas.').includes('fees'), 'Voikko reads "hinnat" as "hinta"');
    assert.ok(topics('Nettiajanvaraus ei toiminut.').includes('booking'));
    assert.ok(topics('Lasku tuli kahteen kertaan.').includes('fees'));
    assert.ok(topics('Jag fick vänta länge på tidsbokningen.').includes('booking'));
    assert.ok(topics('The ambulance came quickly.').includes('emergency'));
    assert.deepEqual(topics('Kiitos.'), []);
  });

  it('analyses the masked text, never the original', () => {
    const a = analyse('Hoitaja Minna Virtanen (040 123 4567) oli ihana.', defaultTaxonomy);
    assert.equal(a.masked, 'Hoitaja [nimi] ([puhelin]) oli ihana.');
    assert.deepEqual([a.language, a.tone], ['fi', 'positive']);
  });
});
