import { z } from 'zod';
import type { Config } from '../shared/config.ts';
import { type Db, maybeOne } from '../shared/db.ts';
import type { SendRule } from './schedule.ts';

export const visitTypes = ['visit', 'stay', 'first-contact'] as const;
export type VisitType = (typeof visitTypes)[number];

const perType = z.object({
  survey: z.string().min(1),
  /** At most four: a longer conversation loses people. */
  questions: z.array(z.string().min(1)).min(1).max(4),
  withinHours: z
    .number()
    .positive()
    .max(24 * 7),
});

export const smsSurveysSchema = z.object({ visit: perType, stay: perType, 'first-contact': perType });
export type SmsSurveys = z.infer<typeof smsSurveysSchema>;

export interface SmsSettings {
  surveys: SmsSurveys;
  frequencyDays: number;
  conversationHours: number;
}

/** The county's SMS rules: which survey and questions per kind of visit, and the frequency and expiry limits. */
export async function smsSettings(db: Db): Promise<SmsSettings> {
  const rows = await db.query<{ key: string; value: unknown }>(
    "select key, value from setting where key in ('sms_surveys', 'sms_frequency_days', 'sms_conversation_hours')",
  );
  const get = (k: string) => rows.find((r) => r.key === k)?.value;
  return {
    surveys: smsSurveysSchema.parse(get('sms_surveys')),
    frequencyDays: Number(get('sms_frequency_days') ?? 30),
    conversationHours: Number(get('sms_conversation_hours') ?? 24),
  };
}

export function sendRule(config: Config, settings: SmsSettings, type: VisitType): SendRule {
  return {
    delayMs: config.sms.delayMs,
    withinHours: settings.surveys[type].withinHours,
    window: config.sms.window,
    // "The next day after noon" is for visits; a first-contact call is asked about within the hour.
    nextDayFrom: type === 'first-contact' ? undefined : config.sms.nextDayFrom,
  };
}

export async function saveSmsSurveys(db: Db, surveys: SmsSurveys): Promise<void> {
  await db.query("update setting set value = $1, updated_at = now() where key = 'sms_surveys'", [JSON.stringify(smsSurveysSchema.parse(surveys))]);
}

export async function settingNumber(db: Db, key: string, fallback: number): Promise<number> {
  return Number((await maybeOne<{ value: unknown }>(db, 'select value from setting where key = $1', [key]))?.value ?? fallback);
}
