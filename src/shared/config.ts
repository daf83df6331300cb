import path from 'node:path';
import { z } from 'zod';

const bool = z
  .enum(['1', '0', 'true', 'false', 'yes', 'no', 'on', 'off'])
  .transform((v) => ['1', 'true', 'yes', 'on'].includes(v));

const schema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default('127.0.0.1'),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must start with postgres:// or postgresql://')
    .optional(),
  KAIKU_DATA_DIR: z.string().min(1).default('./data'),
  KAIKU_DEMO: bool.optional(),
  KAIKU_ADMIN_API_KEY: z.string().min(24, 'must be at least 24 characters').optional(),
  KAIKU_PUBLIC_URL: z.string().url().optional(),
  KAIKU_COOKIE_SECURE: bool.default(true),
  KAIKU_SESSION_HOURS: z.coerce.number().positive().max(24 * 30).default(12),
  KAIKU_TRUST_PROXY: z.string().optional(),
  KAIKU_SMTP_URL: z.string().regex(/^smtps?:\/\//, 'must start with smtp:// or smtps://').optional(),
  KAIKU_MAIL_FROM: z.string().min(3).default('Kaiku <kaiku@localhost>'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});

export interface Config {
  port: number;
  host: string;
  databaseUrl: string | undefined;
  dataDir: string;
  /** Demo mode seeds the demo county and the demo logins on an empty database. */
  demo: boolean;
  adminApiKey: string | undefined;
  publicUrl: string;
  cookieSecure: boolean;
  sessionHours: number;
  trustProxy: string | boolean;
  logLevel: string;
  /** Without it, e-mail goes to the development outbox (/admin/outbox). */
  smtpUrl: string | undefined;
  mailFrom: string;
}

export class ConfigError extends Error {}

/** Reads the environment once at start; every problem is reported together, by variable name. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const clean = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = schema.safeParse(clean);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const c = parsed.data;
  const trust = c.KAIKU_TRUST_PROXY;
  return {
    port: c.PORT,
    host: c.HOST,
    databaseUrl: c.DATABASE_URL,
    dataDir: path.resolve(c.KAIKU_DATA_DIR),
    demo: c.KAIKU_DEMO ?? !c.DATABASE_URL,
    adminApiKey: c.KAIKU_ADMIN_API_KEY,
    publicUrl: (c.KAIKU_PUBLIC_URL ?? `http://localhost:${c.PORT}`).replace(/\/$/, ''),
    cookieSecure: c.KAIKU_COOKIE_SECURE,
    sessionHours: c.KAIKU_SESSION_HOURS,
    trustProxy: trust === undefined ? false : trust === 'true' ? true : trust,
    logLevel: c.LOG_LEVEL,
    smtpUrl: c.KAIKU_SMTP_URL,
    mailFrom: c.KAIKU_MAIL_FROM,
  };
}
