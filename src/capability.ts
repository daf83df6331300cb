import type { FastifyInstance } from 'fastify';
import type { SignedInUser } from './http/context.ts';
import type { Config } from './shared/config.ts';
import type { Db } from './shared/db.ts';
import type { MessageKey, Texts } from './shared/i18n/index.ts';
import type { QueueQueries } from './shared/metrics.ts';

/** What every capability gets from the running Kaiku. */
export interface KaikuDeps {
  db: Db;
  /** A read replica for reporting (DATABASE_READ_URL), else the primary. */
  readDb: Db;
  config: Config;
}

/** A link in the staff menu; `order` places it among all capabilities' links. */
export interface MenuEntry {
  href: string;
  label: MessageKey;
  order: number;
  show: (user: SignedInUser) => boolean;
  /**
   * Settings, queues and logs: listed under this heading on the administration page (/admin/manage)
   * instead of in the header, which keeps the day's work.
   */
  section?: MenuSection;
}

/** The administration page's headings, in this order. */
export const menuSections = ['people', 'feedback', 'channels', 'reporting', 'public', 'system'] as const;
export type MenuSection = (typeof menuSections)[number];

/**
 * Something waiting for the signed-in person, on their front page: feedback to handle, a spam
 * queue to review, failed reports. Each capability says what is its own, within the person's reach.
 */
export interface HomeTask {
  label: MessageKey;
  count: number;
  /** A line under the count, e.g. the nearest deadline. */
  detail?: { key: MessageKey; params?: Record<string, string | number> } | undefined;
  href: string;
  /** 'alert' when something is late or broken; 'ok' when all is done. */
  tone: 'alert' | 'todo' | 'ok';
}

/** Work a server instance repeats in the background; every instance runs it, claiming rows in the database. */
export interface BackgroundJob {
  name: string;
  everyMs: number;
  runNow?: boolean;
  run: () => Promise<unknown>;
}

/**
 * A capability is a folder under src/ that owns its tables, queries, domain functions, routes,
 * views, texts and jobs. Its entry file (capability.ts) declares them here, and Kaiku's wiring
 * (the HTTP app, the server's jobs, the menu, the texts, the metrics) loops over the list in
 * capabilities.ts: adding a page touches only the capability's own folder.
 */
export interface Capability {
  /** The folder's name. */
  name: string;
  texts?: Texts;
  routes?: (app: FastifyInstance, deps: KaikuDeps) => Promise<void>;
  menu?: MenuEntry[];
  jobs?: (deps: KaikuDeps) => BackgroundJob[];
  /** Shared queues to report in /metrics (waiting and failed counts, read at scrape time). */
  queues?: QueueQueries;
  /** What waits for this person, for their front page; nothing when the capability has nothing for them. */
  home?: (deps: KaikuDeps, user: SignedInUser, lang: string) => Promise<HomeTask[]>;
}

/**
 * A value made the first time it is asked for. Entry files load their capability's code only when
 * a route or job first needs it, so the command line and tests can read every capability's texts
 * and menu without loading pages, charts and PDF libraries.
 */
export function once<T>(make: () => Promise<T>): () => Promise<T> {
  let made: Promise<T> | undefined;
  return () => (made ??= make());
}
