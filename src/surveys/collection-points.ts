import crypto from 'node:crypto';
import { z } from 'zod';
import { canViewNode } from '../access/permissions.ts';
import { canEnterPaperAnswers, canManageCollectionPoints } from '../access/permissions.ts';
import type { Principal } from '../access/roles.ts';
import { type Db, maybeOne } from '../shared/db.ts';
import { AppError } from '../shared/errors.ts';
import { ancestry, getNodeByCode, subtreeCte } from '../organisation/tree-queries.ts';
import { latestVersion } from './survey-queries.ts';
import { helsinkiToday } from '../shared/i18n/format.ts';

export const collectionChannels = ['link', 'qr', 'kiosk', 'paper', 'email', 'interview'] as const;
export type CollectionChannel = (typeof collectionChannels)[number];

// No 0/O, 1/l/I: a code read off a printed slip is typed without mistakes.
const alphabet = 'abcdefghjkmnpqrstuvwxyz23456789';

/** 8 characters from 31: about 8.5e11 codes, far too many to guess one by trying. */
export function newCode(length = 8): string {
  const bytes = crypto.randomBytes(length * 2);
  let out = '';
  for (let i = 0; out.length < length && i < bytes.length; i++) {
    const b = bytes[i]!;
    if (b < 248) out += alphabet[b % 31]; // 248 = 8 × 31: no bias
  }
  return out.length === length ? out : newCode(length);
}

export const collectionPointInput = z.object({
  survey: z.string().min(1).max(64),
  node: z.string().min(1).max(200),
  channel: z.enum(collectionChannels),
  name: z.string().trim().max(200).optional(),
  background: z.record(z.string().regex(/^[a-zA-Z][a-zA-Z0-9]{0,39}$/), z.string().max(40)).default({}),
  npsWording: z.enum(['standard', 'similar_situation']).default('standard'),
});

export interface CollectionPoint {
  id: number;
  code: string;
  survey_id: string;
  node_id: number;
  node_code: string;
  node_name_fi: string;
  node_name_sv: string | null;
  node_name_en: string | null;
  channel: CollectionChannel;
  name: string | null;
  background: Record<string, string>;
  nps_wording: 'standard' | 'similar_situation';
  active: boolean;
  /** A resident-pool survey: answered only through one-time invitation links (/p/…). */
  invitation_only: boolean;
}

const columns = `cp.id, cp.code, cp.survey_id, cp.node_id, n.code as node_code, n.name_fi as node_name_fi, n.name_sv as node_name_sv,
  n.name_en as node_name_en, cp.channel, cp.name, cp.background, cp.nps_wording, cp.active, cp.invitation_only`;

export async function createCollectionPoint(db: Db, actor: Principal, input: z.input<typeof collectionPointInput>): Promise<CollectionPoint> {
  const i = collectionPointInput.parse(input);
  const node = await getNodeByCode(db, i.node);
  if (
    !canManageCollectionPoints(
      actor,
      (await ancestry(db, node.id)).map((n) => n.id),
    )
  )
    throw new AppError('forbidden', 'Not allowed to add collection points here');
  await latestVersion(db, i.survey);
  const code = newCode();
  await db.query(`insert into collection_point (code, survey_id, node_id, channel, name, background, nps_wording) values ($1, $2, $3, $4, $5, $6, $7)`, [
    code,
    i.survey,
    node.id,
    i.channel,
    i.name ?? null,
    JSON.stringify(i.background),
    i.npsWording,
  ]);
  return (await findCollectionPoint(db, code))!;
}

export async function setCollectionPointActive(db: Db, actor: Principal, code: string, active: boolean): Promise<void> {
  const cp = await findCollectionPoint(db, code);
  if (!cp) throw new AppError('not_found', 'No such collection point');
  if (
    !canManageCollectionPoints(
      actor,
      (await ancestry(db, cp.node_id)).map((n) => n.id),
    )
  )
    throw new AppError('forbidden', 'Not allowed');
  await db.query('update collection_point set active = $2 where id = $1', [cp.id, active]);
}

export async function findCollectionPoint(db: Db, code: string): Promise<CollectionPoint | undefined> {
  if (!/^[a-z0-9]{4,16}$/.test(code)) return undefined;
  return maybeOne<CollectionPoint>(db, `select ${columns} from collection_point cp join org_node n on n.id = cp.node_id where cp.code = $1`, [code]);
}

/** Collection points in a node's subtree (or everywhere) that the person may see. */
export async function listCollectionPoints(db: Db, actor: Principal, nodeId?: number): Promise<CollectionPoint[]> {
  const rows = await db.query<CollectionPoint & { path: number[] }>(
    `with recursive up as (
       select cp.id as cp_id, n.id, n.parent_id from collection_point cp join org_node n on n.id = cp.node_id
       union all select up.cp_id, p.id, p.parent_id from up join org_node p on p.id = up.parent_id)
     select ${columns}, (select array_agg(up.id) from up where up.cp_id = cp.id) as path
     from collection_point cp join org_node n on n.id = cp.node_id
     where $1::int is null or cp.node_id in (${subtreeCte} select id from sub)
     order by n.name_fi, cp.channel`,
    [nodeId ?? null],
  );
  return rows.filter((r) => canViewNode(actor, r.path) || canEnterPaperAnswers(actor, r.path)).map(({ path: _p, ...cp }) => cp);
}

/** Answers received through each collection point, by its id. */
export async function answersByPoint(db: Db, pointIds: readonly number[]): Promise<Map<number, number>> {
  const rows = await db.query<{ id: number; n: number }>(
    'select collection_point_id as id, count(*)::int as n from response where collection_point_id = any($1) group by 1',
    [pointIds],
  );
  return new Map(rows.map((r) => [r.id, r.n]));
}

/** Answers received through one collection point since midnight in Helsinki: the paper-entry tally. */
export async function answersToday(db: Db, pointId: number): Promise<number> {
  const [r] = await db.query<{ n: number }>(
    `select count(*)::int as n from response where collection_point_id = $1 and submitted_at >= ($2::date::timestamp at time zone 'Europe/Helsinki')`,
    [pointId, helsinkiToday()],
  );
  return r!.n;
}

/** Open collection points by channel, in a node's subtree or the whole county: how surveys reach customers there. */
export async function openChannels(db: Db, nodeId?: number): Promise<{ channel: CollectionChannel; points: number }[]> {
  return db.query<{ channel: CollectionChannel; points: number }>(
    nodeId === undefined
      ? 'select channel, count(*)::int as points from collection_point where active group by channel order by channel'
      : `${subtreeCte} select channel, count(*)::int as points from collection_point where active and node_id in (select id from sub) group by channel order by channel`,
    nodeId === undefined ? [] : [nodeId],
  );
}
