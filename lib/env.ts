// The app's environment, parsed once with zod. The only module that reads process.env
// (besides collectors/core/env.ts for agents); a bad value fails at start-up naming the variable.
import { z } from "zod";
import { MAX_PASSWORD, MIN_PASSWORD } from "@/lib/auth/password-policy";

const bool = z
  .enum(["true", "false", "1", "0", "yes", "no", "on", "off"])
  .transform((v) => ["true", "1", "yes", "on"].includes(v));

const UNIT_MS = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const;
/** A duration such as "7d", "12h", "30m", "45s" or "500ms", in milliseconds, at least `minMs`. */
const durationOf = (minMs: number, min: string) =>
  z
    .string()
    .regex(/^\d+(ms|s|m|h|d)$/, 'must be a duration such as "7d", "12h", "30m" or "45s"')
    .transform((v) => {
      const [, n, unit] = /^(\d+)(ms|s|m|h|d)$/.exec(v)!;
      return Number(n) * UNIT_MS[unit as keyof typeof UNIT_MS];
    })
    .refine((ms) => ms >= minMs, `must be at least ${min}`);
const duration = durationOf(60_000, "one minute");

const schema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  DATABASE_URL: z.string().url().optional(),
  DATABASE_POOL_SIZE: z.coerce.number().int().min(2).max(200).default(10),
  HOST: z.string().default("127.0.0.1"),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  EMBEDDED_PG_PORT: z.coerce.number().int().min(1024).max(65535).default(54329),
  EMBEDDED_PG_DIR: z.string().default(".data/pg"),
  DEMO: z.enum(["auto", "on", "off"]).default("auto"),
  DEMO_RATE: z.coerce.number().min(0.1).max(100_000).default(25),
  INGEST_MAX_BODY_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .default(5 * 1024 * 1024),
  INGEST_MAX_ITEMS: z.coerce.number().int().min(1).default(10_000),
  /** Ingest requests per second per collector token before 429. */
  INGEST_RATE_LIMIT: z.coerce.number().int().min(1).default(200),
  /** Ingest requests being stored at once per process before 429 (unset: DATABASE_POOL_SIZE − 2, at most 8, at least 1). */
  INGEST_MAX_IN_FLIGHT: z.coerce.number().int().min(1).max(1000).optional(),
  /** Declared body bytes of ingest requests being stored at once before 429; at least INGEST_MAX_BODY_BYTES. */
  INGEST_MAX_IN_FLIGHT_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .default(64 * 1024 * 1024),
  /** Longest Retry-After (seconds) a 429 from ingest backpressure asks for. */
  INGEST_RETRY_AFTER_MAX_SECONDS: z.coerce.number().int().min(1).max(3600).default(30),
  /** Bearer token for GET /metrics from anywhere; unset, /metrics answers loopback clients only. */
  METRICS_TOKEN: z.string().min(16, "must be at least 16 characters (openssl rand -base64 24)").optional(),
  /** Largest request body anywhere but ingest (which has INGEST_MAX_BODY_BYTES). */
  REQUEST_MAX_BODY_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .default(1024 * 1024),
  PAYLOAD_SAMPLE_MAX_BYTES: z.coerce.number().int().min(64).default(4096),
  DEAD_LETTER_MAX_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .default(1024 * 1024),
  REDACT_FIELDS: z
    .string()
    .default("password,passwd,secret,token,apiKey,api_key,authorization,cardNumber,card_number,cvv,ssn")
    .transform((s) =>
      s
        .split(",")
        .map((f) => f.trim())
        .filter(Boolean),
    ),
  /** Where people reach the app (behind a proxy or TLS): cookies, sign-in redirects and origin checks use it. */
  PUBLIC_URL: z.string().url().optional(),
  /**
   * Other host:port names the app answers to, comma-separated: how services on a private network
   * reach it (e.g. `app:3000` for collectors in docker compose). Each is trusted like the app's own
   * address by the Host and Origin checks, so list only names that resolve inside that network.
   */
  APP_HOSTS: z
    .string()
    .default("")
    .transform((s) =>
      s
        .split(",")
        .map((h) => h.trim().toLowerCase())
        .filter(Boolean),
    )
    .pipe(
      z.array(
        z
          .string()
          .regex(/^[a-z0-9.-]+(:[0-9]{1,5})?$/, "each must be host or host:port (e.g. app:3000), no scheme"),
      ),
    ),
  /** Take the client address from X-Forwarded-For (only behind a proxy that sets it). */
  TRUST_PROXY: bool.default(false),
  /** Signs session cookies and OAuth state; unset, a random one is generated once and kept in app_settings. */
  AUTH_SECRET: z.string().min(32, "must be at least 32 characters (openssl rand -base64 32)").optional(),
  /** The first admin, created at start-up when no admin exists (instead of the setup page). */
  ADMIN_EMAIL: z.string().email().optional(),
  ADMIN_PASSWORD: z
    .string()
    .min(MIN_PASSWORD, `must be at least ${MIN_PASSWORD} characters`)
    .max(MAX_PASSWORD)
    .optional(),
  /** The demo's automatic sign-in: "auto" signs visitors in as the demo admin only on an embedded, loopback-bound demo. */
  DEMO_SIGN_IN: z.enum(["auto", "off"]).default("auto"),
  SESSION_TTL_HOURS: z.coerce
    .number()
    .min(1)
    .max(24 * 90)
    .default(24 * 7),
  /** Sign-in attempts per client address per minute. */
  SIGN_IN_RATE_LIMIT: z.coerce.number().int().min(1).default(10),
  /** Failed sign-ins for one email within 15 minutes before it is locked for the rest of them. */
  SIGN_IN_MAX_FAILURES: z.coerce.number().int().min(1).default(10),
  /** Optional OIDC sign-in (any provider with discovery): issuer URL, client id and secret. */
  OIDC_ISSUER: z.string().url().optional(),
  OIDC_CLIENT_ID: z.string().min(1).optional(),
  OIDC_CLIENT_SECRET: z.string().min(1).optional(),
  OIDC_NAME: z.string().min(1).max(40).default("SSO"),
  OIDC_SCOPES: z.string().default("openid email profile"),
  /** Role of a person's account created at their first OIDC sign-in; "none" lets in only people an admin created. */
  OIDC_DEFAULT_ROLE: z.enum(["viewer", "operator", "admin", "none"]).default("viewer"),
  /** The schema catalog's live pipeline: shape tracking, links and validation at ingest ("off" for none). */
  CATALOG: z.enum(["on", "off"]).default("on"),
  /** How long a new payload shape collects samples before its schema is inferred. */
  CATALOG_SETTLE_MS: z.coerce.number().int().min(0).max(60_000).default(2000),
  /** A shape not seen for this long leaves its type's schema (ms after parsing; "7d" in the variable). */
  CATALOG_SHAPE_TTL: duration.default(7 * UNIT_MS.d),
  LIVE_INTERVAL_MS: z.coerce.number().int().min(500).default(500),
  /** What this process runs: web (pages, API, ingest, sockets), worker (singleton jobs), or all; `--role` overrides it. */
  ROLE: z.enum(["web", "worker", "all"]).default("all"),
  /** Live updates cross instances through Redis pub/sub when set; unset, through the app's Postgres (LISTEN/NOTIFY). */
  REDIS_URL: z
    .string()
    .regex(/^rediss?:\/\//, "must be a redis:// or rediss:// URL")
    .optional(),
  /** How often alert rules are evaluated (one instance evaluates; the others skip). */
  ALERT_EVAL_INTERVAL_MS: z.coerce.number().int().min(1000).max(3_600_000).default(15_000),
  /**
   * While a rule fires, its notification is repeated this often ("4h"). At least 10 s, as
   * Alertmanager's repeat_interval allows any: the e2e suite repeats every 15 s.
   */
  ALERT_REPEAT_INTERVAL: durationOf(10_000, "10 seconds").default(4 * UNIT_MS.h),
  /** How often the notification outbox is looked at for due sends and retries. */
  ALERT_NOTIFY_INTERVAL_MS: z.coerce.number().int().min(200).max(600_000).default(5000),
  /** Days raw messages, deliveries, spans and traces are kept (whole UTC days: a day goes once all of it is older). */
  RETENTION_RAW_DAYS: z.coerce.number().int().min(1).max(3650).default(7),
  /** Days per-minute rollups (and broker gauges) are kept; older time answers from the hourly rollups. */
  RETENTION_ROLLUP_MINUTE_DAYS: z.coerce.number().int().min(1).max(3650).default(14),
  /** Days hourly rollups are kept. */
  RETENTION_ROLLUP_HOUR_DAYS: z.coerce.number().int().min(1).max(36500).default(400),
  /** Days a dead letter is kept once reprocessed or discarded; pending ones are never dropped. */
  RETENTION_DEAD_LETTER_DAYS: z.coerce.number().int().min(1).max(36500).default(30),
  /** Days alert history is kept: sent/failed/silenced notifications (with their attempts), state transitions and ended silences. */
  RETENTION_ALERT_HISTORY_DAYS: z.coerce.number().int().min(1).max(36500).default(90),
  /** SMTP server for email contact points: smtp://user:pass@host:587 (STARTTLS when offered) or smtps://…:465. Unset: no email. */
  SMTP_URL: z
    .string()
    .url("must be a URL such as smtp://user:pass@host:587")
    .refine((u) => /^smtps?:\/\//i.test(u), "must start with smtp:// or smtps://")
    .optional(),
  /** The From of alert emails: "Eventscope <alerts@example.com>" or an address. */
  SMTP_FROM: z.string().trim().min(3).max(300).optional(),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  LOG_PRETTY: bool.optional(),
});

