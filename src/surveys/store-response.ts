import type { Db } from '../shared/db.ts';
import type { AnswerValue } from './validate-answers.ts';

export interface NewResponse {
  surveyId: string;
  surveyVersion: number;
  nodeId: number;
  channel: string;
  collectionPointId?: number | null;
  submittedAt: Date;
  idempotencyKey: string;
  background: Record<string, string>;
  answers: Record<string, AnswerValue>;
  /** Some questions were left unanswered when the conversation ended (SMS). */
  partial?: boolean;
}

/** A survey tied to a journey stage gives its answers that stage, unless the answer has its own. */
const surveyStage = (surveyId: string) =>
  `coalesce((select jsonb_build_object('journeyStage', sv.journey_stage) from survey sv where sv.id = ${surveyId} and sv.journey_stage is not null), '{}'::jsonb)`;

/** Stores a validated answer once: the same idempotency key again is a duplicate, not a second answer. */
export async function storeResponse(db: Db, r: NewResponse): Promise<'created' | 'duplicate'> {
  const rows = await db.query(
    `insert into response (survey_id, survey_version, node_id, channel, collection_point_id, submitted_at, idempotency_key, background, answers, partial)
     values ($1, $2, $3, $4, $5, $6, $7, ${surveyStage('$1')} || $8::jsonb, $9, $10)
     on conflict (idempotency_key) do nothing returning id`,
    [
      r.surveyId,
      r.surveyVersion,
      r.nodeId,
      r.channel,
      r.collectionPointId ?? null,
      r.submittedAt,
      r.idempotencyKey,
      JSON.stringify(r.background),
      JSON.stringify(r.answers),
      r.partial ?? false,
    ],
  );
  return rows.length > 0 ? 'created' : 'duplicate';
}

/** Many validated answers in one statement; returns the idempotency keys that were new. */
export async function storeResponses(db: Db, rows: NewResponse[]): Promise<Set<string>> {
  if (rows.length === 0) return new Set();
  const inserted = await db.query<{ idempotency_key: string }>(
    `insert into response (survey_id, survey_version, node_id, channel, collection_point_id, submitted_at, idempotency_key, background, answers, partial)
     select s, v, n, c, cp, t, k, ${surveyStage('s')} || b::jsonb, a::jsonb, p
     from unnest($1::text[], $2::int[], $3::int[], $4::text[], $5::int[], $6::timestamptz[], $7::text[], $8::text[], $9::text[], $10::boolean[])
       as x(s, v, n, c, cp, t, k, b, a, p)
     on conflict (idempotency_key) do nothing
     returning idempotency_key`,
    [
      rows.map((r) => r.surveyId),
      rows.map((r) => r.surveyVersion),
      rows.map((r) => r.nodeId),
      rows.map((r) => r.channel),
      rows.map((r) => r.collectionPointId ?? null),
      rows.map((r) => r.submittedAt.toISOString()),
      rows.map((r) => r.idempotencyKey),
      rows.map((r) => JSON.stringify(r.background)),
      rows.map((r) => JSON.stringify(r.answers)),
      rows.map((r) => r.partial ?? false),
    ],
  );
  return new Set(inserted.map((r) => r.idempotency_key));
}
