/**
 * A made-up county with the shape and naming of a real one, so that a newcomer sees
 * realistic lists: 4 divisions, 15 result areas (support services among them), about 330 units in 14 municipalities.
 * Units in bilingual municipalities also carry Swedish names.
 */
interface Municipality {
  fi: string;
  sv?: string;
  en: string;
  /** Finnish inessive stem for names like "Porvoon terveysasema". */
  gen: string;
  big?: boolean;
}

const municipalities: Municipality[] = [
  { fi: 'Porvoo', sv: 'Borgå', en: 'Porvoo', gen: 'Porvoon', big: true },
  { fi: 'Loviisa', sv: 'Lovisa', en: 'Loviisa', gen: 'Loviisan' },
  { fi: 'Sipoo', sv: 'Sibbo', en: 'Sipoo', gen: 'Sipoon' },
  { fi: 'Kerava', sv: 'Kervo', en: 'Kerava', gen: 'Keravan', big: true },
  { fi: 'Järvenpää', sv: 'Träskända', en: 'Järvenpää', gen: 'Järvenpään', big: true },
  { fi: 'Tuusula', sv: 'Tusby', en: 'Tuusula', gen: 'Tuusulan', big: true },
  { fi: 'Hyvinkää', sv: 'Hyvinge', en: 'Hyvinkää', gen: 'Hyvinkään', big: true },
  { fi: 'Nurmijärvi', en: 'Nurmijärvi', gen: 'Nurmijärven', big: true },
  { fi: 'Mäntsälä', en: 'Mäntsälä', gen: 'Mäntsälän' },
  { fi: 'Pornainen', sv: 'Borgnäs', en: 'Pornainen', gen: 'Pornaisten' },
  { fi: 'Askola', en: 'Askola', gen: 'Askolan' },
  { fi: 'Myrskylä', sv: 'Mörskom', en: 'Myrskylä', gen: 'Myrskylän' },
  { fi: 'Lapinjärvi', sv: 'Lappträsk', en: 'Lapinjärvi', gen: 'Lapinjärven' },
  { fi: 'Pukkila', en: 'Pukkila', gen: 'Pukkilan' },
];

const housingNames = [
  'Kotirinne',
  'Mäntykoti',
  'Koivula',
  'Päivärinne',
  'Sotkamo',
  'Kuusikko',
  'Tähtiniemi',
  'Aurinkokoti',
  'Ruusula',
  'Vanhala',
  'Kielo',
  'Harjula',
  'Satakieli',
  'Lehmus',
  'Purola',
  'Niittykumpu',
  'Metsätähti',
  'Kastehelmi',
  'Hopearinne',
  'Majakka',
  'Tuulikello',
  'Kanerva',
  'Onnela',
  'Rantala',
];

type Names = { fi: string; sv?: string; en: string };
interface Row {
  code: string;
  parent: string;
  kind: string;
  names: Names;
}

// SOTE organisation register style OIDs, numbered afresh on every call so that the demo
// file is the same every time (importing it twice must change nothing).
let unitNumber = 0;
const areaCodes = () => `1.2.246.10.2807418.10.${(unitNumber += 1)}`;

function perMunicipality(
  parent: string,
  pick: (m: Municipality) => boolean,
  name: (m: Municipality) => Names,
  copies: (m: Municipality) => number = () => 1,
): Row[] {
  const rows: Row[] = [];
  for (const m of municipalities.filter(pick)) {
    const count = copies(m);
    for (let i = 1; i <= count; i++) {
      const base = name(m);
      const suffix = count > 1 ? ` ${i}` : '';
      rows.push({
        code: areaCodes(),
        parent,
        kind: 'unit',
        names: { fi: base.fi + suffix, sv: m.sv && base.sv ? base.sv + suffix : undefined, en: base.en + suffix },
      });
    }
  }
  return rows;
}

function list(parent: string, items: Names[]): Row[] {
  return items.map((names) => ({ code: areaCodes(), parent, kind: 'unit', names }));
}

const all = () => true;
const big = (m: Municipality) => !!m.big;

