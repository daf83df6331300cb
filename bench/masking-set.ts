import path from 'node:path';
import { controlChar } from '../src/analysis/henkilotunnus.ts';
import { mask } from '../src/analysis/mask.ts';
import { prng } from '../src/shared/prng.ts';

/**
 * An adversarial set for masking: personal data written the ways people really type it (every
 * separator, with and without the country code, right and wrong check characters, names at the
 * start of a sentence and after titles, in Finnish, Swedish and English), and things that look
 * like it but are not (dates, times, money, room and reference numbers). Generated from a seed,
 * so every run measures the same set.
 */
export type Kind = 'hetu' | 'phone' | 'email' | 'name';
export type KeepKind = 'date' | 'time' | 'money' | 'room' | 'reference';

export interface Case {
  text: string;
  lang: 'fi' | 'sv' | 'en';
  /** Personal data in the text: each value must be gone from the masked text. */
  secrets: { kind: Kind; value: string }[];
  /** Look-alikes in the text: each must still be there, unchanged. */
  keep: { kind: KeepKind; value: string }[];
}

const spaces = [' ', '\u00a0', '\u202f', '\u2009', '\u2007'];
const dashes = ['-', '\u2010', '\u2011', '\u2012', '\u2013', '\u2014', '\u2212'];

export function maskingSet(seed = 20261201, size = 4000): Case[] {
  const r = prng(seed);
  const pick = <T>(xs: readonly T[]) => r.pick(xs as T[]);
  const digits = (n: number) => Array.from({ length: n }, () => Math.floor(r.next() * 10)).join('');
  const pad = (n: number) => String(n).padStart(2, '0');

  const hetu = (): string => {
    const sign = pick(['-', '-', '-', 'A', 'A', '+', 'B', 'C', 'D', 'E', 'F', 'U', 'V', 'W', 'X', 'Y']);
    const century = sign === '+' ? 1800 : 'ABCDEF'.includes(sign) ? 2000 : 1900;
    const year = century + Math.floor(r.next() * (century === 2000 ? 26 : 100));
    const month = 1 + Math.floor(r.next() * 12);
    const day = 1 + Math.floor(r.next() * new Date(Date.UTC(year, month, 0)).getUTCDate());
    const ddmmyy = `${pad(day)}${pad(month)}${pad(year % 100)}`;
    const nnn = String(2 + Math.floor(r.next() * 897)).padStart(3, '0');
    const right = controlChar(ddmmyy, nnn);
    const check = r.next() < 0.7 ? right : pick([...'0123456789ABCDEFHJKLMNPRSTUVWXY'].filter((c) => c !== right));
    // the century sign typed with whatever dash the keyboard or a word processor gave
    const shownSign = sign === '-' ? pick(dashes) : r.next() < 0.2 ? sign.toLowerCase() : sign;
    const tail = r.next() < 0.1 ? pick(['b', 'x', 'kin', 'llä']) : '';
    return `${ddmmyy}${shownSign}${nnn}${r.next() < 0.15 ? check.toLowerCase() : check}${tail}`;
  };

  const phone = (): string => {
    const sep = pick([' ', ' ', '-', '', '.', '/', ...spaces, ...dashes]);
    const sep2 = r.next() < 0.7 ? sep : pick([' ', '']);
    const mobile = pick(['40', '41', '44', '45', '46', '50']);
    const landline = pick(['9', '2', '3', '13', '14', '17', '19', '6', '8']);
    const national = r.next() < 0.8;
    const area = national ? mobile : landline;
    const rest = national ? `${digits(3)}${sep2}${digits(4)}` : `${digits(3)}${sep2}${digits(3)}`;
    return pick([
      () => `0${area}${sep}${rest}`,
      () => `0${area}${sep}${digits(7)}`,
      () => `(0${area})${pick([' ', ''])}${rest}`,
      () => `+358${pick([' ', '', '-', '\u00a0'])}${area}${sep}${rest}`,
      () => `+358${pick([' ', ''])}(0)${area}${sep}${rest}`,
      () => `00358${pick([' ', ''])}${area}${sep}${rest}`,
      () => `358${area}${digits(7)}`,
      () => `358 ${area} ${digits(3)} ${digits(4)}`,
      () => `+46${pick([' ', ''])}70${sep}${digits(3)}${sep2}${digits(2)}${sep2}${digits(2)}`,
      () => `+44 20${sep}${digits(4)}${sep2}${digits(4)}`,
    ])();
  };

  const email = (): string => {
    const local = pick(['matti.meikalainen', 'aino_k', 'm.virtanen+palaute', 'anna-liisa', 'Liisa.Laine', 'x123', 'meikäläinen']);
    const domain = pick(['example.fi', 'posti.kaikula.fi', 'gmail.com', 'HYVINVOINTIALUE.FI', 'ääkkös.fi', 'outlook.com']);
    return `${local}${Math.floor(r.next() * 100)}@${domain}`;
  };

  // Names from Kaiku's lists and beyond them (Voikko knows these), in the forms sentences need.
  const firstNames = [
    'Sirpa',
    'Minna',
    'Pekka',
    'Anna',
    'Helvi',
    'Terttu',
    'Raili',
    'Eija',
    'Jouko',
    'Kaisa',
    'Marketta',
    'Tuija',
    'Irmeli',
    'Päivi',
    'Jarkko',
    'Anneli',
    'Heikki',
    'Maija',
    'Sanna',
    'Leila',
  ];
  const surnames = ['Virtanen', 'Korhonen', 'Mäkinen', 'Nieminen', 'Rautiainen', 'Hyvärinen', 'Lindholm', 'Kauppinen', 'Saarinen', 'Heikkinen'];
  const inflect: Record<string, string> = {
    Sirpa: 'Sirpalle',
    Minna: 'Minnalle',
    Pekka: 'Pekalle',
    Anna: 'Annalle',
    Helvi: 'Helville',
    Terttu: 'Tertulle',
    Raili: 'Railille',
    Eija: 'Eijalle',
    Jouko: 'Joukolle',
    Kaisa: 'Kaisalle',
    Marketta: 'Marketalle',
    Tuija: 'Tuijalle',
    Irmeli: 'Irmelille',
    Päivi: 'Päiville',
    Jarkko: 'Jarkolle',
    Anneli: 'Annelille',
    Heikki: 'Heikille',
    Maija: 'Maijalle',
    Sanna: 'Sannalle',
    Leila: 'Leilalle',
  };

  const keepDate = () =>
    pick([
      () => `${1 + Math.floor(r.next() * 28)}.${1 + Math.floor(r.next() * 12)}.2026`,
      () => `${pad(1 + Math.floor(r.next() * 28))}.${pad(1 + Math.floor(r.next() * 12))}.2026`,
      () => `${1 + Math.floor(r.next() * 28)}.${1 + Math.floor(r.next() * 12)}.`,
      () => `2026-${pad(1 + Math.floor(r.next() * 12))}-${pad(1 + Math.floor(r.next() * 28))}`,
      () => `${1 + Math.floor(r.next() * 28)}/${1 + Math.floor(r.next() * 12)}/2026`,
      () => `${pad(1 + Math.floor(r.next() * 9))}.${pad(10 + Math.floor(r.next() * 3))}.26`,
    ])();
  const keepTime = () =>
    pick([
      () => `${8 + Math.floor(r.next() * 10)}.${pick(['00', '15', '30', '45'])}`,
      () => `${8 + Math.floor(r.next() * 10)}:${pick(['00', '15', '30', '45'])}`,
      () => `0${8 + Math.floor(r.next() * 2)}.${pick(['00', '30'])}`,
    ])();
  const keepMoney = () =>
    pick([
      () => `${1 + Math.floor(r.next() * 900)},${digits(2)} €`,
      () => `1 ${digits(3)},${digits(2)} euroa`,
      () => `${digits(2)}.${digits(2)} e`,
      () => `€${digits(2)}.${digits(2)}`,
      () => `1.${digits(3)},${digits(2)} €`,
      () => `${digits(3)} euroa`,
    ])();
  const keepRoom = () =>
    pick([() => `huone ${digits(4)}`, () => `B ${digits(3)}`, () => `huone ${digits(1)}.${digits(2)}`, () => `rum ${digits(3)}`, () => `room ${digits(3)}`])();
  const keepReference = () =>
    pick([
      () => `K-2026-${digits(6)}`,
      () => `${1 + Math.floor(r.next() * 9)}${digits(4)} ${digits(5)} ${digits(5)}`,
      () => `2026-${digits(5)}`,
      () => `${1 + Math.floor(r.next() * 9)}${digits(7)}`,
      () => `RF${digits(2)} ${digits(4)} ${digits(4)}`,
    ])();

  const templates: ((c: Case) => string)[] = [
    // identity codes
    (c) => {
      const h = hetu();
      c.secrets.push({ kind: 'hetu', value: h });
      return pick([`Henkilötunnukseni on ${h}, soittakaa.`, `Asiakas (${h}) odotti.`, `Tunnus: ${h}.`, `${h} – tämä on äitini.`]);
    },
    (c) => {
      const h = hetu();
      c.lang = 'sv';
      c.secrets.push({ kind: 'hetu', value: h });
      return `Mitt personnummer är ${h} och jag väntade länge.`;
    },
    (c) => {
      const h = hetu();
      c.lang = 'en';
      c.secrets.push({ kind: 'hetu', value: h });
      return `My ID ${h} was asked twice.`;
    },
    // phones
    (c) => {
      const p = phone();
      c.secrets.push({ kind: 'phone', value: p });
      return pick([
        `Soittakaa numeroon ${p}.`,
        `Puh. ${p}`,
        `${p} tai sähköpostilla`,
        `Numeroni: ${p}, kiitos.`,
        `Tavoittaa numerosta ${p} klo ${keepTime()} jälkeen.`,
      ]);
    },
    (c) => {
      const p = phone();
      c.lang = 'sv';
      c.secrets.push({ kind: 'phone', value: p });
      return `Ring mig på ${p}, tack.`;
    },
    (c) => {
      const p = phone();
      c.lang = 'en';
      c.secrets.push({ kind: 'phone', value: p });
      return `Call me on ${p} after work.`;
    },
    // e-mail
    (c) => {
      const e = email();
      c.secrets.push({ kind: 'email', value: e });
      return pick([`Vastatkaa osoitteeseen ${e}, kiitos.`, `Sähköposti: ${e}`, `<${e}>`]);
    },
    // names at the start of a sentence, after titles, inflected, full
    (c) => {
      const n = pick(firstNames);
      c.secrets.push({ kind: 'name', value: n });
      return pick([`${n} kohteli minua hyvin.`, `Kiitos kaikesta. ${n} oli ihana.`, `${n} soitti takaisin heti.`]);
    },
    (c) => {
      const n = pick(firstNames);
      c.secrets.push({ kind: 'name', value: n });
      return `${pick(['Hoitaja', 'Lääkäri', 'Terveydenhoitaja', 'Fysioterapeutti', 'Sairaanhoitaja'])} ${n} ${pick(['oli ystävällinen.', 'ei kuunnellut.', 'auttoi paljon.'])}`;
    },
    (c) => {
      const n = pick(firstNames);
      c.secrets.push({ kind: 'name', value: inflect[n]! });
      return `Erityiskiitos ${inflect[n]} avusta!`;
    },
    (c) => {
      const n = pick(firstNames);
      const s = pick(surnames);
      c.secrets.push({ kind: 'name', value: n }, { kind: 'name', value: s });
      return pick([`${n} ${s} hoiti asiani hyvin.`, `Kiitos, ${n} ${s}!`, `Tohtori ${s} soitti.`]);
    },
    (c) => {
      const n = pick(firstNames);
      c.lang = 'sv';
      c.secrets.push({ kind: 'name', value: n });
      return pick([`Sjuksköterskan ${n} var jättebra.`, `${n} ringde tillbaka direkt.`]);
    },
    (c) => {
      const n = pick(firstNames);
      const s = pick(surnames);
      c.lang = 'en';
      c.secrets.push({ kind: 'name', value: s });
      return pick([`Doctor ${s} explained everything.`, `Nurse ${n} ${s} was kind.`]).replace(`${n} `, (m) => {
        c.secrets.push({ kind: 'name', value: n });
        return m;
      });
    },
    // look-alikes that must stay
    (c) => {
      const d = keepDate();
      const t = keepTime();
      c.keep.push({ kind: 'date', value: d }, { kind: 'time', value: t });
      return `Kävin ${d} klo ${t} ja odotin ${1 + Math.floor(r.next() * 90)} minuuttia.`;
    },
    (c) => {
      const m = keepMoney();
      c.keep.push({ kind: 'money', value: m });
      return pick([`Lasku oli ${m}.`, `Maksoin ${m} liikaa.`]);
    },
    (c) => {
      const room = keepRoom();
      const d = keepDate();
      c.keep.push({ kind: 'room', value: room }, { kind: 'date', value: d });
      return `Aika oli ${d}, ${room}.`;
    },
    (c) => {
      const ref = keepReference();
      c.keep.push({ kind: 'reference', value: ref });
      return pick([`Viitenumero ${ref} ei kelvannut.`, `Lähete ${ref} hukkui.`, `Palautteen tunnus ${ref}.`]);
    },
    (c) => {
      const d = keepDate();
      const m = keepMoney();
      c.lang = 'sv';
      c.keep.push({ kind: 'date', value: d }, { kind: 'money', value: m });
      return `Räkningen ${d} var ${m}.`;
    },
    (c) => {
      const t = keepTime();
      const room = keepRoom();
      c.lang = 'en';
      c.keep.push({ kind: 'time', value: t }, { kind: 'room', value: room });
      return `The appointment at ${t} in ${room} was late.`;
    },
  ];

  const cases: Case[] = [];
  for (let i = 0; i < size; i++) {
    const c: Case = { text: '', lang: 'fi', secrets: [], keep: [] };
    c.text = pick(templates)(c);
    cases.push(c);
  }
  return cases;
}

