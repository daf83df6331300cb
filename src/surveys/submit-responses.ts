import { clock } from '../shared/clock.ts';
import { z } from 'zod';
import type { Principal } from '../access/roles.ts';
import type { Db } from '../shared/db.ts';
import { AppError } from '../shared/errors.ts';
import { openOn } from './definition.ts';
import { helsinkiToday } from '../shared/i18n/format.ts';
import { canWriteResponses } from '../access/permissions.ts';
import { storeResponses } from './store-response.ts';
import { type AnswerError, type AnswerValue, validateAnswers, validateBackground } from './validate-answers.ts';
import { keySubtree } from '../access/key-scope.ts';
import { surveyVersionsOf, unitIdsByCode } from './lookup-cache.ts';

export const responseChannels = ['link', 'qr', 'kiosk', 'paper', 'email', 'sms', 'interview', 'api'] as const;

export interface ItemResult {
  idempotencyKey: string | null;
  status: 'created' | 'duplicate' | 'invalid';
  errors: AnswerError[];
}

export const maxBatch = 1000;

const envelope = z.object({ responses: z.array(z.unknown()).min(1).max(maxBatch) });

interface Prepared {
  index: number;
  key: string;
  row: {
    survey: string;
    version: number;
    nodeId: number;
    channel: string;
    submittedAt: Date;
    background: Record<string, string>;
    answers: Record<string, AnswerValue>;
  };
}

/**
 * Takes a batch of answers from another system. Each item stands alone: a valid item is stored
 * exactly once (its idempotency key again is a duplicate), an invalid item is not stored and
 * comes back with every field that is wrong and why. Nothing is half-stored or dropped silently.
 */
