import { clock } from '../shared/clock.ts';
import crypto from 'node:crypto';
import type { Db } from '../shared/db.ts';
import { prng } from '../shared/prng.ts';
import { feedbackEffects } from './handle-feedback.ts';

const texts = {
  fi: [
    'Soitin kolme kertaa takaisinsoittoon, mutta kukaan ei soittanut takaisin.',
    'Hoitaja oli todella ystävällinen ja selitti kaiken rauhallisesti. Kiitos!',
    'Omaolon kautta asiointi oli helppoa ja sain vastauksen samana päivänä.',
    'Ajanvaraus verkossa ei toiminut, ja puhelinjono oli tunnin mittainen.',
    'Äitini kotihoidon käynnit myöhästyvät usein, eikä siitä ilmoiteta.',
    'Laskussa oli virheellinen asiakasmaksu, enkä saanut kiinni ketään, joka osaisi auttaa.',
    'Lääkäri kuunteli ja otti huoleni vakavasti. Tunsin itseni kohdatuksi.',
    'Tieto ei kulkenut päivystyksestä terveysasemalle, jouduin kertomaan kaiken uudelleen.',
    'Pysäköintipaikkoja ei ollut, ja myöhästyin vastaanotolta.',
    'Palvelutalon ruoka on parantunut, kiitos keittiön henkilökunnalle.',
    'Ohjeet leikkauksen jälkeiseen hoitoon olivat epäselvät.',
    'Ensihoitajat olivat nopeita ja rauhoittivat koko perhettä.',
    'Neuvolan terveydenhoitaja oli ihana, lapsi odottaa jo seuraavaa käyntiä.',
    'Chatissa sain nopeasti neuvoa, mutta ajan saaminen kesti viikkoja.',
    'Odotushuoneessa oli kylmä ja vedinen.',
    'Sosiaaliohjaaja auttoi hakemusten kanssa todella paljon.',
  ],
  sv: [
    'Ingen ringde tillbaka fast jag väntade hela dagen.',
    'Personalen var vänlig och bemötte mig på svenska. Tack!',
    'Det var svårt att få service på svenska i telefon.',
    'Hemvårdens besök var punktliga och personalen trevlig.',
  ],
  en: [
    'The online booking did not work and nobody answered the phone.',
    'The nurse explained everything clearly in English. Thank you!',
    'I waited over two hours at the emergency department without any information.',
  ],
} as const;

const descriptions = [
  'Takaisinsoittojonon asetukset tarkistettiin ja soittoajat pidennettiin.',
  'Kiitos välitettiin tiimille viikkopalaverissa.',
  'Ohje päivitettiin ja jaettiin koko henkilöstölle.',
  'Laskutuksen virhe korjattiin ja asiakkaalle lähetettiin uusi lasku.',
  'Asia käsitellään perehdytyksessä ja tiimin koulutuksessa.',
  'Ajanvarauksen ongelma ilmoitettiin järjestelmätoimittajalle.',
  'Merkitty tiedoksi; ei vaadi toimenpiteitä.',
];

/**
 * Realistic free-form feedback for the demo county: a few hundred over the last thirteen months,
 * in Finnish, Swedish and English, most of it handled (and most of that in time) with what it led
 * to, some open and some overdue, so the inbox, the figures and the reports have something to
 * show. Written straight to the tables: no e-mail is sent for it.
 */
