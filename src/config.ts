import path from 'node:path';
import { z } from 'zod';
import { LIMITS } from './domain/limits.js';

const EnvSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default('0.0.0.0'),
  QUIRE_DATA: z.string().default('./data'),
  DATABASE_URL: z.string().optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** Set when Quire runs behind a TLS-terminating proxy that sends X-Forwarded-Proto. */
  QUIRE_TRUST_PROXY: z.enum(['0', '1', 'true', 'false']).default('0'),
  QUIRE_SITE_NAME: z.string().default('Quire'),
  QUIRE_WHOLE_WORK_MAX_CHARS: z.coerce.number().int().min(1).optional(),
  /** 1: every answer says where its time went, in a Server-Timing header (for the benchmark). */
  QUIRE_SERVER_TIMING: z.enum(['0', '1']).default('0'),
  /** smtp:// or smtps:// URL of the mail server; without it mail is written to the data folder's outbox/. */
  SMTP_URL: z
    .string()
    .regex(/^smtps?:\/\//, 'must start with smtp:// or smtps://')
    .optional(),
  QUIRE_MAIL_FROM: z.string().optional(),
  /** The archive's address as readers reach it, for links in mail (never taken from a request's Host). */
  QUIRE_PUBLIC_URL: z.string().url().optional(),
  /** JSON: limits to change from their defaults, e.g. {"commentsPerAccount":20} (services/rate-limits.ts). */
  QUIRE_RATE_LIMITS: z.string().optional(),
  /** Connections each process keeps to PostgreSQL (several nodes share the server's max_connections). */
  QUIRE_DB_POOL_SIZE: z.coerce.number().int().min(1).max(500).default(10),
  /** Comma-separated postgres:// URLs of hot standbys of DATABASE_URL that may serve reads. */
  DATABASE_REPLICA_URLS: z
    .string()
    .optional()
    .refine(
      (v) => !v || v.split(',').every((u) => /^postgres(ql)?:\/\//.test(u.trim())),
      'every URL must start with postgres://',
    ),
  /** A replica further behind its primary than this many milliseconds is skipped. */
  QUIRE_REPLICA_MAX_LAG_MS: z.coerce.number().int().min(0).max(3_600_000).default(5000),
});

export interface Config {
  port: number;
  host: string;
  dataDir: string;
  databaseUrl: string | undefined;
  logLevel: z.infer<typeof EnvSchema>['LOG_LEVEL'];
  trustProxy: boolean;
  siteName: string;
  /** The most chapter text (characters) built into one download or one entire-work page. */
  wholeWorkMaxChars: number;
  /** Whether answers carry a Server-Timing header of their stages (domain/stage-clock.ts). */
  serverTiming: boolean;
  /** The mail server; undefined writes each message to `<dataDir>/outbox/` instead. */
  smtpUrl: string | undefined;
  /** The From of every message. */
  mailFrom: string;
  /**
   * The archive's address, without a trailing slash, for absolute links in mail; when not set, the
   * address the server listens on (main.ts), never a request's Host header, which a client chooses.
   */
  publicUrl: string | undefined;
  /** QUIRE_RATE_LIMITS as given; read by services/rate-limits.ts's `rateLimitsFrom` at start. */
  rateLimitsJson: string | undefined;
  /** The most connections this process opens to PostgreSQL (unused on SQLite, which has one). */
  dbPoolSize: number;
  /** Hot standbys that serve reads (PostgreSQL only; docs/decisions/015). */
  replicaUrls: string[];
  replicaMaxLagMs: number;
}

/** Reads the environment once; command-line flags override via `overrides`. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, overrides: Partial<Config> = {}): Config {
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) {
    const msg = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new Error(`Invalid environment: ${msg}`);
  }
  const e = parsed.data;
  return {
    port: e.PORT,
    host: e.HOST,
    dataDir: path.resolve(e.QUIRE_DATA),
    databaseUrl: e.DATABASE_URL || undefined,
    logLevel: e.LOG_LEVEL,
    trustProxy: e.QUIRE_TRUST_PROXY === '1' || e.QUIRE_TRUST_PROXY === 'true',
    siteName: e.QUIRE_SITE_NAME,
    wholeWorkMaxChars: e.QUIRE_WHOLE_WORK_MAX_CHARS ?? LIMITS.wholeWorkCharsMax,
    serverTiming: e.QUIRE_SERVER_TIMING === '1',
    smtpUrl: e.SMTP_URL || undefined,
    mailFrom: e.QUIRE_MAIL_FROM ?? `${e.QUIRE_SITE_NAME} <noreply@localhost>`,
    publicUrl: e.QUIRE_PUBLIC_URL?.replace(/\/+$/, ''),
    rateLimitsJson: e.QUIRE_RATE_LIMITS,
    dbPoolSize: e.QUIRE_DB_POOL_SIZE,
    replicaUrls: (e.DATABASE_REPLICA_URLS ?? '')
      .split(',')
      .map((u) => u.trim())
      .filter(Boolean),
    replicaMaxLagMs: e.QUIRE_REPLICA_MAX_LAG_MS,
    ...overrides,
  };
}
