// The shape of a collector's YAML config, less the broker section (each adapter owns the schema
// of its own; collectors/registry.ts puts them together). Defaults make a three-line config work.
import { z } from "zod";
import { extractConfig } from "@/collectors/core/config/extract-config";

const SIZE_UNITS: Record<string, number> = {
  b: 1,
  kb: 1e3,
  mb: 1e6,
  gb: 1e9,
  kib: 1024,
  mib: 1024 ** 2,
  gib: 1024 ** 3,
};

/** A byte size: a number, or "512MiB", "1GB", "64kb". */
export const byteSize = z.union([z.number().int().positive(), z.string()]).transform((v, ctx) => {
  if (typeof v === "number") return v;
  const m = /^\s*(\d+(?:\.\d+)?)\s*([a-z]*)\s*$/i.exec(v);
  const unit = SIZE_UNITS[(m?.[2] || "b").toLowerCase()];
  if (!m || unit === undefined) {
    ctx.addIssue({ code: "custom", message: 'expected a size such as 1073741824, "512MiB" or "1GB"' });
    return z.NEVER;
  }
  return Math.round(Number(m[1]) * unit);
});

const hostPort = z
  .string()
  .regex(/^(\[[0-9a-f:]+\]|[\w.-]+):\d{1,5}$/i, 'expected "host:port", e.g. "127.0.0.1:9464"');

export const commonConfig = z
  .object({
    /** A label for logs and metrics; the server knows the collector by its token. */
    name: z.string().trim().min(1).max(100).default("collector"),
    server: z
      .object({
        url: z.url({ protocol: /^https?$/, error: "expected the Eventscope server's http(s) URL" }),
        token: z
          .string()
          .regex(
            /^esc_[A-Za-z0-9_-]+$/,
            'expected a collector token ("esc_…"); create one on the Collectors page or with npm run token',
          )
          .optional(),
      })
      .strict(),
    outbox: z
      .object({
        dir: z.string().min(1).optional(),
        maxBytes: byteSize.default(1024 ** 3),
        whenFull: z.enum(["block", "drop-newest"]).default("block"),
      })
      .strict()
      .default({ maxBytes: 1024 ** 3, whenFull: "block" }),
    batch: z
      .object({
        maxItems: z.number().int().min(1).max(10_000).default(500),
        maxDelayMs: z.number().int().min(1).max(60_000).default(250),
      })
      .strict()
      .default({ maxItems: 500, maxDelayMs: 250 }),
    extract: extractConfig.default(extractConfig.parse({})),
    /** Where /metrics and /healthz listen; false turns them off. */
    metrics: z
      .object({ listen: z.union([hostPort, z.literal(false)]).default("127.0.0.1:9464") })
      .strict()
      .default({ listen: "127.0.0.1:9464" }),
    commands: z
      .object({ enabled: z.boolean().default(true) })
      .strict()
      .default({ enabled: true }),
    log: z
      .object({
        level: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
      })
      .strict()
      .default({ level: "info" }),
  })
  .strict();

export type CommonConfig = z.infer<typeof commonConfig>;
