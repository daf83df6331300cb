import { createHash } from 'node:crypto';
import type { Db } from '../shared/db.ts';
import { AppError } from '../shared/errors.ts';
import { canPublishSurveys } from '../access/permissions.ts';
import type { Principal } from '../access/roles.ts';
import { roots } from '../organisation/tree-queries.ts';

export const maxImageBytes = 2 * 1024 * 1024;
export type ImageType = 'image/png' | 'image/jpeg' | 'image/webp';

/**
 * A picture by its signature, not by its name or the browser's word for it. No SVG: a question's
 * picture is shown on the public answering pages, where a script inside an image has no place.
 */
export function imageType(file: Buffer): ImageType | undefined {
  if (file.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return 'image/png';
  if (file.length > 3 && file[0] === 0xff && file[1] === 0xd8 && file[2] === 0xff) return 'image/jpeg';
  if (file.subarray(0, 4).toString('latin1') === 'RIFF' && file.subarray(8, 12).toString('latin1') === 'WEBP') return 'image/webp';
  return undefined;
}

/** Stores a question's picture and gives its id; the same bytes again give the same id. */
export async function storeSurveyImage(db: Db, file: Buffer): Promise<string> {
  if (file.length > maxImageBytes) throw new AppError('invalid', 'editor.err.imageSize');
  const type = imageType(file);
  if (!type) throw new AppError('invalid', 'editor.err.imageType');
  const id = createHash('sha256').update(file).digest('hex');
  await db.query('insert into survey_image (id, content_type, bytes) values ($1, $2, $3) on conflict (id) do nothing', [id, type, file]);
  return id;
}

/** A picture sent through the API: only those who may publish the county's own surveys store one. */
export async function uploadSurveyImage(db: Db, actor: Principal, body: unknown): Promise<string> {
  if (
    !canPublishSurveys(
      actor,
      (await roots(db)).map((r) => r.id),
    )
  )
    throw new AppError('forbidden', 'Only county administrators publish surveys');
  if (!Buffer.isBuffer(body) || !imageType(body))
    throw new AppError('invalid', 'send a PNG, JPEG or WebP picture as the body, with its Content-Type (at most 2 MB)');
  return storeSurveyImage(db, body);
}

export async function readSurveyImage(db: Db, id: string): Promise<{ bytes: Buffer; type: string } | undefined> {
  if (!/^[0-9a-f]{64}$/.test(id)) return undefined;
  const [row] = await db.query<{ bytes: Uint8Array; content_type: string }>('select bytes, content_type from survey_image where id = $1', [id]);
  return row ? { bytes: Buffer.from(row.bytes), type: row.content_type } : undefined;
}

export async function surveyImageExists(db: Db, ids: string[]): Promise<Set<string>> {
  if (!ids.length) return new Set();
  return new Set((await db.query<{ id: string }>('select id from survey_image where id = any($1)', [ids])).map((r) => r.id));
}

export const imagePath = (id: string) => `/s/image/${id}`;
