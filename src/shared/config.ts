import path from 'node:path';
import { z } from 'zod';
import { parseDelay, parseWindow } from './durations.ts';

const bool = z.enum(['1', '0', 'true', 'false', 'yes', 'no', 'on', 'off']).transform((v) => ['1', 'true', 'yes', 'on'].includes(v));

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
  KAIKU_SESSION_HOURS: z.coerce
    .number()
    .positive()
    .max(24 * 30)
    .default(12),
  KAIKU_TRUST_PROXY: z.string().optional(),
  KAIKU_SMTP_URL: z
    .string()
    .regex(/^smtps?:\/\//, 'must start with smtp:// or smtps://')
    .optional(),
  KAIKU_MAIL_FROM: z.string().min(3).default('Kaiku <kaiku@localhost>'),
  KAIKU_SMS_PROVIDER: z.enum(['outbox', 'http', 'kannel']).default('outbox'),
  KAIKU_SMS_WINDOW: z
    .string()
    .refine((v) => parseWindow(v) !== null, 'must be like 09:00-20:00')
    .default('09:00-20:00'),
  KAIKU_SMS_DELAY: z
    .string()
    .refine((v) => parseDelay(v) !== null, 'must be like 0, 30m, 2h or 1d')
    .default('0'),
  /** Ask about a visit the next day from this time on ("12:00"), instead of as soon as the window allows. */
  KAIKU_SMS_NEXT_DAY_FROM: z
    .string()
    .regex(/^\d{1,2}:\d{2}$/, 'must be like 12:00')
    .optional(),
  KAIKU_SMS_WEBHOOK_SECRET: z.string().min(16, 'must be at least 16 characters').optional(),
  KAIKU_SMS_SENDER: z.string().min(1).max(16).default('Kaiku'),
  KAIKU_SMS_HTTP_URL: z.string().url().optional(),
  /** A header sent with every request to the HTTP gateway, e.g. "Authorization: Bearer xyz". */
  KAIKU_SMS_HTTP_AUTH: z
    .string()
    .regex(/^[A-Za-z0-9-]+: .+$/, 'must be like "Authorization: Bearer xyz"')
    .optional(),
  KAIKU_KANNEL_URL: z.string().url().optional(),
  /** The patient system's FHIR server, read when a Subscription notification names an Encounter. */
  KAIKU_FHIR_SOURCE_URL: z.string().url().optional(),
  KAIKU_FHIR_SOURCE_TOKEN: z.string().min(1).max(4000).optional(),
  KAIKU_KANNEL_USER: z.string().optional(),
  KAIKU_KANNEL_PASSWORD: z.string().optional(),
  /** offline (default: no network) or openai (any OpenAI-compatible chat completions endpoint). */
  KAIKU_ANALYSIS_PROVIDER: z.enum(['offline', 'openai']).default('offline'),
  /** The endpoint's base URL, e.g. https://x.openai.azure.com/openai/deployments/gpt/ or http://127.0.0.1:8080/v1 */
  KAIKU_ANALYSIS_URL: z.string().url().optional(),
  KAIKU_ANALYSIS_KEY: z.string().optional(),
  KAIKU_ANALYSIS_MODEL: z.string().min(1).max(200).optional(),
  KAIKU_ANALYSIS_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(15_000),
  /** A read replica for reporting queries (portal, results API, reports); the primary when unset. */
  DATABASE_READ_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must start with postgres:// or postgresql://')
    .optional(),
  /** /metrics answers requests with "Authorization: Bearer <token>"; without a token, only from loopback. */
  KAIKU_METRICS_TOKEN: z.string().min(16, 'must be at least 16 characters').optional(),
  /** Webhooks may target private and loopback addresses (a county's internal systems). */
  KAIKU_WEBHOOK_ALLOW_PRIVATE: bool.default(false),
  /** Days a handled feedback's contact details and sent messages are kept (default: the database setting, 90). */
  KAIKU_RETAIN_CONTACT_DAYS: z.coerce.number().int().min(1).max(3650).optional(),
  /** Days audit log entries are kept. */
  KAIKU_RETAIN_AUDIT_DAYS: z.coerce.number().int().min(30).max(36500).default(730),
  /** Demos and tests of a running server: Kaiku's clock starts at this moment and runs on from it. */
  KAIKU_CLOCK: z
    .string()
    .refine((v) => !Number.isNaN(Date.parse(v)), 'must be a moment like 2026-12-31T23:50:00+02:00')
    .optional(),
  /** The county's OpenID provider (issue 20): staff sign in with it when the issuer is set. */
  KAIKU_OIDC_ISSUER: z.string().url().optional(),
  KAIKU_OIDC_CLIENT_ID: z.string().min(1).optional(),
  KAIKU_OIDC_CLIENT_SECRET: z.string().min(1).optional(),
  KAIKU_OIDC_SCOPES: z.string().min(6).default('openid profile email'),
  KAIKU_OIDC_ROLES_CLAIM: z.string().min(1).max(200).default('roles'),
  /** Who may sign in with a password: everyone, administrators, or only the break-glass administrator. */
  KAIKU_LOCAL_LOGIN: z.enum(['on', 'admins', 'off']).default('on'),
  /** The bearer token of the provider's SCIM 2.0 provisioning; without it /scim/v2 does not exist. */
  KAIKU_SCIM_TOKEN: z.string().min(32, 'must be at least 32 characters').max(1000).optional(),
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
  databaseReadUrl: string | undefined;
  metricsToken: string | undefined;
  webhookAllowPrivate: boolean;
  retention: { contactDays: number | undefined; auditDays: number };
  /** KAIKU_CLOCK: where Kaiku's clock starts (demos, tests); the system clock when unset. */
  clockStart: string | undefined;
  /** Without it, e-mail goes to the development outbox (/admin/outbox). */
  smtpUrl: string | undefined;
  mailFrom: string;
  sms: {
    provider: 'outbox' | 'http' | 'kannel';
    window: { start: number; end: number };
    delayMs: number;
    nextDayFrom: number | undefined;
    /** Signs inbound webhooks (X-Kaiku-Signature); without it they are refused. */
    webhookSecret: string | undefined;
    sender: string;
    http: { url: string; auth: [string, string] | undefined } | undefined;
    kannel: { url: string; user: string; password: string } | undefined;
  };
  /** The FHIR server Subscription notifications are fetched from; undefined without KAIKU_FHIR_SOURCE_URL. */
  fhirSource: { url: string; token: string | undefined } | undefined;
  /** Sign-in with the county's OpenID provider; undefined without KAIKU_OIDC_ISSUER. */
  oidc: { issuer: string; clientId: string; clientSecret: string; scopes: string; rolesClaim: string; redirectUri: string } | undefined;
  localLogin: 'on' | 'admins' | 'off';
  /** SCIM 2.0 provisioning of the provider's accounts; undefined without KAIKU_SCIM_TOKEN. */
  scim: { token: string } | undefined;
  analysis: {
    provider: 'offline' | 'openai';
    openai: { url: string; key: string | undefined; model: string; timeoutMs: number } | undefined;
  };
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
  if (c.KAIKU_SMS_PROVIDER === 'http' && !c.KAIKU_SMS_HTTP_URL)
    throw new ConfigError('Invalid configuration:\n  KAIKU_SMS_HTTP_URL: required when KAIKU_SMS_PROVIDER is http');
  if (c.KAIKU_SMS_PROVIDER === 'kannel' && !c.KAIKU_KANNEL_URL)
    throw new ConfigError('Invalid configuration:\n  KAIKU_KANNEL_URL: required when KAIKU_SMS_PROVIDER is kannel');
  if (c.KAIKU_ANALYSIS_PROVIDER === 'openai' && (!c.KAIKU_ANALYSIS_URL || !c.KAIKU_ANALYSIS_MODEL))
    throw new ConfigError('Invalid configuration:\n  KAIKU_ANALYSIS_URL, KAIKU_ANALYSIS_MODEL: required when KAIKU_ANALYSIS_PROVIDER is openai');
  if (c.KAIKU_OIDC_ISSUER && (!c.KAIKU_OIDC_CLIENT_ID || !c.KAIKU_OIDC_CLIENT_SECRET))
    throw new ConfigError('Invalid configuration:\n  KAIKU_OIDC_CLIENT_ID, KAIKU_OIDC_CLIENT_SECRET: required when KAIKU_OIDC_ISSUER is set');
  if (c.KAIKU_SCIM_TOKEN && !c.KAIKU_OIDC_ISSUER)
    throw new ConfigError(
      'Invalid configuration:\n  KAIKU_OIDC_ISSUER: required when KAIKU_SCIM_TOKEN is set (provisioned accounts sign in with the provider)',
    );
  const trust = c.KAIKU_TRUST_PROXY;
  const publicUrl = (c.KAIKU_PUBLIC_URL ?? `http://localhost:${c.PORT}`).replace(/\/$/, '');
  return {
    port: c.PORT,
    host: c.HOST,
    databaseUrl: c.DATABASE_URL,
    dataDir: path.resolve(c.KAIKU_DATA_DIR),
    demo: c.KAIKU_DEMO ?? !c.DATABASE_URL,
    adminApiKey: c.KAIKU_ADMIN_API_KEY,
    publicUrl,
    oidc: c.KAIKU_OIDC_ISSUER
      ? {
          issuer: c.KAIKU_OIDC_ISSUER,
          clientId: c.KAIKU_OIDC_CLIENT_ID!,
          clientSecret: c.KAIKU_OIDC_CLIENT_SECRET!,
          scopes: c.KAIKU_OIDC_SCOPES,
          rolesClaim: c.KAIKU_OIDC_ROLES_CLAIM,
          redirectUri: `${publicUrl}/auth/oidc/callback`,
        }
      : undefined,
    localLogin: c.KAIKU_LOCAL_LOGIN,
    fhirSource: c.KAIKU_FHIR_SOURCE_URL ? { url: c.KAIKU_FHIR_SOURCE_URL.replace(/\/$/, ''), token: c.KAIKU_FHIR_SOURCE_TOKEN } : undefined,
    scim: c.KAIKU_SCIM_TOKEN ? { token: c.KAIKU_SCIM_TOKEN } : undefined,
    cookieSecure: c.KAIKU_COOKIE_SECURE,
    sessionHours: c.KAIKU_SESSION_HOURS,
    trustProxy: trust === undefined ? false : trust === 'true' ? true : trust,
    logLevel: c.LOG_LEVEL,
    databaseReadUrl: c.DATABASE_READ_URL,
    metricsToken: c.KAIKU_METRICS_TOKEN,
    webhookAllowPrivate: c.KAIKU_WEBHOOK_ALLOW_PRIVATE,
    retention: { contactDays: c.KAIKU_RETAIN_CONTACT_DAYS, auditDays: c.KAIKU_RETAIN_AUDIT_DAYS },
    clockStart: c.KAIKU_CLOCK,
    smtpUrl: c.KAIKU_SMTP_URL,
    mailFrom: c.KAIKU_MAIL_FROM,
    sms: {
      provider: c.KAIKU_SMS_PROVIDER,
      window: parseWindow(c.KAIKU_SMS_WINDOW)!,
      delayMs: parseDelay(c.KAIKU_SMS_DELAY)!,
      nextDayFrom: c.KAIKU_SMS_NEXT_DAY_FROM ? parseWindow(`${c.KAIKU_SMS_NEXT_DAY_FROM}-23:59`)?.start : undefined,
      webhookSecret: c.KAIKU_SMS_WEBHOOK_SECRET,
      sender: c.KAIKU_SMS_SENDER,
      http: c.KAIKU_SMS_HTTP_URL
        ? { url: c.KAIKU_SMS_HTTP_URL, auth: c.KAIKU_SMS_HTTP_AUTH ? (c.KAIKU_SMS_HTTP_AUTH.split(/: (.*)/s, 2) as [string, string]) : undefined }
        : undefined,
      kannel: c.KAIKU_KANNEL_URL ? { url: c.KAIKU_KANNEL_URL, user: c.KAIKU_KANNEL_USER ?? '', password: c.KAIKU_KANNEL_PASSWORD ?? '' } : undefined,
    },
    analysis: {
      provider: c.KAIKU_ANALYSIS_PROVIDER,
      openai:
        c.KAIKU_ANALYSIS_PROVIDER === 'openai'
          ? { url: c.KAIKU_ANALYSIS_URL!, key: c.KAIKU_ANALYSIS_KEY, model: c.KAIKU_ANALYSIS_MODEL!, timeoutMs: c.KAIKU_ANALYSIS_TIMEOUT_MS }
          : undefined,
    },
  };
}
