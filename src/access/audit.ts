import { clock } from '../shared/clock.ts';
import type { Db } from '../shared/db.ts';
import { actorLabel, actorUserId, type Principal } from './roles.ts';

export type AuditAction =
  | 'sign_in'
  | 'brand_saved'
  | 'sign_in_failed'
  | 'sign_out'
  | 'user_created'
  | 'user_updated'
  | 'password_changed'
  | 'role_granted'
  | 'role_revoked'
  | 'api_key_created'
  | 'api_key_revoked'
  | 'fhir_code_map_replaced'
  | 'org_imported'
  | 'feedback_read'
  | 'feedback_export'
  | 'analysis_topic_saved'
  | 'analysis_text_corrected'
  | 'tone_model_retrain_requested'
  | 'tone_model_trained'
  | 'targets_set'
  | 'participant_read'
  | 'participant_saved'
  | 'participant_removed'
  | 'pool_joined'
  | 'pool_left'
  | 'pool_round_sent'
  | 'population_saved'
  | 'council_application_decided'
  | 'expert_request_saved'
  | 'journey_saved'
  | 'webhook_created'
  | 'webhook_changed'
  | 'oidc_mapping_added'
  | 'oidc_mapping_removed'
  | 'scim_user_deactivated'
  | 'scim_user_deleted'
  | 'scim_group_saved'
  | 'scim_group_deleted'
  | 'report_recipient_added'
  | 'report_recipient_removed'
  | 'survey_published';

export interface AuditEntry {
  action: AuditAction;
  targetType?: string;
  targetId?: string | number;
  details?: Record<string, unknown>;
}

export async function audit(db: Db, actor: Principal | { label: string }, entry: AuditEntry): Promise<void> {
  const label = 'label' in actor ? actor.label : actorLabel(actor);
  const userId = 'label' in actor ? null : actorUserId(actor);
  await db.query('insert into audit_log (actor_user_id, actor, action, target_type, target_id, details, at) values ($1, $2, $3, $4, $5, $6, $7)', [
    userId,
    label,
    entry.action,
    entry.targetType ?? null,
    entry.targetId === undefined ? null : String(entry.targetId),
    entry.details ? JSON.stringify(entry.details) : null,
    clock.now(),
  ]);
}

export interface AuditRow {
  id: number;
  at: Date;
  actor: string;
  action: string;
  target_type: string | null;
  target_id: string | null;
  details: Record<string, unknown> | null;
}

export async function listAudit(db: Db, filter: { action?: string; actor?: string; limit?: number; before?: number }): Promise<AuditRow[]> {
  return db.query<AuditRow>(
    `select id, at, actor, action, target_type, target_id, details from audit_log
     where ($1::text is null or action = $1) and ($2::text is null or actor = $2) and ($3::bigint is null or id < $3)
     order by id desc limit $4`,
    [filter.action ?? null, filter.actor ?? null, filter.before ?? null, Math.min(filter.limit ?? 100, 500)],
  );
}

/** The audit log keeps entries for a set number of days (KAIKU_RETAIN_AUDIT_DAYS, two years unless set). */
export async function eraseOldAuditEntries(db: Db, days: number, now = clock.now()): Promise<number> {
  const rows = await db.query('delete from audit_log where at < $2::timestamptz - make_interval(days => $1) returning 1', [Math.trunc(days), now]);
  return rows.length;
}
