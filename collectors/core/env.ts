// The collectors' environment, parsed once with zod: the only collectors module that reads
// process.env (the app has lib/env.ts). A bad value fails at start-up naming the variable.
import { z } from "zod";

const schema = z.object({
  EVENTSCOPE_URL: z.string().url().default("http://127.0.0.1:3000"),
  // Empty counts as unset (`EVENTSCOPE_TOKEN= npm run collector …`).
  EVENTSCOPE_TOKEN: z.preprocess((v) => (v === "" ? undefined : v), z.string().optional()),
  COLLECTOR_BATCH_MAX_ITEMS: z.coerce.number().int().min(1).max(10_000).default(500),
  COLLECTOR_BATCH_MAX_DELAY_MS: z.coerce.number().int().min(1).max(60_000).default(250),
  COLLECTOR_QUEUE_MAX_ITEMS: z.coerce.number().int().min(1).default(100_000),
  DEMO_RATE: z.coerce.number().min(0.1).max(100_000).default(25),
  DEMO_SEED: z.string().min(1).optional(),
  DEMO_SCHEMA_CHANGE_AFTER: z.coerce.number().int().min(0).default(3000),
  DEMO_FAILURE_RATE: z.coerce.number().min(0).max(1).default(0.02),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
});

export type CollectorEnv = z.infer<typeof schema>;

let cached: CollectorEnv | undefined;

/** The parsed environment; throws one readable error listing every bad variable. */
export function collectorEnv(): CollectorEnv {
  if (cached) return cached;
  const parsed = schema.safeParse(process.env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`);
    throw new Error(`Invalid environment:\n${lines.join("\n")}`);
  }
  cached = parsed.data;
  return cached;
}

/** The whole environment, for ${VAR} expansion in a collector's YAML config. */
export function environment(): Record<string, string | undefined> {
  return process.env;
}
