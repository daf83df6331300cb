import { clock } from '../shared/clock.ts';
import type { Db } from '../shared/db.ts';
import { prng } from '../shared/prng.ts';
import { newCode } from './collection-points.ts';
import type { SurveyDefinition } from './definition.ts';
import { type NewResponse, storeResponses } from './store-response.ts';
import type { AnswerValue } from './validate-answers.ts';

const phrases = {
  fi: {
    good: [
      'Ystävällinen ja ammattitaitoinen henkilökunta.',
      'Pääsin nopeasti vastaanotolle.',
      'Lääkäri kuunteli ja selitti asiat selkeästi.',
      'Hoitaja oli todella empaattinen ja otti minut huomioon.',
      'Kaikki sujui hyvin ja sain apua heti.',
      'Kiitos hyvästä kohtelusta!',
      'Sain selkeät ohjeet jatkoa varten.',
    ],
    bad: [
      'Jouduin odottamaan puhelimessa yli tunnin.',
      'Takaisinsoittoa ei tullut luvattuna päivänä.',
      'Ajanvaraus verkossa ei toiminut.',
      'Tieto ei kulkenut ammattilaisten välillä, jouduin kertomaan asiani monta kertaa.',
      'Pysäköintipaikkoja oli liian vähän.',
      'Odotusaika vastaanotolle oli kohtuuton.',
      'Minua ei kuunneltu, tuntui että olin vain numero.',
      'Laskussa oli virhe eikä kukaan vastannut kysymyksiini.',
    ],
    mixed: [
      'Hoito oli hyvää, mutta jonotus kesti kauan.',
      'Henkilökunta oli mukavaa, mutta ohjeet jäivät epäselviksi.',
      'Hyvä palvelu, mutta puhelimeen oli vaikea saada yhteyttä.',
    ],
  },
  sv: {
    good: ['Vänlig och kunnig personal.', 'Jag fick snabbt en tid.', 'Läkaren lyssnade och förklarade tydligt.', 'Tack för det goda bemötandet!'],
    bad: [
      'Jag fick vänta i telefon över en timme.',
      'Ingen ringde tillbaka som utlovat.',
      'Det gick inte att få service på svenska.',
      'Informationen mellan personalen fungerade inte.',
    ],
    mixed: ['Bra vård, men lång väntetid.', 'Trevlig personal, men oklara anvisningar.'],
  },
  en: {
    good: ['Friendly and professional staff.', 'I got an appointment quickly.', 'The doctor listened and explained things clearly.'],
    bad: ['I waited on the phone for over an hour.', 'Nobody called back as promised.', 'The online booking did not work.'],
    mixed: ['Good care, but a long wait.', 'Nice staff, but the instructions were unclear.'],
  },
};

interface DemoUnit {
  id: number;
  code: string;
  division: string;
  area: string;
  bilingual: boolean;
}

/** Months back from the current one, first day of each, oldest first (the current month too). */
function months(count: number, now: Date): Date[] {
  const out: Date[] = [];
  for (let i = count - 1; i >= 0; i--) out.push(new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - i, 1)));
  return out;
}

/** The demo's collection points are named as a county would name them, in Finnish. */
const demoChannelNames: Record<string, string> = { qr: 'QR-koodi', link: 'Linkki', kiosk: 'Palautelaite', paper: 'Paperilomake' };

const phoneUnits = ['Terveysneuvonta ja ajanvaraus', 'Seniorineuvonta', 'Päivystysapu 116117', 'Asiakaspalvelukeskus'];

/**
 * Collection points for every demo unit and 13 months of synthetic answers from all channels,
 * so that a newcomer's first look at results is not empty. Units differ in quality, July dips
 * with summer staffing, SMS answers are a little more critical than kiosk answers, and elderly
 * housing shows the "answers 5 on the NPS" pattern the data-quality flag is there to catch.
 */