export interface MaskingScore {
  recall: Record<Kind, { found: number; total: number }>;
  /** Look-alikes changed by masking (should be none). */
  masked: Record<KeepKind, { changed: number; total: number }>;
  misses: string[];
}

/** Masks each case and counts what was caught and what was wrongly touched. */
export function scoreMasking(cases: Case[]): MaskingScore {
  const recall = { hetu: { found: 0, total: 0 }, phone: { found: 0, total: 0 }, email: { found: 0, total: 0 }, name: { found: 0, total: 0 } };
  const masked = {
    date: { changed: 0, total: 0 },
    time: { changed: 0, total: 0 },
    money: { changed: 0, total: 0 },
    room: { changed: 0, total: 0 },
    reference: { changed: 0, total: 0 },
  };
  const misses: string[] = [];
  for (const c of cases) {
    const out = mask(c.text).text;
    for (const s of c.secrets) {
      recall[s.kind].total++;
      // gone: no word of the value left in the text (digits of a phone number, the name itself)
      const left = s.kind === 'name' ? new RegExp(`(?<![\\p{L}])${s.value}(?![\\p{L}])`, 'u').test(out) : out.includes(s.value) || digitsLeft(s.value, out);
      if (!left) recall[s.kind].found++;
      else misses.push(`${s.kind}: ${JSON.stringify(c.text)} → ${JSON.stringify(out)}`);
    }
    for (const k of c.keep) {
      masked[k.kind].total++;
      if (!out.includes(k.value)) {
        masked[k.kind].changed++;
        misses.push(`${k.kind} masked: ${JSON.stringify(c.text)} → ${JSON.stringify(out)}`);
      }
    }
  }
  return { recall, masked, misses };
}

/** Four or more digits of a number still in the masked text: it was not masked whole. */
function digitsLeft(value: string, out: string): boolean {
  const runs = value.match(/\d{4,}/g) ?? [];
  return runs.some((run) => out.includes(run));
}

if (process.argv[1] && import.meta.url.endsWith(path.basename(process.argv[1]))) {
  const s = scoreMasking(maskingSet());
  for (const [k, v] of Object.entries(s.recall)) console.log(`${k}: recall ${((100 * v.found) / v.total).toFixed(1)} % (${v.found}/${v.total})`);
  for (const [k, v] of Object.entries(s.masked)) console.log(`${k}: masked ${((100 * v.changed) / v.total).toFixed(1)} % (${v.changed}/${v.total})`);
  for (const m of s.misses.slice(0, Number(process.env.SHOW ?? 40))) console.log(`  ${m}`);
}
