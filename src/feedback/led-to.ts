import type { OrgNode } from '../organisation/node.ts';
import type { Db } from '../shared/db.ts';
import type { Lang } from '../shared/i18n/index.ts';
import type { Period } from './figures.ts';
import { mask } from '../analysis/mask.ts';
import { subtreeCte } from '../organisation/tree-queries.ts';

export interface LedToUnit {
  code: string;
  name: string;
  items: { handledAt: Date; effects: string[]; description: string }[];
}

const periodFilter = (column: string) => `${column} >= (to_date($2, 'YYYY-MM')::timestamp at time zone 'Europe/Helsinki')
  and ${column} < ((to_date($3, 'YYYY-MM') + interval '1 month')::timestamp at time zone 'Europe/Helsinki')`;

/**
 * What the feedback handled in the period led to, unit by unit: the effects chosen and what the
 * handler wrote will be done. No feedback text, no reference, no contact details: the list is
 * meant for the unit's public self-monitoring report (omavalvontaraportti).
 */
export async function ledTo(db: Db, node: OrgNode, period: Period, lang: Lang): Promise<LedToUnit[]> {
  const rows = await db.query<{
    code: string;
    name_fi: string;
    name_sv: string | null;
    name_en: string | null;
    handled_at: Date;
    effects: string[];
    effect_description: string | null;
  }>(
    `${subtreeCte}
     select n.code, n.name_fi, n.name_sv, n.name_en, f.handled_at, f.effects, f.effect_description
     from feedback f join sub on sub.id = f.target_node_id join org_node n on n.id = f.target_node_id
     where f.status = 'handled' and ${periodFilter('f.handled_at')}
     order by n.name_fi, n.code, f.handled_at`,
    [node.id, period.from, period.to],
  );
  const units: LedToUnit[] = [];
  for (const r of rows) {
    let unit = units.at(-1);
    if (!unit || unit.code !== r.code) {
      unit = { code: r.code, name: (lang === 'sv' ? r.name_sv : lang === 'en' ? r.name_en : null) ?? r.name_fi, items: [] };
      units.push(unit);
    }
    // What the handler wrote may name someone; the list is meant to be published.
    unit.items.push({ handledAt: r.handled_at, effects: r.effects, description: r.effect_description ? mask(r.effect_description).text : '' });
  }
  return units;
}

export interface ExportRow {
  reference: string;
  received_at: Date;
  due_at: Date;
  handled_at: Date | null;
  status: string;
  target_code: string;
  target_name: string;
  channel: string;
  language: string;
  wants_reply: boolean;
  formal_process: string | null;
  effects: string[] | null;
  effect_description: string | null;
  text?: string;
  contact_name?: string | null;
  contact_email?: string | null;
  contact_phone?: string | null;
}

/**
 * Feedback received in the period within the subtree. With personal data: the text as written
 * and the contact details. Without: the text masked ([nimi], [puhelin] …) and no contact details.
 */
export async function exportRows(db: Db, node: OrgNode, period: Period, withPersonalData: boolean): Promise<ExportRow[]> {
  const rows = await db.query<ExportRow>(
    `${subtreeCte}
     select f.reference, f.received_at, f.due_at, f.handled_at, f.status, n.code as target_code, n.name_fi as target_name, f.channel, f.language,
            f.wants_reply, f.formal_process, f.effects, f.effect_description
            , f.text ${withPersonalData ? ', f.contact_name, f.contact_email, f.contact_phone' : ''}
     from feedback f join sub on sub.id = f.target_node_id join org_node n on n.id = f.target_node_id
     where f.status not in ('suspected_spam', 'spam') and ${periodFilter('f.received_at')}
     order by f.received_at, f.id`,
    [node.id, period.from, period.to],
  );
  return withPersonalData
    ? rows
    : rows.map((r) => ({ ...r, text: mask(r.text ?? '').text, effect_description: r.effect_description && mask(r.effect_description).text }));
}
