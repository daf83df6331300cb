import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { controlChar, isValidHenkilotunnus } from './henkilotunnus.ts';
import { evaluateNames, scoreNames } from '../../bench/names-set.ts';
import { maskingSet, scoreMasking } from '../../bench/masking-set.ts';
import { mask } from './mask.ts';
import { prng } from '../shared/prng.ts';

const r = prng(7);
const digits = (n: number) => Array.from({ length: n }, () => Math.floor(r.next() * 10)).join('');
const pad = (n: number) => String(n).padStart(2, '0');
const sentences = [
  'Henkilötunnukseni on X, soittakaa.',
  'X',
  'Asiakas (X) odotti.',
  'Tunnus: X.',
  'Mitt personnummer är X och jag väntade.',
  'My ID X was asked twice',
];
const inSentence = (x: string) => r.pick(sentences).replace('X', x);

function hetu(valid: boolean): string {
  const sign = r.pick(['-', '+', 'A', 'B', 'C', 'D', 'E', 'F', 'U', 'V', 'W', 'X', 'Y']);
  const century = sign === '+' ? 1800 : 'ABCDEF'.includes(sign) ? 2000 : 1900;
  const year = century + Math.floor(r.next() * (century === 2000 ? 26 : 100));
  const month = 1 + Math.floor(r.next() * 12);
  const day = 1 + Math.floor(r.next() * new Date(Date.UTC(year, month, 0)).getUTCDate());
  const ddmmyy = `${pad(day)}${pad(month)}${pad(year % 100)}`;
  const nnn = String(2 + Math.floor(r.next() * 897)).padStart(3, '0');
  const right = controlChar(ddmmyy, nnn);
  const check = valid ? right : r.pick([...'0123456789ABCDEFHJKLMNPRSTUVWXY'].filter((c) => c !== right));
  return `${ddmmyy}${sign}${nnn}${check}`;
}

function phoneNumber(): string {
  const mobile = r.pick(['40', '41', '44', '45', '50']);
  return r.pick([
    () => `0${mobile} ${digits(3)} ${digits(4)}`,
    () => `0${mobile}${digits(7)}`,
    () => `0${mobile}-${digits(7)}`,
    () => `0${mobile} ${digits(7)}`,
    () => `+358 ${mobile} ${digits(3)} ${digits(4)}`,
    () => `+358${mobile}${digits(7)}`,
    () => `+358 (0)${mobile} ${digits(7)}`,
    () => `00358 ${mobile} ${digits(7)}`,
    () => `09 ${digits(4)} ${digits(4)}`,
    () => `(09) ${digits(3)} ${digits(4)}`,
    () => `010 ${digits(3)} ${digits(4)}`,
    () => `019 ${digits(6)}`,
    () => `+46 70 ${digits(3)} ${digits(2)} ${digits(2)}`,
    () => `+44 20 ${digits(4)} ${digits(4)}`,
  ])();
}

