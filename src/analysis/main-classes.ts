/**
 * The main classes over the county's topics, as Oma Häme reports free-form feedback (seed 001:
 * "Palvelumuodot ja tukitoiminnot – erityisesti puhelinpalvelut ja digipalvelut", "Toiminnan
 * sujuvuus"). Each topic belongs to one; a county moves its topics between them freely.
 */
export const mainClasses = [
  { key: 'services', name: { fi: 'Palvelumuodot ja tukitoiminnot', sv: 'Serviceformer och stödfunktioner', en: 'Forms of service and support functions' } },
  { key: 'flow', name: { fi: 'Toiminnan sujuvuus', sv: 'Verksamhetens smidighet', en: 'How smoothly things run' } },
  { key: 'care', name: { fi: 'Kohtaaminen ja hoito', sv: 'Bemötande och vård', en: 'Encounter and care' } },
  { key: 'information', name: { fi: 'Tiedonsaanti ja ohjaus', sv: 'Information och vägledning', en: 'Information and guidance' } },
] as const;

export type MainClassKey = (typeof mainClasses)[number]['key'];
export const mainClassKeys = mainClasses.map((c) => c.key) as [MainClassKey, ...MainClassKey[]];