export async function submitResponses(db: Db, actor: Principal, body: unknown): Promise<ItemResult[]> {
  if (!canWriteResponses(actor)) throw new AppError('forbidden', 'responses:write scope needed');
  const parsed = envelope.safeParse(body);
  if (!parsed.success) throw new AppError('invalid', `Send { "responses": [ … ] } with 1 to ${maxBatch} items`);
  const items = parsed.data.responses;

  const unitCodes = new Set<string>();
  const surveyIds = new Set<string>();
  for (const item of items) {
    if (item && typeof item === 'object') {
      const o = item as Record<string, unknown>;
      if (typeof o.unit === 'string') unitCodes.add(o.unit);
      if (typeof o.survey === 'string') surveyIds.add(o.survey);
    }
  }
  const units = await unitIdsByCode(db, [...unitCodes]);
  const versions = await surveyVersionsOf(db, [...surveyIds]);
  const latest = new Map<string, number>();
  for (const v of versions) latest.set(v.survey_id, Math.max(latest.get(v.survey_id) ?? 0, v.version));

  const keyScope = actor.kind === 'api_key' ? `api:${actor.keyId ?? 'admin'}:` : 'api:system:';
  const within = await keySubtree(db, actor);
  const results: ItemResult[] = [];
  const prepared: Prepared[] = [];
  const now = clock.millis();

  items.forEach((raw, index) => {
    const errors: AnswerError[] = [];
    const err = (field: string, message: string, reason: AnswerError['reason'] = 'wrong_type') => errors.push({ field, reason, message });
    const o = (raw && typeof raw === 'object' ? raw : {}) as Record<string, unknown>;
    const key = typeof o.idempotencyKey === 'string' && o.idempotencyKey.length >= 1 && o.idempotencyKey.length <= 200 ? o.idempotencyKey : null;
    if (!key) err('idempotencyKey', 'required: a string of 1 to 200 characters', 'required');
    const surveyId = typeof o.survey === 'string' ? o.survey : '';
    const versionNo = typeof o.surveyVersion === 'number' ? o.surveyVersion : latest.get(surveyId);
    const version = versions.find((v) => v.survey_id === surveyId && v.version === versionNo);
    if (!version)
      err(
        'survey',
        surveyId ? `no survey "${surveyId}"${o.surveyVersion ? ` version ${o.surveyVersion}` : ''}` : 'required',
        surveyId ? 'unknown_question' : 'required',
      );
    const nodeId = typeof o.unit === 'string' ? units.get(o.unit) : undefined;
    if (nodeId === undefined)
      err(
        'unit',
        typeof o.unit === 'string' ? `no unit with code "${o.unit}"` : 'required: the unit code',
        typeof o.unit === 'string' ? 'unknown_option' : 'required',
      );
    else if (within && !within.has(nodeId)) err('unit', `"${o.unit}" is outside the part of the organisation this key is for`, 'unknown_option');
    const channel = typeof o.channel === 'string' && (responseChannels as readonly string[]).includes(o.channel) ? o.channel : undefined;
    if (!channel) err('channel', `must be one of ${responseChannels.join(', ')}`, o.channel === undefined ? 'required' : 'unknown_option');
    const submittedAt = typeof o.submittedAt === 'string' && /^\d{4}-\d{2}-\d{2}T/.test(o.submittedAt) ? new Date(o.submittedAt) : undefined;
    if (!submittedAt || Number.isNaN(submittedAt.getTime()))
      err('submittedAt', 'required: an ISO 8601 date and time', o.submittedAt === undefined ? 'required' : 'wrong_type');
    else if (submittedAt.getTime() > now + 5 * 60_000) err('submittedAt', 'is in the future', 'out_of_range');
    else if (submittedAt.getUTCFullYear() < 2000) err('submittedAt', 'is before 2000', 'out_of_range');
    else if (version && !openOn(version.definition, helsinkiToday(submittedAt)))
      err('submittedAt', `is outside the survey's time (${version.definition.startsAt ?? '…'} – ${version.definition.endsAt ?? '…'})`, 'out_of_range');
    const answersRaw = o.answers && typeof o.answers === 'object' && !Array.isArray(o.answers) ? (o.answers as Record<string, unknown>) : undefined;
    if (!answersRaw) err('answers', 'required: an object of question key to value (null when skipped)', 'required');
    const bgRaw =
      o.background === undefined
        ? {}
        : o.background && typeof o.background === 'object' && !Array.isArray(o.background)
          ? (o.background as Record<string, unknown>)
          : undefined;
    if (!bgRaw) err('background', 'must be an object');

    let answers: Record<string, AnswerValue> = {};
    let background: Record<string, string> = {};
    if (version && answersRaw) {
      const a = validateAnswers(version.definition, answersRaw);
      answers = a.answers;
      errors.push(...a.errors.map((e) => ({ ...e, field: `answers.${e.field}` })));
    }
    if (version && bgRaw) {
      const b = validateBackground(version.definition, bgRaw);
      background = { respondentType: version.definition.respondentType, ...b.background };
      errors.push(...b.errors);
    }
    if (errors.length || !key || !version || nodeId === undefined || !channel || !submittedAt) {
      results[index] = { idempotencyKey: key, status: 'invalid', errors };
      return;
    }
    prepared.push({ index, key: keyScope + key, row: { survey: surveyId, version: version.version, nodeId, channel, submittedAt, background, answers } });
    results[index] = { idempotencyKey: key, status: 'created', errors: [] };
  });

  if (prepared.length) {
    // One statement for the whole batch: fast, and all valid items are stored or none is.
    const created = await storeResponses(
      db,
      prepared.map((p) => ({
        surveyId: p.row.survey,
        surveyVersion: p.row.version,
        nodeId: p.row.nodeId,
        channel: p.row.channel,
        submittedAt: p.row.submittedAt,
        idempotencyKey: p.key,
        background: p.row.background,
        answers: p.row.answers,
      })),
    );
    const seen = new Set<string>();
    for (const p of prepared) {
      // A key already stored, or repeated within this batch, is a duplicate.
      if (!created.has(p.key) || seen.has(p.key)) results[p.index] = { ...results[p.index]!, status: 'duplicate' };
      seen.add(p.key);
    }
  }
  return results;
}