describe('masking personal data', () => {
  it('checks identity codes by their date and control character, old and 2023 century signs alike', () => {
    assert.equal(isValidHenkilotunnus('131052-308T'), true);
    assert.equal(isValidHenkilotunnus('131052-308U'), false, 'wrong control character');
    assert.equal(isValidHenkilotunnus('010594Y9021'), true, 'a 2023 century sign for the 1900s');
    assert.equal(isValidHenkilotunnus('020502E902X'), true, 'and for the 2000s');
    assert.equal(isValidHenkilotunnus('310289-123A'), false, 'no 31 February');
  });

  it('finds every identity code, right or wrong control character, every phone number and e-mail address in 3 000 generated texts', () => {
    for (let i = 0; i < 1000; i++) {
      const code = hetu(i % 2 === 0);
      const m = mask(inSentence(code));
      assert.ok(m.text.includes('[henkilötunnus]') && !m.text.includes(code), `${code}: ${m.text}`);
    }
    for (let i = 0; i < 1000; i++) {
      const p = phoneNumber();
      const text = r.pick(['Soittakaa numeroon X.', 'Puh. X', 'X tai sähköpostilla', 'Ring mig på X, tack.', 'Call X after 4 pm', 'numero X']).replace('X', p);
      const m = mask(text);
      assert.ok(m.text.includes('[puhelin]') && !/\d{3}/.test(m.text.replace(/\b4 pm\b/, '')), `${p}: ${m.text}`);
    }
    for (let i = 0; i < 1000; i++) {
      const local = r.pick(['matti.meikalainen', 'aino_k', 'm.virtanen+palaute', 'anna-liisa', 'x123']);
      const domain = r.pick(['example.fi', 'posti.kaikula.fi', 'gmail.com', 'hyvinvointialue.fi', 'ääkkös.fi']);
      const m = mask(`Vastatkaa osoitteeseen ${local}${i}@${domain}, kiitos.`);
      assert.equal(m.text, 'Vastatkaa osoitteeseen [sähköposti], kiitos.');
    }
  });

  it('leaves dates, times, money and other numbers alone', () => {
    for (const text of [
      'Kävin 12.3.2024 klo 14.30 ja odotin 45 min.',
      'Lasku oli 1 250 € ja toinen 120,50 euroa.',
      'Maksoin 3 000 euroa vuonna 2019.',
      'Ajanvaraus 24.11.2026 kello 9:15, huone 12.',
      'Annan 10/10, NPS 9.',
      'Viikolla 48 soitin 3 kertaa.',
      'Jonotin 2 h 15 min.',
      'Tiden 1.12. kl. 08.00 i rum 204.',
      'The bill was €85.40 on 3/4/2025.',
      'Lähete nro 123456 hukkui.',
      'Puhelinjono 0-30 min.',
      'Kela-korvaus 35 %.',
    ]) {
      assert.equal(mask(text).text, text, text);
    }
  });

  it('masks street addresses with their numbers and postcodes', () => {
    assert.equal(mask('Asun osoitteessa Mannerheimintie 12 A 3, 00100 Helsinki.').text, 'Asun osoitteessa [osoite].');
    assert.equal(mask('Kotihoito tuli Rantatie 5:een myöhässä.').text, 'Kotihoito tuli [osoite]:een myöhässä.');
    assert.equal(mask('Jag bor på Storgatan 4 b i Borgå.').text, 'Jag bor på [osoite] i Borgå.');
  });

  it('finds names well enough, measured on labelled sentences', () => {
    const labelled: [string, string][] = [
      ['Hoitaja Minna oli tosi ystävällinen.', 'Hoitaja [nimi] oli tosi ystävällinen.'],
      ['Lääkäri Virtanen ei kuunnellut.', 'Lääkäri [nimi] ei kuunnellut.'],
      ['Kiitos Pekalle ja Sannalle avusta!', 'Kiitos [nimi] ja [nimi] avusta!'],
      ['Minna Korhonen hoiti asiani hyvin.', '[nimi] hoiti asiani hyvin.'],
      ['Terveydenhoitaja Laura Mäkinen neuvoi hyvin.', 'Terveydenhoitaja [nimi] neuvoi hyvin.'],
      ['Sjuksköterskan Anna var jättebra.', 'Sjuksköterskan [nimi] var jättebra.'],
      ['Doctor Smith explained everything.', 'Doctor [nimi] explained everything.'],
      ['Kävin Porvoon terveysasemalla maanantaina.', 'Kävin Porvoon terveysasemalla maanantaina.'],
      ['Omaolo ja Kela eivät toimineet.', 'Omaolo ja Kela eivät toimineet.'],
      ['Helsingin päivystyksessä jonotin.', 'Helsingin päivystyksessä jonotin.'],
      ['Toivon parempaa palvelua.', 'Toivon parempaa palvelua.'],
      ['Äitini Aino pääsi kotiin.', 'Äitini [nimi] pääsi kotiin.'],
      ['Fysioterapeutti Jussi auttoi.', 'Fysioterapeutti [nimi] auttoi.'],
      ['Soitin Kallelle kolmesti.', 'Soitin [nimi] kolmesti.'],
      ['Erityiskiitos hoitajalle Heidi Nieminen!', 'Erityiskiitos hoitajalle [nimi]!'],
      ['Kotihoidon Merja on ihana.', 'Kotihoidon [nimi] on ihana.'],
    ];
    const { recall, precision } = scoreNames(labelled);
    console.log(`names: recall ${(recall * 100).toFixed(0)} %, precision ${(precision * 100).toFixed(0)} % on ${labelled.length} labelled sentences`);
    assert.ok(recall >= 0.85, `recall ${recall}`);
    assert.ok(precision >= 0.9, `precision ${precision}`);
  });

  it('masks what people really type, measured on the adversarial set (bench/masking-set.ts)', () => {
    const s = scoreMasking(maskingSet());
    const pct = (n: number, d: number) => `${((100 * n) / d).toFixed(1)} % (${n}/${d})`;
    console.log(
      Object.entries(s.recall)
        .map(([k, v]) => `${k} recall ${pct(v.found, v.total)}`)
        .concat(Object.entries(s.masked).map(([k, v]) => `${k} masked ${pct(v.changed, v.total)}`))
        .join(', '),
    );
    for (const kind of ['hetu', 'phone', 'email'] as const)
      assert.equal(
        s.recall[kind].found,
        s.recall[kind].total,
        `${kind}: ${s.misses
          .filter((m) => m.startsWith(kind))
          .slice(0, 5)
          .join('; ')}`,
      );
    assert.ok(
      s.recall.name.found / s.recall.name.total >= 0.95,
      `names: ${s.misses
        .filter((m) => m.startsWith('name'))
        .slice(0, 5)
        .join('; ')}`,
    );
    for (const [kind, v] of Object.entries(s.masked))
      assert.equal(
        v.changed,
        0,
        `${kind} masked: ${s.misses
          .filter((m) => m.startsWith(kind))
          .slice(0, 5)
          .join('; ')}`,
      );
    for (const [text, want] of [
      ['Soita 040\u00a0123\u00a04567.', 'Soita [puhelin].'],
      ['Soita 044–765 4321.', 'Soita [puhelin].'],
      ['Soita 050.123.4567 tai 050/1234567.', 'Soita [puhelin] tai [puhelin].'],
      ['Numero 358401234567.', 'Numero [puhelin].'],
      ['Tunnus 010190\u2010123A ja 010190\u2212123A.', 'Tunnus [henkilötunnus] ja [henkilötunnus].'],
      ['Tunnus 010190-123Ab.', 'Tunnus [henkilötunnus].'],
      ['Sirpa kohteli minua hyvin.', '[nimi] kohteli minua hyvin.'],
      ['Anna soitti takaisin.', '[nimi] soitti takaisin.'],
      ['Anna minulle aikaa.', 'Anna minulle aikaa.'],
      ['Kävin 01.10.2026 klo 10.30, huone 2034, viite 49828 09583 65195.', 'Kävin 01.10.2026 klo 10.30, huone 2034, viite 49828 09583 65195.'],
    ])
      assert.equal(mask(text!).text, want, text);
  });

  it('finds names outside its own lists through Voikko, in any inflection', () => {
    const r = evaluateNames();
    assert.ok(r.recall >= 0.85, `recall ${r.recall}: ${r.misses.join('; ')}`);
    assert.equal(r.precision, 1, r.misses.join('; '));
    assert.equal(mask('Erityiskiitos Helvi Rautiaiselle.').text, 'Erityiskiitos [nimi].');
  });
});
