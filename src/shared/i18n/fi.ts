/** Finnish is the default language and the reference: every key here must exist in sv and en. */
export const fi = {
  'app.name': 'Kaiku',
  'app.tagline': 'Asiakaspalaute ja asiakaskokemus',
  'lang.fi': 'Suomeksi',
  'lang.sv': 'På svenska',
  'lang.en': 'In English',
  'lang.choose': 'Kieli',
  'nav.skip': 'Siirry sisältöön',
  'nav.menu': 'Valikko',
  'nav.main': 'Päävalikko',
  'nav.signOut': 'Kirjaudu ulos',
  'error.title': 'Virhe',
  'error.not_found': 'Sivua tai tietoa ei löytynyt.',
  'error.forbidden': 'Sinulla ei ole oikeutta tähän.',
  'error.unauthorized': 'Kirjaudu sisään jatkaaksesi.',
  'error.invalid': 'Tarkista syöttämäsi tiedot.',
  'error.conflict': 'Tieto on jo olemassa.',
  'error.rate_limited': 'Liian monta pyyntöä. Odota hetki ja yritä uudelleen.',
  'error.unavailable': 'Palvelu ei juuri nyt ole käytettävissä.',
  'error.internal': 'Jotain meni vikaan. Virhe on kirjattu; yritä myöhemmin uudelleen.',
  'error.csrf': 'Lomake on vanhentunut. Lataa sivu uudelleen ja yritä uudestaan.',
  'error.tooLarge': 'Tiedosto tai lomake on liian suuri.',
  'error.nul_character':
    'Lähettämässäsi tekstissä oli merkki, jota ei voi tallentaa (NUL-merkki U+0000). Poista se ja lähetä uudelleen: mitään ei tallennettu.',
  'error.backHome': 'Etusivulle',
  'common.table': 'Taulukko',
  'common.yes': 'Kyllä',
  'common.no': 'Ei',
  'common.none': '–',
  'common.save': 'Tallenna',
  'common.saved': 'Tallennettu.',
  'common.asTable': 'Luvut taulukkona',
  'common.month': 'Kuukausi',
  'common.show': 'Näytä',
  'common.trail': 'Organisaatiopolku',
  'common.noFeedbackInPeriod': 'Ei palautetta tällä aikavälillä.',
  'common.activate': 'Avaa',
  'common.deactivate': 'Sulje',
  'common.csv': 'Lataa CSV',
  'common.xlsx': 'Lataa Excel',
  'common.notGiven': 'ei tiedossa',
  'common.checkForm': 'Tarkista lomakkeen tiedot',
  'common.honeypot': 'Jätä tämä kenttä tyhjäksi',
  'common.status': 'Tila',
  'common.description': 'Kuvaus',
  'common.received': 'Saapunut',
  'common.search': 'Hae',
  'common.unitCode': 'Yksikkö (tunnus)',
  'common.survey': 'Kysely',
} as const;

/** Keys still here rather than with their capability. */
export type SharedKey = keyof typeof fi;

declare module './index.ts' {
  interface Messages extends Record<SharedKey, string> {}
}