export function demoCountyRows(): Row[] {
  unitNumber = 0;
  const rows: Row[] = [];
  const county = 'DEMO';
  rows.push({
    code: county,
    parent: '',
    kind: 'county',
    names: { fi: 'Kaikulan hyvinvointialue', sv: 'Kaikula välfärdsområde', en: 'Kaikula Wellbeing Services County' },
  });
  const division = (code: string, names: Names) => rows.push({ code, parent: county, kind: 'division', names });
  const area = (code: string, parent: string, names: Names, units: (code: string) => Row[]) => {
    rows.push({ code, parent, kind: 'result_area', names });
    rows.push(...units(code));
  };

  division('TER', { fi: 'Terveydenhuolto', sv: 'Hälso- och sjukvård', en: 'Health care' });
  area('TER-VAS', 'TER', { fi: 'Vastaanottopalvelut', sv: 'Mottagningstjänster', en: 'Primary care clinics' }, (p) => [
    ...perMunicipality(
      p,
      all,
      (m) => ({ fi: `${m.gen} terveysasema`, sv: `${m.sv} hälsostation`, en: `${m.en} health station` }),
      (m) => (m.big ? 2 : 1),
    ),
    ...list(p, [
      { fi: 'Digitaalinen terveysasema', sv: 'Digital hälsostation', en: 'Digital health station' },
      { fi: 'Terveysneuvonta ja ajanvaraus', sv: 'Hälsorådgivning och tidsbokning', en: 'Health advice and appointment booking' },
      { fi: 'Diabetesvastaanotto', sv: 'Diabetesmottagning', en: 'Diabetes clinic' },
    ]),
  ]);
  area('TER-SUU', 'TER', { fi: 'Suun terveydenhuolto', sv: 'Munhälsovård', en: 'Oral health care' }, (p) => [
    ...perMunicipality(
      p,
      all,
      (m) => ({ fi: `${m.gen} hammashoitola`, sv: `${m.sv} tandklinik`, en: `${m.en} dental clinic` }),
      (m) => (m.big ? 2 : 1),
    ),
    ...list(p, [
      { fi: 'Suun terveydenhuollon päivystys', sv: 'Munhälsovårdens jour', en: 'Emergency dental care' },
      { fi: 'Erikoishammashoito', sv: 'Specialtandvård', en: 'Specialist dental care' },
    ]),
  ]);
  area('TER-PAI', 'TER', { fi: 'Päivystys ja ensihoito', sv: 'Jour och prehospital akutsjukvård', en: 'Emergency care' }, (p) =>
    list(p, [
      { fi: 'Porvoon yhteispäivystys', sv: 'Borgå samjour', en: 'Porvoo joint emergency department' },
      { fi: 'Hyvinkään yhteispäivystys', sv: 'Hyvinge samjour', en: 'Hyvinkää joint emergency department' },
      { fi: 'Keravan ilta- ja viikonloppupäivystys', sv: 'Kervo kvälls- och veckoslutsjour', en: 'Kerava evening and weekend clinic' },
      { fi: 'Ensihoito, itäinen alue', sv: 'Prehospital akutsjukvård, östra området', en: 'Emergency medical services, east' },
      { fi: 'Ensihoito, läntinen alue', sv: 'Prehospital akutsjukvård, västra området', en: 'Emergency medical services, west' },
      { fi: 'Akuuttiosasto, Porvoo', sv: 'Akutavdelning, Borgå', en: 'Acute ward, Porvoo' },
      { fi: 'Akuuttiosasto, Hyvinkää', sv: 'Akutavdelning, Hyvinge', en: 'Acute ward, Hyvinkää' },
      { fi: 'Päivystysapu 116117', sv: 'Jourhjälpen 116117', en: 'Medical helpline 116117' },
    ]),
  );
  area('TER-SAI', 'TER', { fi: 'Sairaalapalvelut', sv: 'Sjukhustjänster', en: 'Hospital services' }, (p) => [
    ...Array.from({ length: 10 }, (_, i) => ({
      fi: `Porvoon sairaala, osasto ${i + 1}`,
      sv: `Borgå sjukhus, avdelning ${i + 1}`,
      en: `Porvoo hospital, ward ${i + 1}`,
    })).map((names) => ({ code: areaCodes(), parent: p, kind: 'unit', names })),
    ...Array.from({ length: 10 }, (_, i) => ({
      fi: `Hyvinkään sairaala, osasto ${i + 1}`,
      sv: `Hyvinge sjukhus, avdelning ${i + 1}`,
      en: `Hyvinkää hospital, ward ${i + 1}`,
    })).map((names) => ({ code: areaCodes(), parent: p, kind: 'unit', names })),
    ...list(p, [
      { fi: 'Kotisairaala', sv: 'Hemsjukhuset', en: 'Hospital at home' },
      { fi: 'Synnytysosasto', sv: 'Förlossningsavdelning', en: 'Maternity ward' },
      { fi: 'Lastentautien poliklinikka', sv: 'Barnsjukdomspoliklinik', en: 'Paediatric outpatient clinic' },
      { fi: 'Sisätautien poliklinikka', sv: 'Poliklinik för inre medicin', en: 'Internal medicine outpatient clinic' },
      { fi: 'Kirurgian poliklinikka', sv: 'Kirurgisk poliklinik', en: 'Surgical outpatient clinic' },
      { fi: 'Kuvantaminen', sv: 'Bilddiagnostik', en: 'Medical imaging' },
      { fi: 'Laboratorio, Porvoo', sv: 'Laboratoriet, Borgå', en: 'Laboratory, Porvoo' },
      { fi: 'Laboratorio, Hyvinkää', sv: 'Laboratoriet, Hyvinge', en: 'Laboratory, Hyvinkää' },
    ]),
  ]);
  area(
    'TER-MTP',
    'TER',
    { fi: 'Mielenterveys- ja päihdepalvelut', sv: 'Mentalvårds- och missbrukartjänster', en: 'Mental health and substance abuse services' },
    (p) => [
      ...perMunicipality(p, big, (m) => ({ fi: `${m.gen} mielenterveysasema`, sv: `${m.sv} mentalvårdsbyrå`, en: `${m.en} mental health clinic` })),
      ...list(p, [
        { fi: 'Päihdeklinikka', sv: 'Missbrukarkliniken', en: 'Substance abuse clinic' },
        { fi: 'Psykiatrian poliklinikka', sv: 'Psykiatriska polikliniken', en: 'Psychiatric outpatient clinic' },
        { fi: 'Psykiatrian osasto', sv: 'Psykiatriska avdelningen', en: 'Psychiatric ward' },
        { fi: 'Nuorisopsykiatrian poliklinikka', sv: 'Ungdomspsykiatriska polikliniken', en: 'Adolescent psychiatric clinic' },
        { fi: 'Mielenterveyskuntoutujien asumispalvelut', sv: 'Boendeservice för mentalvårdsrehabiliterande', en: 'Housing for mental health rehabilitation' },
        { fi: 'Opioidikorvaushoito', sv: 'Opioidsubstitutionsbehandling', en: 'Opioid substitution treatment' },
        { fi: 'Kriisipalvelu', sv: 'Krisjouren', en: 'Crisis service' },
      ]),
    ],
  );
  area('TER-KUN', 'TER', { fi: 'Kuntoutus', sv: 'Rehabilitering', en: 'Rehabilitation' }, (p) => [
    ...perMunicipality(p, big, (m) => ({ fi: `${m.gen} fysioterapia`, sv: `${m.sv} fysioterapi`, en: `${m.en} physiotherapy` })),
    ...list(p, [
      { fi: 'Toimintaterapia', sv: 'Ergoterapi', en: 'Occupational therapy' },
      { fi: 'Puheterapia', sv: 'Talterapi', en: 'Speech therapy' },
      { fi: 'Apuvälinepalvelut', sv: 'Hjälpmedelstjänster', en: 'Assistive devices' },
      { fi: 'Kuntoutusosasto', sv: 'Rehabiliteringsavdelning', en: 'Rehabilitation ward' },
    ]),
  ]);

  division('PSV', { fi: 'Perhe-, sosiaali- ja vammaispalvelut', sv: 'Familje-, social- och handikappservice', en: 'Family, social and disability services' });
  area(
    'PSV-LNP',
    'PSV',
    { fi: 'Lasten, nuorten ja perheiden palvelut', sv: 'Tjänster för barn, unga och familjer', en: 'Services for children, young people and families' },
    (p) => [
      ...perMunicipality(
        p,
        all,
        (m) => ({ fi: `${m.gen} neuvola`, sv: `${m.sv} rådgivning`, en: `${m.en} maternity and child health clinic` }),
        (m) => (m.big ? 2 : 1),
      ),
      ...perMunicipality(p, all, (m) => ({
        fi: `${m.gen} koulu- ja opiskeluterveydenhuolto`,
        sv: `${m.sv} skol- och studerandehälsovård`,
        en: `${m.en} school and student health care`,
      })),
      ...list(p, [
        { fi: 'Perheneuvola', sv: 'Familjerådgivningen', en: 'Family counselling' },
        { fi: 'Lastensuojelun avohuolto', sv: 'Öppenvård inom barnskyddet', en: 'Child welfare, community care' },
        { fi: 'Lastensuojelun sijaishuolto', sv: 'Vård utom hemmet inom barnskyddet', en: 'Child welfare, substitute care' },
        { fi: 'Perhekeskus, Porvoo', sv: 'Familjecentret, Borgå', en: 'Family centre, Porvoo' },
        { fi: 'Perhekeskus, Hyvinkää', sv: 'Familjecentret, Hyvinge', en: 'Family centre, Hyvinkää' },
        { fi: 'Nuorten vastaanotto', sv: 'Ungdomsmottagningen', en: 'Youth clinic' },
      ]),
    ],
  );
  area('PSV-AIK', 'PSV', { fi: 'Aikuissosiaalityö', sv: 'Socialt arbete för vuxna', en: 'Social work for adults' }, (p) => [
    ...perMunicipality(p, big, (m) => ({ fi: `${m.gen} aikuissosiaalityö`, sv: `${m.sv} socialt arbete för vuxna`, en: `${m.en} adult social work` })),
    ...list(p, [
      { fi: 'Sosiaalipäivystys', sv: 'Socialjouren', en: 'Social emergency services' },
      { fi: 'Työllisyyttä tukevat palvelut', sv: 'Sysselsättningsfrämjande tjänster', en: 'Employment support services' },
      { fi: 'Asumisneuvonta', sv: 'Boenderådgivning', en: 'Housing advice' },
    ]),
  ]);
  area('PSV-VAM', 'PSV', { fi: 'Vammaispalvelut', sv: 'Handikappservice', en: 'Disability services' }, (p) => [
    ...housingNames.slice(0, 18).map((n) => ({
      code: areaCodes(),
      parent: p,
      kind: 'unit',
      names: { fi: `Asumisyksikkö ${n}`, sv: `Boendeenhet ${n}`, en: `Supported housing unit ${n}` },
    })),
    ...perMunicipality(p, big, (m) => ({
      fi: `${m.gen} päivä- ja työtoiminta`,
      sv: `${m.sv} dag- och arbetsverksamhet`,
      en: `${m.en} day and work activities`,
    })),
    ...list(p, [
      { fi: 'Vammaispalvelujen sosiaalityö', sv: 'Socialt arbete inom handikappservice', en: 'Disability social work' },
      { fi: 'Henkilökohtainen apu', sv: 'Personlig assistans', en: 'Personal assistance' },
      { fi: 'Kuljetuspalvelut', sv: 'Färdtjänst', en: 'Transport services' },
    ]),
  ]);

  division('IKA', { fi: 'Ikääntyneiden palvelut', sv: 'Äldreomsorg', en: 'Elderly services' });
  area('IKA-KOT', 'IKA', { fi: 'Kotihoito', sv: 'Hemvård', en: 'Home care' }, (p) =>
    perMunicipality(
      p,
      all,
      (m) => ({ fi: `Kotihoito ${m.fi}, tiimi`, sv: `Hemvården ${m.sv}, team`, en: `Home care ${m.en}, team` }),
      (m) => (m.big ? 5 : 3),
    ),
  );
  area('IKA-ASU', 'IKA', { fi: 'Asumispalvelut', sv: 'Boendeservice', en: 'Housing services' }, (p) => {
    const units: Row[] = [];
    for (const m of municipalities) {
      const names = housingNames.slice(municipalities.indexOf(m) % 8, (municipalities.indexOf(m) % 8) + (m.big ? 6 : 3));
      for (const n of names) {
        units.push({
          code: areaCodes(),
          parent: p,
          kind: 'unit',
          names: { fi: `Palvelukoti ${n}, ${m.fi}`, sv: m.sv ? `Servicehemmet ${n}, ${m.sv}` : undefined, en: `${n} care home, ${m.en}` },
        });
      }
    }
    return units;
  });
  area('IKA-OHJ', 'IKA', { fi: 'Asiakasohjaus ja omaishoito', sv: 'Klientstyrning och närståendevård', en: 'Client guidance and informal care' }, (p) =>
    list(p, [
      { fi: 'Seniorineuvonta', sv: 'Seniorrådgivningen', en: 'Senior advice line' },
      { fi: 'Asiakasohjaus, itäinen alue', sv: 'Klientstyrning, östra området', en: 'Client guidance, east' },
      { fi: 'Asiakasohjaus, läntinen alue', sv: 'Klientstyrning, västra området', en: 'Client guidance, west' },
      { fi: 'Omaishoidon tuki', sv: 'Stöd för närståendevård', en: 'Informal care support' },
      { fi: 'Päivätoiminta, Porvoo', sv: 'Dagverksamhet, Borgå', en: 'Day activities, Porvoo' },
      { fi: 'Päivätoiminta, Hyvinkää', sv: 'Dagverksamhet, Hyvinge', en: 'Day activities, Hyvinkää' },
      { fi: 'Muistikoordinaattorit', sv: 'Minneskoordinatorer', en: 'Memory coordinators' },
      { fi: 'Geriatrinen poliklinikka', sv: 'Geriatriska polikliniken', en: 'Geriatric outpatient clinic' },
    ]),
  );

  division('PEL', { fi: 'Pelastustoimi', sv: 'Räddningsväsendet', en: 'Rescue services' });
  area('PEL-PEL', 'PEL', { fi: 'Pelastustoiminta', sv: 'Räddningsverksamhet', en: 'Rescue operations' }, (p) =>
    perMunicipality(p, all, (m) => ({ fi: `${m.gen} paloasema`, sv: `${m.sv} brandstation`, en: `${m.en} fire station` })),
  );
  area('PEL-EHK', 'PEL', { fi: 'Onnettomuuksien ehkäisy', sv: 'Olycksförebyggande', en: 'Accident prevention' }, (p) =>
    list(p, [
      { fi: 'Valvontapalvelut', sv: 'Tillsynstjänster', en: 'Fire inspections' },
      { fi: 'Turvallisuusviestintä', sv: 'Säkerhetskommunikation', en: 'Safety communication' },
      { fi: 'Nuohouspalvelut', sv: 'Sotningstjänster', en: 'Chimney sweeping' },
    ]),
  );

  // Support services sit beside the four service divisions: free-form feedback may target them.
  area('TUKI', county, { fi: 'Tukipalvelut', sv: 'Stödtjänster', en: 'Support services' }, (p) =>
    list(p, [
      { fi: 'Asiakasmaksut ja laskutus', sv: 'Klientavgifter och fakturering', en: 'Client fees and invoicing' },
      { fi: 'Potilasasiamies ja sosiaaliasiamies', sv: 'Patient- och socialombudsman', en: 'Patient and social ombudsman' },
      { fi: 'Verkkosivut ja digipalvelut', sv: 'Webbplatsen och digitala tjänster', en: 'Web site and digital services' },
      { fi: 'Asiakaspalvelukeskus', sv: 'Kundtjänstcentret', en: 'Customer service centre' },
      { fi: 'Ravintopalvelut', sv: 'Kostservice', en: 'Food services' },
      { fi: 'Tilapalvelut ja pysäköinti', sv: 'Lokalservice och parkering', en: 'Premises and parking' },
    ]),
  );
  return rows;
}

export function demoCountyCsv(): string {
  const esc = (v: string | undefined) => (v === undefined ? '' : /[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
  const lines = ['code,parent_code,kind,name_fi,name_sv,name_en,active'];
  for (const r of demoCountyRows()) {
    lines.push([r.code, r.parent, r.kind, r.names.fi, r.names.sv, r.names.en, 'true'].map(esc).join(','));
  }
  return `${lines.join('\n')}\n`;
}
