/**
 * The messages capability's texts. Finnish first; the Swedish and English ones are typed by it,
 * so a missing translation fails the type check.
 */
export const fi = {
  'nav.outbox': 'Lähtevät viestit',
  'outbox.dev': 'SMTP-palvelinta ei ole määritetty (KAIKU_SMTP_URL), joten viestit jäävät tänne lähettämättä.',
  'outbox.sent': 'Lähetetty',
  'outbox.kept': 'Ei lähetetty (kehitystila)',
  'outbox.waiting': 'Odottaa',
  'outbox.to': 'Vastaanottaja',
  'outbox.subject': 'Aihe',
  'outbox.status': 'Tila',
  'outbox.sms': 'Tekstiviestit',
  'outbox.smsWaiting': 'Odottaa tekstiviestiyhdyskäytävää',
} as const;

export const sv: Record<keyof typeof fi, string> = {
  'nav.outbox': 'Utgående meddelanden',
  'outbox.dev': 'Ingen SMTP-server har angetts (KAIKU_SMTP_URL), så meddelandena stannar här osända.',
  'outbox.sent': 'Skickat',
  'outbox.kept': 'Inte skickat (utvecklingsläge)',
  'outbox.waiting': 'Väntar',
  'outbox.to': 'Mottagare',
  'outbox.subject': 'Ämne',
  'outbox.status': 'Status',
  'outbox.sms': 'Textmeddelanden',
  'outbox.smsWaiting': 'Väntar på sms-gateway',
};

export const en: Record<keyof typeof fi, string> = {
  'nav.outbox': 'Outbox',
  'outbox.dev': 'No SMTP server is configured (KAIKU_SMTP_URL), so messages stay here unsent.',
  'outbox.sent': 'Sent',
  'outbox.kept': 'Not sent (development)',
  'outbox.waiting': 'Waiting',
  'outbox.to': 'To',
  'outbox.subject': 'Subject',
  'outbox.status': 'Status',
  'outbox.sms': 'Text messages',
  'outbox.smsWaiting': 'Waiting for an SMS gateway',
};

declare module '../shared/i18n/index.ts' {
  interface Messages extends Record<keyof typeof fi, string> {}
}