export async function seedDemoAnswers(db: Db, opts: { now?: Date; perUnitMonth?: number } = {}): Promise<number> {
  const [existing] = await db.query<{ n: number }>('select count(*)::int as n from response');
  if ((existing?.n ?? 0) > 0) return 0;
  const rnd = prng(20261123);
  const units = await db.query<DemoUnit & { name_fi: string }>(
    `select n.id, n.code, n.name_fi, d.code as division, a.code as area, (n.name_sv is not null) as bilingual
     from org_node n join org_node a on a.id = n.parent_id left join org_node d on d.id = a.parent_id
     where n.kind = 'unit' and n.active`,
  );
  const versions = new Map(
    (
      await db.query<{ survey_id: string; version: number; definition: SurveyDefinition }>(
        `select distinct on (survey_id) survey_id, version, definition from survey_version order by survey_id, version desc`,
      )
    ).map((v) => [v.survey_id, v]),
  );
  const national = versions.get('thl-national')!;
  const relatives = versions.get('thl-relatives')!;
  const children = versions.get('thl-children')!;
  const firstContact = versions.get('thl-first-contact')!;

  // Collection points: a QR slip and a link everywhere, kiosks in the busier places.
  const cps = new Map<string, number>();
  for (const u of units) {
    const surveyId = u.area === 'IKA-ASU' ? 'thl-relatives' : /neuvola|koulu/.test(u.name_fi) ? 'thl-children' : 'thl-national';
    const channels = ['qr', 'link', ...(u.id % 3 === 0 ? ['kiosk'] : []), 'paper'];
    for (const channel of channels) {
      const [row] = await db.query<{ id: number }>(
        `insert into collection_point (code, survey_id, node_id, channel, name, background) values ($1, $2, $3, $4, $5, $6) returning id`,
        [
          newCode(),
          surveyId,
          u.id,
          channel,
          `${demoChannelNames[channel] ?? channel} – ${u.name_fi}`,
          JSON.stringify(surveyId === 'thl-relatives' ? { respondentType: 'relative' } : {}),
        ],
      );
      cps.set(`${u.id}:${channel}`, row!.id);
    }
  }

  const now = opts.now ?? clock.now();
  const perUnitMonth = opts.perUnitMonth ?? 11;
  const divisionEffect: Record<string, number> = { TER: 0, PSV: -0.03, IKA: 0.03, PEL: 0.08, DEMO: 0 };
  const unitQuality = new Map(units.map((u) => [u.id, Math.min(0.95, Math.max(0.35, 0.72 + rnd.normal() * 0.1))]));
  const clamp = (v: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, Math.round(v)));
  const rows: NewResponse[] = [];
  let total = 0;
  let seq = 0;

  const flush = async () => {
    total += (await storeResponses(db, rows.splice(0))).size;
  };

  for (const month of months(13, now)) {
    const monthIndex = month.getUTCMonth();
    const monthEffect = monthIndex === 6 ? -0.07 : monthIndex === 11 || monthIndex === 0 ? -0.03 : 0;
    const daysInMonth = new Date(Date.UTC(month.getUTCFullYear(), monthIndex + 1, 0)).getUTCDate();
    for (const u of units) {
      const phone = phoneUnits.includes(u.name_fi);
      const def = phone ? firstContact : u.area === 'IKA-ASU' ? relatives : /neuvola|koulu/.test(u.name_fi) ? children : national;
      const size = phone ? 3 : u.area === 'PEL-PEL' || u.area === 'PEL-EHK' ? 0.3 : /terveysasema|päivystys|hammashoitola/.test(u.name_fi) ? 2 : 1;
      const count = Math.max(0, Math.round(perUnitMonth * size * (0.6 + rnd.next() * 0.8)));
      for (let i = 0; i < count; i++) {
        const at = new Date(month.getTime() + Math.floor(rnd.next() * daysInMonth) * 86_400_000 + (7 + rnd.next() * 12) * 3_600_000);
        if (at > now) continue;
        const channel = phone ? 'sms' : rnd.pick(['sms', 'sms', 'sms', 'sms', 'sms', 'qr', 'qr', 'kiosk', 'link', 'paper'] as const);
        const channelEffect = channel === 'kiosk' ? 0.04 : channel === 'sms' ? -0.02 : channel === 'paper' ? 0.02 : 0;
        const s = unitQuality.get(u.id)! + (divisionEffect[u.division] ?? 0) + monthEffect + channelEffect + rnd.normal() * 0.17;
        const answers: Record<string, AnswerValue> = {};
        const background: Record<string, string> = { respondentType: def.definition.respondentType };
        if (def === firstContact) {
          answers.solved = rnd.next() < 0.78 + s * 0.15;
          answers.knows_next = rnd.next() < 0.75 + s * 0.15;
          background.callType = rnd.next() < 0.6 ? 'line' : 'callback';
        } else {
          const fivesPattern = u.area === 'IKA-ASU' && rnd.next() < 0.4;
          answers.nps = rnd.next() < 0.03 ? null : fivesPattern ? 5 : clamp(s * 10 + 1.4 + rnd.normal() * 1.3, 0, 10);
          for (const q of def.definition.questions.filter((x) => x.type === 'likert')) {
            answers[q.key] = rnd.next() < 0.08 ? null : clamp(1 + s * 4.3 + rnd.normal() * 0.8 + (q.key === 'information' ? -0.3 : 0), 1, 5);
          }
          if (rnd.next() < 0.35) {
            const lang = u.bilingual && rnd.next() < 0.12 ? 'sv' : rnd.next() < 0.03 ? 'en' : 'fi';
            const bank = phrases[lang];
            const nps = typeof answers.nps === 'number' ? answers.nps : 7;
            answers.nps_open = rnd.pick(nps >= 9 ? bank.good : nps <= 6 ? bank.bad : rnd.next() < 0.5 ? bank.mixed : bank.good);
          } else answers.nps_open = null;
          background.ageGroup =
            u.division === 'IKA'
              ? rnd.pick(['65-74', '75+', '75+', '75+'])
              : def === children
                ? '0-12'
                : rnd.pick(['18-29', '30-44', '45-64', '45-64', '65-74', '75+']);
          if (rnd.next() < 0.3) background.segment = rnd.pick(['S1', 'S2', 'S3', 'S4']);
          background.journeyStage = demoStage(seq + 1, s);
        }
        rows.push({
          surveyId: def.survey_id,
          surveyVersion: def.version,
          nodeId: u.id,
          channel,
          collectionPointId: channel === 'sms' ? null : (cps.get(`${u.id}:${channel}`) ?? null),
          submittedAt: at,
          idempotencyKey: `demo:${(seq += 1)}`,
          background,
          answers,
        });
        // small batches: on the embedded database each holds the server up while it is stored
        if (rows.length >= 250) await flush();
      }
    }
  }
  await flush();
  return total;
}

/**
 * Spreads the demo answers along the customer journey without drawing on the generator (the demo
 * answers stay as they were): most at delivery, and the weaker experiences more often at handling
 * the contact, so the journey view has a place where the experience breaks.
 */
function demoStage(seq: number, quality: number): string {
  const h = Math.imul(seq, 2654435761) >>> 0;
  const bucket = h % 100;
  if (quality < 0.62 && (h >>> 8) % 3 === 0) return 'contact';
  if (bucket < 52) return 'service_delivery';
  if (bucket < 62) return 'follow_up';
  if (bucket < 70) return 'contact';
  if (bucket < 77) return 'needs_assessment';
  if (bucket < 82) return 'service_planning';
  if (bucket < 92) return 'service_organising';
  return 'before_contact';
}
