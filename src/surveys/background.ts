import { isMessageKey, type Translate } from '../shared/i18n/index.ts';
/**
 * Background variables that may travel with an answer. None identifies a person; free text is
 * not allowed, so nothing identifying can slip in through a background value.
 */
export const backgroundVariables: Record<string, readonly string[]> = {
  respondentType: ['customer', 'relative', 'child', 'youth', 'other'],
  ageGroup: ['0-12', '13-17', '18-29', '30-44', '45-64', '65-74', '75+'],
  callType: ['line', 'callback'],
  // The seven strategic stages of the customer journey (South Karelia handbook).
  journeyStage: ['before_contact', 'contact', 'needs_assessment', 'service_planning', 'service_organising', 'service_delivery', 'follow_up'],
  segment: ['S1', 'S2', 'S3', 'S4'],
  assisted: ['yes', 'no'],
};

export function isBackgroundKey(key: string): boolean {
  return key in backgroundVariables;
}

/** A background value in words; age groups are their own label ("45-64"); "(none)" is "not given". */
export function backgroundValueLabel(t: Translate, key: string, value: string): string {
  if (value === '(none)') return t('common.notGiven');
  const k = `background.${key}.${value}`;
  return isMessageKey(k) ? t(k) : value;
}
