import { z } from 'zod';
import { audit } from '../access/audit.ts';
import { canCorrectText } from '../access/permissions.ts';
import type { SignedInUser } from '../http/context.ts';
import { ancestry } from '../organisation/tree-queries.ts';
import type { Db } from '../shared/db.ts';
import { maybeOne } from '../shared/db.ts';
import { AppError } from '../shared/errors.ts';
import type { TextLanguage } from './language.ts';
import { activeTaxonomy } from './taxonomy.ts';
import type { Tone } from './tone.ts';
import type { TrainingText } from './tone-model/training.ts';

/** Which text: an open answer (the response's id and the question) or a free-form feedback. */
export const textRef = z.object({
  source: z.enum(['answer', 'feedback']),
  id: z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER),
  question: z.string().max(100).default(''),
});
export type TextRef = z.infer<typeof textRef>;

export const correctionInput = z.object({
  tone: z.enum(['positive', 'negative', 'neutral', 'mixed']),
  topics: z.array(z.string().max(40)).max(30),
});

export interface CorrectableText {
  ref: TextRef;
  nodeId: number;
  masked: string;
  language: TextLanguage;
  tone: Tone;
  topics: string[];
  corrected: { by: string; at: Date } | undefined;
}

/** The text as analysed (and corrected), if the person may correct it; otherwise "not found". */
export async function correctableText(db: Db, user: SignedInUser, ref: TextRef): Promise<CorrectableText> {
  const r = await maybeOne<{
    node_id: number;
    masked: string;
    language: TextLanguage;
    tone: Tone;
    topics: { key: string }[];
    by: string | null;
    at: Date | null;
  }>(
    db,
    `select a.node_id, a.masked, a.language, a.tone, a.topics, c.corrected_by as by, c.corrected_at as at
     from text_analysis a left join analysis_correction c using (source, source_id, question)
     where a.source = $1 and a.source_id = $2 and a.question = $3`,
    [ref.source, ref.id, ref.question],
  );
  // a text outside the person's subtree is answered exactly like one that does not exist
  if (
    !r ||
    !canCorrectText(
      user,
      (await ancestry(db, r.node_id)).map((n) => n.id),
      ref.source,
    )
  )
    throw new AppError('not_found', 'No such text');
  return {
    ref,
    nodeId: r.node_id,
    masked: r.masked,
    language: r.language,
    tone: r.tone,
    topics: r.topics.map((t) => t.key),
    corrected: r.by && r.at ? { by: r.by, at: r.at } : undefined,
  };
}

/**
 * A person's correction of a text's tone and topics: stored for the county (and for retraining),
 * shown at once in every report, kept by every later re-analysis, and written to the audit log
 * with what it was before.
 */
export async function correctText(db: Db, user: SignedInUser, ref: TextRef, input: z.infer<typeof correctionInput>): Promise<void> {
  const text = await correctableText(db, user, ref);
  const known = new Set((await activeTaxonomy(db)).map((t) => t.key));
  const unknown = input.topics.filter((k) => !known.has(k));
  if (unknown.length) throw new AppError('invalid', `Unknown topic: ${unknown.join(', ')}`);
  const topics = [...new Set(input.topics)];
  await db.transaction(async (tx) => {
    await tx.query(
      `insert into analysis_correction (source, source_id, question, tone, topics, language, masked, corrected_by)
       values ($1, $2, $3, $4, $5, $6, $7, $8)
       on conflict (source, source_id, question) do update set tone = excluded.tone, topics = excluded.topics,
         corrected_by = excluded.corrected_by, corrected_at = now()`,
      [ref.source, ref.id, ref.question, input.tone, JSON.stringify(topics), text.language, text.masked, user.username],
    );
    await applyCorrections(tx, [ref.source], [ref.id]);
    await audit(tx, user, {
      action: 'analysis_text_corrected',
      targetType: ref.source,
      targetId: ref.question ? `${ref.id}/${ref.question}` : String(ref.id),
      details: { tone: { from: text.tone, to: input.tone }, topics: { from: text.topics, to: topics } },
    });
  });
}

/** Puts the corrected tone and topics over the analyser's, for these texts (after each analysis). */
export async function applyCorrections(db: Db, sources: string[], ids: number[]): Promise<void> {
  await db.query(
    `update text_analysis a set tone = coalesce(c.tone, a.tone),
       topics = coalesce((select jsonb_agg(jsonb_build_object('key', k, 'confidence', 1)) from jsonb_array_elements_text(c.topics) k), case when c.topics is null then a.topics else '[]'::jsonb end)
     from analysis_correction c, unnest($1::text[], $2::bigint[]) as d(source, source_id)
     where c.source = d.source and c.source_id = d.source_id
       and a.source = c.source and a.source_id = c.source_id and a.question = c.question`,
    [sources, ids],
  );
}

/** The county's corrected tones, as training texts (masked: no names or numbers are learnt). */
export async function correctionsForTraining(db: Db): Promise<TrainingText[]> {
  const rows = await db.query<{ masked: string; language: TextLanguage; tone: Tone }>(
    'select masked, language, tone from analysis_correction where tone is not null order by corrected_at',
  );
  return rows.map((r) => ({ text: r.masked, lang: r.language, tone: r.tone }));
}

/** A text's tone and topic names as analysed (and corrected), for a page that has already checked who may read it. */
export async function textAnalysisOf(
  db: Db,
  ref: TextRef,
  lang: 'fi' | 'sv' | 'en',
): Promise<{ tone: Tone; topics: string[]; corrected: boolean } | undefined> {
  const r = await maybeOne<{ tone: Tone; topics: string[]; corrected: boolean }>(
    db,
    `select a.tone,
       coalesce((select jsonb_agg(coalesce(t.name ->> $4, x ->> 'key')) from jsonb_array_elements(a.topics) x left join analysis_topic t on t.key = x ->> 'key'), '[]') as topics,
       exists (select 1 from analysis_correction c where c.source = a.source and c.source_id = a.source_id and c.question = a.question) as corrected
     from text_analysis a where a.source = $1 and a.source_id = $2 and a.question = $3`,
    [ref.source, ref.id, ref.question, lang],
  );
  return r ?? undefined;
}
