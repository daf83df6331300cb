import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { detectLanguage } from './language.ts';
import { scoreTone } from './tone.ts';

const tone = (text: string) => scoreTone(text, detectLanguage(text)).tone;

describe('the language of a text', () => {
  it('tells Finnish, Swedish and English apart, short texts too', () => {
    for (const [text, lang] of [
      ['Hoitaja oli todella ystävällinen ja kuunteli.', 'fi'],
      ['ei toiminut', 'fi'],
      ['Kiitos!', 'fi'],
      ['Jag fick vänta länge i telefon.', 'sv'],
      ['Tack!', 'sv'],
      ['Personalen var vänlig men läkaren hade bråttom.', 'sv'],
      ['The nurse was kind.', 'en'],
      ['Thanks', 'en'],
      ['Nobody called me back.', 'en'],
    ] as const) {
      assert.equal(detectLanguage(text), lang, text);
    }
  });
});

describe('the tone of a text', () => {
  it('reads plain praise and complaints in three languages', () => {
    assert.equal(tone('Hoitaja oli todella ystävällinen, kiitos!'), 'positive');
    assert.equal(tone('Lääkäri oli tyly ja ohjeet epäselviä.'), 'negative');
    assert.equal(tone('Personalen var vänlig och snabb.'), 'positive');
    assert.equal(tone('Det var dåligt bemötande.'), 'negative');
    assert.equal(tone('The staff were friendly and helpful.'), 'positive');
    assert.equal(tone('Terrible service, nobody answered.'), 'negative');
  });

  it('turns around what is negated: "ei ollut hyvä", "en saanut apua", "inte bra", "not good"', () => {
    assert.equal(tone('Palvelu ei ollut hyvä.'), 'negative');
    assert.equal(tone('En saanut apua.'), 'negative');
    assert.equal(tone('Takaisinsoitto ei toiminut.'), 'negative');
    assert.equal(tone('Det var inte bra.'), 'negative');
    assert.equal(tone('It was not good at all.'), 'negative');
    assert.equal(tone('Ei huono.'), 'positive');
  });

  it('weighs what comes after "mutta" and sees mixed feelings', () => {
    assert.equal(tone('Hoito oli hyvää, mutta jonotus kesti kauan ja henkilökunta oli tylyä.'), 'mixed');
    assert.equal(tone('Jonotus kesti kauan, mutta pahinta oli että henkilökunta oli tylyä.'), 'negative');
    assert.equal(tone('Chat sulkeutui itsestään enkä saanut vastausta.'), 'negative');
    assert.equal(tone('There was no parking.'), 'negative');
    assert.equal(tone('Hoitaja oli ystävällinen ja asiantunteva, mutta odotusaika oli kohtuuton ja ohjeet epäselvät.'), 'mixed');
    assert.equal(tone('Vaikka jonotin, lääkäri oli erinomainen.'), 'positive');
  });

  it('says neutral when there is nothing to go on, and does not read "hyvinvointialue" as praise', () => {
    assert.equal(tone('Kävin tiistaina vastaanotolla.'), 'neutral');
    assert.equal(tone('Hyvinvointialueen ajanvarausnumero muuttui.'), 'neutral');
  });
});
