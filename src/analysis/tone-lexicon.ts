import type { TextLanguage } from './language.ts';

/**
 * Word beginnings that carry tone in feedback about social and health care, with weights.
 * Prefixes stand in for lemmas until Voikko is wired in: "hyv" covers hyvä, hyvää, hyvin.
 * Weak positives (0.5) are verbs that turn clearly negative when negated: "ei toiminut",
 * "en saanut apua", "inte svarade", "didn't call".
 */
export interface Lexicon {
  positive: [string, number][];
  negative: [string, number][];
  /** Words that start with a listed prefix but mean something else ("hyvinvointi"). */
  not: string[];
  negators: Set<string>;
  /** The clause after these counts more ("but"), or less ("although"). */
  contrast: Set<string>;
  concession: Set<string>;
  intensifiers: Set<string>;
}

const w = (s: string, weight: number): [string, number][] => s.trim().split(/\s+/).map((p) => [p, weight]);

export const lexicons: Record<TextLanguage, Lexicon> = {
  fi: {
    positive: [
      ...w('erinomai loistav mahtav huippu täydellis upea upeaa ihana ihanaa ihanat', 2),
      ...w('ystävällis ystävällin kiitos kiito kiitän kiitämme kiitolli ammattitaito asiantunteva empaatti tyytyväi parhai paras lämmin lämpimä', 1.5),
      ...w('hyv asiallis selke nopea nopeast sujuv kohtelia avulia auttavai kiva kivaa kivasti mukav helppo helpost onnistu turvallis joustav lempeä ymmärtäväi kärsivälli perusteellis', 1),
      ...w('toimi toimiv vastas vastann vastat soitt soitet kuuntel kuunnel autto auttan autt sain saanut pääsin päässyt rauhallis tullut', 0.5),
      // feelings in general, as people write them anywhere
      ...w('iloi onnelli rakasta hieno innostu nauti onnea', 1.5),
      ...w('ilo iloa hauska kaun luotta kiinnostav hymy naura', 1),
    ],
    negative: [
      ...w('kamal surkea karmea tyly töykeä ylimieli epäkohtelia epäpäte välinpitämät nöyryyty järkyttäv', 2),
      ...w('huono huonost turhautu pettyn pettymy kohtuuto epäasiallis loukkaa vihai suuttu ärsyttä riittämät likai', 1.5),
      ...w('epäselv virhe virheelli ongelm hankal vaike harmi myöhäs myöhästy unoht unohtu hidas hitaa sotku sekava sekaisin puuttu puute ikävä ikävää kylmä', 1),
      ...w('odot jono jonot jonossa valitettavasti', 0.5),
      ...w('inhot kuvottav idiootti paska perkele vittu', 2),
      ...w('viha pelk pelotta suru surulli ahdist häpe epäreilu kurja hirveä kauhea helvet saatana tyhmä valehtel paniik', 1.5),
      ...w('itk hätä yksinäi kateelli kuole', 1),
    ],
    not: ['hyvinvoin', 'hyväksy', 'toimipis', 'toimisto', 'toimintaterap', 'ihanteel', 'paraste', 'jonotusnumer', 'vaikeus'],
    negators: new Set('ei en et emme ette eivät eikä älä ilman'.split(' ')),
    contrast: new Set('mutta kuitenkin silti toisaalta'.split(' ')),
    concession: new Set('vaikka joskin'.split(' ')),
    intensifiers: new Set('todella tosi erittäin aivan super niin täysin hirveän kauhean aika'.split(' ')),
  },
  sv: {
    positive: [
      ...w('utmärk fantast underbar jättebra toppen', 2),
      ...w('vänlig trevlig tack nöjd proffsig professionell hjälpsam kunnig bäst empatisk', 1.5),
      ...w('bra snabb tydlig smidig lätt god gott trygg lugn', 1),
      ...w('fungera svara ringde hjälp fick lyssna', 0.5),
    ],
    negative: [
      ...w('otrevlig oförskämd hemsk katastrof nonchalant', 2),
      ...w('dålig besvik arg slarvig respektlös', 1.5),
      ...w('fel problem oklar tråkig glöm svår krånglig långsam sen försen smutsig', 1),
      ...w('vänta väntade väntetid kö kön', 0.5),
    ],
    not: ['godkän', 'tacksam', 'fela', 'lättnad'],
    negators: new Set('inte ej aldrig ingen inget inga utan'.split(' ')),
    contrast: new Set('men dock ändå'.split(' ')),
    concession: new Set('fast fastän trots'.split(' ')),
    intensifiers: new Set('mycket jätte riktigt väldigt så helt otroligt'.split(' ')),
  },
  en: {
    positive: [
      ...w('excellent amazing wonderful outstanding fantastic perfect', 2),
      ...w('kind friendly helpful thank professional satisfied best caring great', 1.5),
      ...w('good quick fast clear easy nice polite smooth efficient safe', 1),
      ...w('work answer call help listen got get', 0.5),
    ],
    negative: [
      ...w('terrible awful horrible rude worst unhelpful disgust', 2),
      ...w('bad poor disappoint frustrat ignored dirty', 1.5),
      ...w('slow unclear confus problem error wrong forgot late expensive difficult', 1),
      ...w('wait queue', 0.5),
    ],
    not: ['goodbye', 'workplace', 'working-age'],
    negators: new Set("not no never don't didn't wasn't isn't doesn't couldn't can't cannot won't nobody nothing without".split(' ')),
    contrast: new Set('but however though yet'.split(' ')),
    concession: new Set('although even'.split(' ')),
    intensifiers: new Set('very really so extremely totally quite'.split(' ')),
  },
};
