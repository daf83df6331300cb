import type { MainClassKey } from './main-classes.ts';

/**
 * The default topics of feedback on social and health care, as a county starts with them. The
 * keywords are word beginnings and compound parts: "takaisinsoit" finds takaisinsoitto,
 * takaisinsoittoa and takaisinsoittopalvelu.
 */
export interface Topic {
  key: string;
  mainClass: MainClassKey;
  name: { fi: string; sv: string; en: string };
  description: string;
  keywords: { fi: string[]; sv: string[]; en: string[] };
}

const k = (s: string) => s.trim().split(/\s*,\s*/);

export const defaultTaxonomy: Topic[] = [
  {
    key: 'phone',
    mainClass: 'services',
    name: { fi: 'Puhelinpalvelu ja takaisinsoitto', sv: 'Telefontjänst och återuppringning', en: 'Phone service and call-backs' },
    description: 'Getting through on the phone, queues on the line, call-backs that come or do not.',
    keywords: {
      fi: k('puhel, soit, takaisinsoit, linja, numero, jonottaa puhelimessa, vastaaja'),
      sv: k('telefon, ring, återuppring, samtal, linje'),
      en: k('phone, call, callback, call-back, line, ring'),
    },
  },
  {
    key: 'digital',
    mainClass: 'services',
    name: { fi: 'Digitaaliset palvelut', sv: 'Digitala tjänster', en: 'Digital services' },
    description: 'Omaolo, chat, web booking, the web site and apps.',
    keywords: {
      fi: k('omaolo, chat, chatti, verkko, netti, sovellus, nettisivu, verkkosivu, sähköinen, digi, etävastaanot, videovastaanot, kanta'),
      sv: k('omaolo, chatt, nätet, webb, digital, elektronisk, distansmottagning, appen, mobilapp'),
      en: k('omaolo, chat, online, website, web, digital, video, mobile app, the app, apps'),
    },
  },
  {
    key: 'booking',
    mainClass: 'flow',
    name: { fi: 'Ajanvaraus', sv: 'Tidsbokning', en: 'Appointment booking' },
    description: 'Booking, changing and cancelling appointments.',
    keywords: {
      fi: k(
        'ajanvarau, varasin, varata, varaus, aikaa vastaanotolle, peruutt, perui, siirtä aikaa, perua, sain ajan, ajan saaminen, aikani, uuden ajan, ajan varaaminen, aika järjestyi, on aika',
      ),
      sv: k('tidsbok, boka, bokning, avbok, tid till, få tid, lediga tider, fick tid, fick en tid, ingen tid, min tid, en tid på'),
      en: k('booking, book, appointment, reschedul, cancel, an appointment, appointments, got a time'),
    },
  },
  {
    key: 'access',
    mainClass: 'flow',
    name: { fi: 'Odottaminen ja hoitoon pääsy', sv: 'Väntan och tillgång till vård', en: 'Waiting and access to care' },
    description: 'Waiting times, queues at the unit, getting care at all.',
    keywords: {
      fi: k('odot, jono, jonot, pääsy, pääsin, hoitoon pääs, viikko, kuukau, kesti, aikaa ei, hoitotakuu, tuntia, seisomaan'),
      sv: k('vänta, väntetid, kö, telefonkö, tillgång, dröjde, veckor, timmar, månader'),
      en: k('wait, queue, access, weeks, months, took long, hours'),
    },
  },
  {
    key: 'encounter',
    mainClass: 'care',
    name: { fi: 'Kohtaaminen ja ystävällisyys', sv: 'Bemötande och vänlighet', en: 'Encounter and kindness' },
    description: 'How the person was met: kindness, listening, respect, rudeness.',
    keywords: {
      fi: k(
        'ystävällis, ystävällin, kohtel, kohtaa, kuunnel, kuuntel, empaat, tyly, töykeä, ylimieli, asenne, välittä, ihana, mukava, lämmin, lämpimä, tiuski, vaivaksi, rauhoitel, huomaavai, huomioi, kiva, kivoja, kylmä, tympe, töksähtel, välinpitämät, vähättel, kärsivälli, kohdel, ihmisenä, virkailija',
      ),
      sv: k(
        'bemöt, vänlig, trevlig, otrevlig, lyssna, respekt, oförskämd, varmt, bemötande, snäll, sur, tålmodig, nedlåtande, förminska, behandlades, receptionist, kall i tonen',
      ),
      en: k(
        'kind, friendly, rude, listen, respect, attitude, caring, polite, lovely, welcome, warm, dismissive, nice, grumpy, abrupt, disinterested, talked down, treated, played down, receptionist',
      ),
    },
  },
  {
    key: 'competence',
    mainClass: 'care',
    name: { fi: 'Osaaminen ja hoidon laatu', sv: 'Kompetens och vårdens kvalitet', en: 'Staff competence and quality of care' },
    description: 'Professional skill, diagnosis, treatment, the result of the care.',
    keywords: {
      fi: k(
        'ammattitai, osaami, asiantun, hoidett, diagnoo, tutkimu, tutkit, lääkitys, lääke, laatu, perusteelli, tutkia, osata, huolimat, röntgen, hoito oli, hoito on, hyvä hoito, hoidon, taitava, leikkaus, koepala, kuvantam, vähättel, hoitoketju, sokeri',
      ),
      sv: k(
        'kompeten, kunnig, vård, behandling, diagnos, undersök, medicin, kvalitet, proffsig, grundlig, noggrann, skicklig, operation, vävnadsprov, förminska, sockret',
      ),
      en: k(
        'competen, skilled, professional, treatment, diagnos, examin, medication, quality, the care, good care, quality of care, thorough, operation, biopsy, imaging, played down, blood sugar, care pathway',
      ),
    },
  },
  {
    key: 'information',
    mainClass: 'information',
    name: { fi: 'Tieto ja ohjeet', sv: 'Information och anvisningar', en: 'Information and instructions' },
    description: 'Instructions, explanations, knowing what happens next.',
    keywords: {
      fi: k(
        'ohje, ohjeistu, tieto, tiedot, tiedon, selit, kerrot, kerrott, informaat, epäselv, selke, jatkohoito, kertoa, ilmoittaa, kirje, tulokset, tuloksi, paperit, vinkke, vastaus',
      ),
      sv: k('anvisning, information, instruktion, förklar, oklar, tydlig, provsvar, fick veta, labbsvar, svaret, papper, tips'),
      en: k('instruction, information, explain, unclear, clear, told, next steps, results, heard, info, the answer, papers, tips'),
    },
  },
  {
    key: 'information_flow',
    mainClass: 'flow',
    name: { fi: 'Tiedonkulku ammattilaisten välillä', sv: 'Informationsflöde mellan yrkespersoner', en: 'Information flow between professionals' },
    description: 'Referrals, records and messages between units and professionals.',
    keywords: {
      fi: k(
        'tiedonkul, tieto ei kulk, lähete, lähettee, kirjaus, kirjaukse, potilastie, kertoa uudelleen, monta kertaa, välillä, tiedot eivät, eivät siirtyneet, joutuu selittämään, kertomaan saman, koko historian, ei ilmoitettu kotihoito',
      ),
      sv: k('informationsflöd, remiss, journal, flera gånger, berätta igen, samma sak, mellan sjukhuset'),
      en: k('referral, records, information flow, several times, again and again, same story, between the hospital, does not move'),
    },
  },
  {
    key: 'fees',
    mainClass: 'flow',
    name: { fi: 'Maksut ja laskut', sv: 'Avgifter och fakturor', en: 'Fees and invoices' },
    description: 'Client fees, invoices, payment plans.',
    keywords: {
      fi: k('lasku, maksu, asiakasmaksu, hinta, hinnoittel, euro, maksoin, perintä'),
      sv: k('faktur, avgift, kundavgift, pris, betal, euro'),
      en: k('invoice, bill, fee, price, payment, charge, euro'),
    },
  },
  {
    key: 'premises',
    mainClass: 'services',
    name: { fi: 'Tilat, saavutettavuus ja pysäköinti', sv: 'Lokaler, tillgänglighet och parkering', en: 'Premises, accessibility and parking' },
    description: 'Buildings, waiting rooms, cleanliness, access for all, parking.',
    keywords: {
      fi: k('tilat, tiloissa, odotushuone, aula, siivo, likai, pysäköi, parkki, hissi, esteettöm, saavutettav, rappu, vetoi, ahdas, tuoli, vessa, wc'),
      sv: k('lokal, väntrum, parkering, hiss, städ, smutsig, tillgänglig'),
      en: k('premises, waiting room, parking, lift, elevator, clean, dirty, accessib'),
    },
  },
  {
    key: 'housing',
    mainClass: 'services',
    name: { fi: 'Ruoka ja asumispalvelut', sv: 'Mat och boendetjänster', en: 'Food and housing services' },
    description: 'Meals, housing units, home care visits.',
    keywords: {
      fi: k('ruoka, ruoa, ateria, asumis, palvelutalo, hoivako, kotihoito, kotikäyn, asukas'),
      sv: k('mat, måltid, boende, serviceboende, hemvård, hembesök'),
      en: k('food, meal, housing, care home, home care, resident'),
    },
  },
  {
    key: 'emergency',
    mainClass: 'services',
    name: { fi: 'Päivystys, pelastus ja ensihoito', sv: 'Jour, räddning och akutvård', en: 'Emergency, rescue and emergency care' },
    description: 'Emergency departments, ambulances, rescue services.',
    keywords: {
      fi: k('päivystys, päivystyks, ensihoi, ambulanssi, pelastus, hätäkeskus, 112'),
      sv: k('jour, akut, ambulans, räddning, nödcentral'),
      en: k('emergency, ambulance, rescue, a&e'),
    },
  },
];