export async function seedDemoFeedback(db: Db, count = 400, at = clock.now()): Promise<number> {
  const r = prng(20261123);
  const units = await db.query<{ id: number; code: string; category: number }>(
    `with recursive t as (select id, id as division from org_node where parent_id = (select id from org_node where parent_id is null limit 1)
       union all select c.id, t.division from org_node c join t on c.parent_id = t.id)
     select n.id, n.code, t.division as category from t join org_node n on n.id = t.id where n.kind = 'unit' and n.active order by n.id`,
  );
  if (units.length === 0) return 0;
  // A few busy units get most of it, as in real life.
  const busy = units.filter((_, i) => i % 9 === 0);
  const now = at.getTime();
  // statement by statement, not in one transaction: on the embedded database a transaction holds
  // up every request until it ends (400 feedback took 0.6 s)
  for (let i = 0; i < count; i++) {
    const unit = r.next() < 0.6 ? r.pick(busy) : r.pick(units);
    const lang = r.next() < 0.82 ? 'fi' : r.next() < 0.7 ? 'sv' : 'en';
    const text = r.pick(texts[lang]);
    const ageDays = Math.floor(r.next() ** 1.3 * 395);
    const received = new Date(now - ageDays * 86_400_000 - Math.floor(r.next() * 8) * 3_600_000);
    const open = ageDays < 10 ? r.next() < 0.7 : r.next() < 0.03;
    const handledAfter = r.next() < 0.85 ? 1 + Math.floor(r.next() * 6) : 8 + Math.floor(r.next() * 10);
    const handled = open ? null : new Date(Math.min(now - 3_600_000, received.getTime() + handledAfter * 86_400_000));
    const effects = handled ? [...new Set([r.pick(feedbackEffects), ...(r.next() < 0.3 ? [r.pick(feedbackEffects)] : [])])] : null;
    const withContact = r.next() < 0.45;
    const old = handled && now - handled.getTime() > 90 * 86_400_000;
    const channel = r.pick(['web', 'web', 'web', 'chat', 'phone', 'on_behalf', 'email'] as const);
    const [row] = await db.query<{ id: number }>(
      `insert into feedback (reference, receipt_token, category_node_id, target_node_id, text, language, channel, on_behalf_mode, wants_reply,
         contact_name, contact_email, contact_erased_at, status, received_at, due_at, handled_at, effects, effect_description)
       values ('K-' || to_char($12::timestamptz at time zone 'Europe/Helsinki', 'YYYY') || '-' || lpad(nextval('feedback_reference_seq')::text, 6, '0'),
         $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $13, $12,
         (($12::timestamptz at time zone 'Europe/Helsinki') + interval '7 days') at time zone 'Europe/Helsinki', $14, $15, $16)
       returning id`,
      [
        crypto.randomBytes(18).toString('base64url'),
        unit.category,
        unit.id,
        text,
        lang,
        channel,
        channel === 'on_behalf' ? 'oral' : null,
        withContact,
        withContact && !old ? 'Demo Asiakas' : null,
        withContact && !old ? `asiakas${i}@demo.kaiku.invalid` : null,
        withContact && old ? handled : null,
        received,
        handled ? 'handled' : ageDays > 0 && r.next() < 0.5 ? 'in_progress' : 'new',
        handled,
        effects,
        handled ? r.pick(descriptions) : null,
      ],
    );
    await db.query("insert into feedback_event (feedback_id, actor, kind, at) values ($1, 'customer', 'received', $2)", [row!.id, received]);
    if (handled)
      await db.query("insert into feedback_event (feedback_id, actor, kind, at, details) values ($1, 'handler', 'handled', $2, $3)", [
        row!.id,
        handled,
        JSON.stringify({ effects }),
      ]);
  }
  // Quick page feedback from the county's web pages.
  const pages = [
    'https://www.kaikula.fi/terveysasemat',
    'https://www.kaikula.fi/ajanvaraus',
    'https://www.kaikula.fi/hammashoito',
    'https://www.kaikula.fi/sv/halsostationer',
  ];
  for (let i = 0; i < 300; i++) {
    const page = r.pick(pages);
    const rating = r.next() < 0.6 ? 'yes' : r.next() < 0.5 ? 'partly' : 'no';
    await db.query(
      `insert into page_feedback (node_id, page_url, rating, comment, language, received_at)
       values ((select id from org_node where code = $1), $2, $3, $4, $5, $7::timestamptz - make_interval(days => $6))`,
      [
        page.includes('hammas') ? 'TER-SUU' : 'TER-VAS',
        page,
        rating,
        rating === 'no' && r.next() < 0.4 ? 'Aukioloajat puuttuvat sivulta.' : null,
        page.includes('/sv/') ? 'sv' : 'fi',
        Math.floor(r.next() * 365),
        at,
      ],
    );
  }
  return count;
}
