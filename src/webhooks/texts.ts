/**
 * The webhooks capability's texts. Finnish first; the Swedish and English ones are typed by it,
 * so a missing translation fails the type check.
 */
export const fi = {
  'nav.webhooks': 'Webhookit',
  'webhook.title': 'Webhookit muille järjestelmille',
  'webhook.intro':
    'Kaiku ilmoittaa muille järjestelmille uusista vastauksista ja palautteista sekä käsitellyistä palautteista. Viestit allekirjoitetaan Standard Webhooks -muodossa (HMAC-SHA256) ja lähetetään uudelleen, kunnes vastaanottaja kuittaa ne. Avoimia vastauksia, palautteiden tekstejä ja yhteystietoja ei lähetetä.',
  'webhook.secretOnce': 'Allekirjoitusavain näytetään vain nyt. Tallenna se vastaanottavaan järjestelmään:',
  'webhook.events': 'Tapahtumat',
  'webhook.event': 'Tapahtuma',
  'webhook.delivered': 'Toimitettu',
  'webhook.waiting': 'Jonossa',
  'webhook.givenUp': 'Luovuttu',
  'webhook.toggle': 'Päälle tai pois',
  'webhook.add': 'Lisää webhook',
  'webhook.recent': 'Viimeisimmät toimitukset',
  'webhook.none': 'Ei toimituksia vielä.',
  'webhook.attempts': 'Yrityksiä',
  'webhook.ok': 'Toimitettu',
  'webhook.gaveUp': 'Luovuttu',
  'webhook.retrying': 'Yritetään uudelleen',
  'webhook.queued': 'Jonossa',
  'webhook.err.url': 'Anna http- tai https-osoite ilman käyttäjätunnusta.',
  'webhook.err.unresolved': 'Osoitteen palvelinta ei löydy.',
  'webhook.err.private': 'Osoite on sisäverkossa. Sisäverkon kohteet sallitaan vain asetuksella KAIKU_WEBHOOK_ALLOW_PRIVATE.',
  'webhook.err.events': 'Valitse ainakin yksi tapahtuma.',
} as const;

export const sv: Record<keyof typeof fi, string> = {
  'nav.webhooks': 'Webhooks',
  'webhook.title': 'Webhooks till andra system',
  'webhook.intro':
    'Kaiku meddelar andra system om nya svar och responser samt behandlade responser. Meddelandena signeras i Standard Webhooks-format (HMAC-SHA256) och skickas på nytt tills mottagaren kvitterar dem. Öppna svar, responstexter och kontaktuppgifter skickas inte.',
  'webhook.secretOnce': 'Signeringsnyckeln visas bara nu. Spara den i det mottagande systemet:',
  'webhook.events': 'Händelser',
  'webhook.event': 'Händelse',
  'webhook.delivered': 'Levererade',
  'webhook.waiting': 'I kö',
  'webhook.givenUp': 'Uppgivna',
  'webhook.toggle': 'På eller av',
  'webhook.add': 'Lägg till en webhook',
  'webhook.recent': 'Senaste leveranser',
  'webhook.none': 'Inga leveranser ännu.',
  'webhook.attempts': 'Försök',
  'webhook.ok': 'Levererad',
  'webhook.gaveUp': 'Uppgiven',
  'webhook.retrying': 'Försöker igen',
  'webhook.queued': 'I kö',
  'webhook.err.url': 'Ange en http- eller https-adress utan användarnamn.',
  'webhook.err.unresolved': 'Adressens server hittas inte.',
  'webhook.err.private': 'Adressen finns i ett internt nät. Interna mål tillåts bara med inställningen KAIKU_WEBHOOK_ALLOW_PRIVATE.',
  'webhook.err.events': 'Välj minst en händelse.',
};

export const en: Record<keyof typeof fi, string> = {
  'nav.webhooks': 'Webhooks',
  'webhook.title': 'Webhooks for other systems',
  'webhook.intro':
    'Kaiku tells other systems about new answers and feedback and about handled feedback. Messages are signed in the Standard Webhooks format (HMAC-SHA256) and sent again until the receiver acknowledges them. Open answers, feedback texts and contact details are never sent.',
  'webhook.secretOnce': 'The signing secret is shown only now. Store it in the receiving system:',
  'webhook.events': 'Events',
  'webhook.event': 'Event',
  'webhook.delivered': 'Delivered',
  'webhook.waiting': 'Waiting',
  'webhook.givenUp': 'Given up',
  'webhook.toggle': 'On or off',
  'webhook.add': 'Add a webhook',
  'webhook.recent': 'Recent deliveries',
  'webhook.none': 'No deliveries yet.',
  'webhook.attempts': 'Attempts',
  'webhook.ok': 'Delivered',
  'webhook.gaveUp': 'Given up',
  'webhook.retrying': 'Retrying',
  'webhook.queued': 'Queued',
  'webhook.err.url': 'Give an http or https address without a user name.',
  'webhook.err.unresolved': "The address's server cannot be found.",
  'webhook.err.private': 'The address is in a private network. Private targets are allowed only with KAIKU_WEBHOOK_ALLOW_PRIVATE.',
  'webhook.err.events': 'Choose at least one event.',
};

declare module '../shared/i18n/index.ts' {
  interface Messages extends Record<keyof typeof fi, string> {}
}
