import { clock } from '../shared/clock.ts';
import type { Db } from '../shared/db.ts';
import { latestVersion } from '../surveys/survey-queries.ts';
import { smsSettings, visitTypes } from './sms-settings.ts';
import { smsSurveyOverrides } from './survey-overrides.ts';

/** What the county's SMS page shows: settings, chosen questions, the last 30 days' visits, held units and monthly counts. */
export async function smsOverview(db: Db) {
  const settings = await smsSettings(db);
  const surveys = await Promise.all(
    visitTypes.map(async (type) => ({ type, plan: settings.surveys[type], def: (await latestVersion(db, settings.surveys[type].survey)).definition })),
  );
  const visits = await db.query<{ status: string; reason: string | null; n: number }>(
    "select status, skip_reason as reason, count(*)::int as n from visit where received_at > $1::timestamptz - interval '30 days' group by 1, 2 order by 3 desc",
    [clock.now()],
  );
  const held = await db.query<{ unit_code: string; n: number }>(
    "select unit_code, count(*)::int as n from visit where status = 'held' group by 1 order by 2 desc limit 50",
  );
  const months = await db.query<{ month: string; sent: number; answered: number }>(
    `select to_char(day, 'YYYY-MM') as month, sum(sent)::int as sent, sum(answered)::int as answered
     from sms_request_day where day > ($1::timestamptz - interval '13 months')::date group by 1 order by 1`,
    [clock.now()],
  );
  const chosen = await smsSurveyOverrides(db);
  const units = await db.query<{ node: number; code: string; name_fi: string; name_sv: string | null; name_en: string | null }>(
    'select id as node, code, name_fi, name_sv, name_en from org_node where id = any($1::int[])',
    [chosen.map((o) => o.node)],
  );
  const choices = await db.query<{ id: string; name: Record<string, string> }>('select id, name from survey order by builtin desc, id');
  const named = chosen.map((o) => ({ ...o, unit: units.find((n) => n.node === o.node)! })).filter((o) => o.unit);
  return { settings, surveys, visits, held, months, overrides: named, choices };
}
export type SmsOverview = Awaited<ReturnType<typeof smsOverview>>;

/** Saves how often a person may be asked and how long a conversation stays open. */
export async function saveSmsLimits(db: Db, limits: { frequencyDays: number; conversationHours: number }): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.query("update setting set value = $1, updated_at = now() where key = 'sms_frequency_days'", [JSON.stringify(limits.frequencyDays)]);
    await tx.query("update setting set value = $1, updated_at = now() where key = 'sms_conversation_hours'", [JSON.stringify(limits.conversationHours)]);
  });
}
