// The app's environment, parsed once with zod. The only module that reads process.env
// (besides collectors/core/env.ts for agents); a bad value fails at start-up naming the variable.
import { z } from "zod";

const bool = z
  .enum(["true", "false", "1", "0", "yes", "no", "on", "off"])
  .transform((v) => ["true", "1", "yes", "on"].includes(v));

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
  LIVE_INTERVAL_MS: z.coerce.number().int().min(500).default(500),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  LOG_PRETTY: bool.optional(),
});

export type Env = z.infer<typeof schema>;

let cached: Env | undefined;

/** The parsed environment; throws one readable error listing every bad variable. */
export function env(): Env {
  if (cached) return cached;
  const parsed = schema.safeParse(process.env);
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