const checked = schema.superRefine((e, ctx) => {
  if (Boolean(e.ADMIN_EMAIL) !== Boolean(e.ADMIN_PASSWORD))
    ctx.addIssue({
      code: "custom",
      path: ["ADMIN_PASSWORD"],
      message: "ADMIN_EMAIL and ADMIN_PASSWORD go together",
    });
  // Downsampling, not loss: the hours must outlive the minutes they summarise.
  if (e.RETENTION_ROLLUP_HOUR_DAYS < e.RETENTION_ROLLUP_MINUTE_DAYS)
    ctx.addIssue({
      code: "custom",
      path: ["RETENTION_ROLLUP_HOUR_DAYS"],
      message: "must be at least RETENTION_ROLLUP_MINUTE_DAYS (hourly rollups outlive the per-minute ones)",
    });
  if (e.INGEST_MAX_IN_FLIGHT_BYTES < e.INGEST_MAX_BODY_BYTES)
    ctx.addIssue({
      code: "custom",
      path: ["INGEST_MAX_IN_FLIGHT_BYTES"],
      message: `must be at least INGEST_MAX_BODY_BYTES (${e.INGEST_MAX_BODY_BYTES})`,
    });
  if (Boolean(e.SMTP_URL) !== Boolean(e.SMTP_FROM))
    ctx.addIssue({ code: "custom", path: ["SMTP_FROM"], message: "SMTP_URL and SMTP_FROM go together" });
  const oidc = [e.OIDC_ISSUER, e.OIDC_CLIENT_ID, e.OIDC_CLIENT_SECRET].filter(Boolean).length;
  if (oidc !== 0 && oidc !== 3)
    ctx.addIssue({
      code: "custom",
      path: ["OIDC_ISSUER"],
      message: "OIDC_ISSUER, OIDC_CLIENT_ID and OIDC_CLIENT_SECRET go together",
    });
});

export type Env = z.infer<typeof schema>;

let cached: Env | undefined;

/** The parsed environment; throws one readable error listing every bad variable. */
export function env(): Env {
  if (cached) return cached;
  const parsed = checked.safeParse(process.env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`);
    throw new Error(`Invalid environment:\n${lines.join("\n")}`);
  }
  cached = parsed.data;
  return cached;
}

/** Tests change variables between cases; production never calls this. */
export function resetEnvForTests(): void {
  cached = undefined;
}
