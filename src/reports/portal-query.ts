import { z } from 'zod';
import { backgroundVariables } from '../surveys/background.ts';
import { parsePeriod, type DatePeriod } from './period-presets.ts';
import type { PortalFilters } from './portal.ts';

const channels = ['link', 'qr', 'kiosk', 'paper', 'email', 'sms', 'interview', 'api'] as const;

const query = z.object({
  node: z.string().max(300).optional(),
  period: z.string().max(20).optional(),
  from: z.string().max(10).optional(),
  to: z.string().max(10).optional(),
  survey: z
    .string()
    .regex(/^[a-z0-9][a-z0-9-]{1,62}$/)
    .default('thl-national'),
  version: z.preprocess((v) => (v === '' ? undefined : v), z.coerce.number().int().positive().optional()),
  channel: z.enum(channels).or(z.literal('')).optional(),
  compare: z.string().max(40).optional(),
  topic: z.string().max(40).optional(),
  tone: z.enum(['positive', 'negative', 'neutral', 'mixed']).or(z.literal('')).optional(),
  page: z.coerce.number().int().min(1).max(1000).default(1),
});

export interface PortalQuery {
  /** A node code; the picker's "Name (CODE)" is read back to its code. */
  node: string | undefined;
  period: DatePeriod;
  filters: PortalFilters;
  topic: string | undefined;
  tone: 'positive' | 'negative' | 'neutral' | 'mixed' | undefined;
  page: number;
}

/** A portal address's query: the node, the period and the filters, each checked. */
export function parsePortalQuery(raw: unknown): PortalQuery {
  const q = query.parse(raw);
  const rawQuery = (raw ?? {}) as Record<string, unknown>;
  const background: Record<string, string> = {};
  for (const [key, values] of Object.entries(backgroundVariables)) {
    const v = rawQuery[`bg.${key}`];
    if (typeof v === 'string' && values.includes(v)) background[key] = v;
  }
  const node = q.node?.trim() ? (/\(([^()]+)\)\s*$/.exec(q.node)?.[1] ?? q.node).trim() : undefined;
  return {
    node,
    period: parsePeriod(q),
    filters: {
      survey: q.survey,
      version: q.version,
      channel: q.channel ? [q.channel] : undefined,
      background,
      compareBy: q.compare && q.compare in backgroundVariables ? q.compare : undefined,
    },
    topic: q.topic || undefined,
    tone: q.tone || undefined,
    page: q.page,
  };
}

/** The same view as a query string, with some parts changed: for links that keep the filters. */
export function portalHref(path: string, q: PortalQuery, nodeCode: string, change: Record<string, string | undefined> = {}): string {
  const p = new URLSearchParams();
  p.set('node', nodeCode);
  if (q.period.preset === 'custom') {
    p.set('from', q.period.from);
    p.set('to', q.period.to);
  } else p.set('period', q.period.preset);
  if (q.filters.survey !== 'thl-national') p.set('survey', q.filters.survey);
  if (q.filters.version) p.set('version', String(q.filters.version));
  if (q.filters.channel?.[0]) p.set('channel', q.filters.channel[0]);
  for (const [k, v] of Object.entries(q.filters.background)) p.set(`bg.${k}`, v);
  if (q.filters.compareBy) p.set('compare', q.filters.compareBy);
  for (const [k, v] of Object.entries(change)) {
    if (v === undefined) p.delete(k);
    else p.set(k, v);
  }
  return `${path}?${p.toString()}`;
}
