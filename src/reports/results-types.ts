import { z } from 'zod';
import { type Db, maybeOne } from '../shared/db.ts';
import type { LikertResult, Nps, YesNoResult } from './nps.ts';
import type { SmsRequests } from '../sms/response-rate.ts';

const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'YYYY-MM-DD')
  .refine((d) => !Number.isNaN(Date.parse(d)), 'not a date');

export const resultsQuery = z.object({
  survey: z.string().min(1).max(64).default('thl-national'),
  version: z.coerce.number().int().positive().optional(),
  node: z.string().min(1).max(200).optional(),
  from: isoDate.optional(),
  to: isoDate.optional(),
  groupBy: z.union([z.enum(['unit', 'child', 'month', 'channel', 'none']), z.string().regex(/^background\.[a-zA-Z][a-zA-Z0-9]{0,39}$/)]).default('none'),
  channel: z
    .union([z.string(), z.array(z.string())])
    .optional()
    .transform((c) => (c === undefined ? undefined : (Array.isArray(c) ? c : c.split(',')).filter(Boolean))),
  background: z.record(z.string(), z.string()).default({}),
});
export type ResultsQuery = z.input<typeof resultsQuery>;
export type ParsedResultsQuery = z.output<typeof resultsQuery>;

export type QuestionResult =
  | LikertResult
  | YesNoResult
  | { answered: number; distribution?: Record<string, number> /** multiple choice: % of those who answered */; shares?: Record<string, number | null> };

export interface ResultGroup {
  key: string;
  label?: string;
  answers: number;
  suppressed: boolean;
  nps: Nps | null;
  questions: Record<string, QuestionResult> | null;
  quality?: { flags: { code: 'nps_same_value'; value: number; share: number }[] };
  /** Survey requests sent by SMS in this group and the share answered (by unit, month, or all). */
  smsRequests?: SmsRequests;
}

export interface Results {
  survey: string;
  version: number | null;
  node: string;
  from: string | null;
  to: string | null;
  groupBy: string;
  threshold: number;
  /** How many whole months and days came from the sums (the rest was counted from the answers). */
  summedMonths: number;
  summedDays: number;
  groups: ResultGroup[];
  /** With `withTotal`: all the groups together, counted once (the portal's headline and its level below in one query). */
  total?: ResultGroup;
}

export async function anonymityThreshold(db: Db): Promise<number> {
  const row = await maybeOne<{ value: number }>(db, "select value from setting where key = 'anonymity_threshold'");
  return typeof row?.value === 'number' ? row.value : 5;
}
