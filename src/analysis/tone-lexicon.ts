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
  /** Phrases that carry tone only together: "there was no", "flera gånger". */
  phrases: [string, number][];
}

const w = (s: string, weight: number): [string, number][] =>
  s
    .trim()
    .split(/\s+/)
    .map((p) => [p, weight]);

export const lexicons: Record<TextLanguage, Lexicon> = {
  fi: {
    positive: [
      ...w('ripeä ripeäst parempi', 1),
      ...w('kätevä kätevää ymmärrettäv suosittel huomaavai', 1.5),
      ...w('erinomai loistav mahtav huippu täydellis upea upeaa ihana ihanaa ihanat', 2),
      ...w('ystävällis ystävällin kiitos kiito kiitän kiitämme kiitolli ammattitaito asiantunteva empaatti tyytyväi parhai paras lämmin lämpimä', 1.5),
      ...w(
        'hyv asiallis selke nopea nopeast sujuv kohtelia avulia auttavai kiva kivaa kivasti mukav helppo helpost onnistu turvallis joustav lempeä ymmärtäväi kärsivälli perusteellis',
        1,
      ),
      ...w('toimi toimiv vastas vastann vastat soitt soitet kuuntel kuunnel autto auttan autt sain saanut pääsin päässyt rauhallis tullut', 0.5),
      // feelings in general, as people write them anywhere
      ...w('iloi onnelli rakasta hieno innostu nauti onnea', 1.5),
      ...w('ilo iloa hauska kaun luotta kiinnostav hymy naura', 1),
    ],
    negative: [
      ...w('vasta kauan kesti kesken yksin valitta', 0.5),
      ...w('tiuski huolimat pompotel kohtuuton', 1.5),
      ...w('liian turha väärä väärin kallis kaatu katke vanhentu vaivaksi ahdas ahtaa mauton mautonta', 1),
      ...w('kamal surkea karmea tyly töykeä ylimieli epäkohtelia epäpäte välinpitämät nöyryyty järkyttäv', 2),
      ...w('huono huonost turhautu pettyn pettymy kohtuuto epäasiallis loukkaa vihai suuttu ärsyttä riittämät likai', 1.5),
      ...w(
        'epäselv virhe virheelli ongelm hankal vaike harmi myöhäs myöhästy unoht unohtu hidas hitaa sotku sekava sekaisin puuttu puute ikävä ikävää kylmä',
        1,
      ),
      ...w('odot jono jonot jonossa valitettavasti', 0.5),
      ...w('inhot kuvottav idiootti paska perkele vittu', 2),
      ...w('viha pelk pelotta suru surulli ahdist häpe epäreilu kurja hirveä kauhea helvet saatana tyhmä valehtel paniik', 1.5),
      ...w('itk hätä yksinäi kateelli kuole', 1),
    ],
    not: [
      'vastaanot',
      'vastaus',
      'vastauk',
      'yksinkert',
      'hyvinvoin',
      'hyväksy',
      'toimipis',
      'toimisto',
      'toimintaterap',
      'ihanteel',
      'paraste',
      'jonotusnumer',
      'vaikeus',
    ],
    negators: new Set('ei en et emme ette eivät eikä enkä etkä emmekä älä ilman etten ettei'.split(' ')),
    contrast: new Set('mutta kuitenkin silti toisaalta'.split(' ')),
    concession: new Set('vaikka joskin'.split(' ')),
    intensifiers: new Set('todella tosi erittäin aivan super niin täysin hirveän kauhean aika'.split(' ')),
    phrases: [
      ['kahteen kertaan', -1],
      ['monta kertaa', -0.75],
      ['joka kerta', -0.5],
      ['ei ollut mitään valittamista', 2],
      ['ei valittamista', 2],
    ],
  },
  sv: {
    positive: [
      ...w('kom gick berätta', 0.5),
      ...w('varm varmt respektfull grundlig noggrann rekommender fin fina ljus', 1),
      ...w('utmärk fantast underbar jättebra toppen', 2),
      ...w('vänlig trevlig tack nöjd proffsig professionell hjälpsam kunnig bäst empatisk', 1.5),
      ...w('bra snabb tydlig smidig lätt god gott trygg lugn', 1),
      ...w('fungera svara ringde hjälp fick lyssna', 0.5),
    ],
    negative: [
      ...w('sönder kall kallt', 1),
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
    phrases: [
      ['fanns ingen', -1],
      ['fanns inga', -1],
      ['fanns inget', -1],
      ['flera gånger', -0.75],
      ['två gånger', -0.75],
      // "fick" is "got" and also "had to": "fick vänta", "fick sitta", "fick ringa" complain
      ['fick vänta', -1.5],
      ['fick sitta', -1],
      ['fick ringa', -1],
      ['fick inte', -1],
      ['fick ingen', -1],
      ['fick inga', -1],
    ],
  },
  en: {
    positive: [
      ...w('came arriv told move examin', 0.5),
      ...w('warm respectful competent thorough carefully recommend well happy lovely', 1.5),
      ...w('excellent amazing wonderful outstanding fantastic perfect', 2),
      ...w('kind friendly helpful thank professional satisfied best caring great', 1.5),
      ...w('good quick fast clear easy nice polite smooth efficient safe', 1),
      ...w('work answer call help listen got get', 0.5),
    ],
    negative: [
      ...w('too', 0.75),
      ...w('dismissive broken cold hard twice', 1),
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
    phrases: [
      ['there was no', -1],
      ['there were no', -1],
      ['again and again', -1],
      ['same story', -0.75],
      ['had to', -0.5],
      ['had to wait', -1],
      ['got no', -1],
    ],
  },
};
