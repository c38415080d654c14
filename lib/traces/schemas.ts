// The traces API's input contracts (zod): the search query and the trace id of the path.
import { z } from "zod";
import { isStorableText } from "@/lib/ingest/postgres-text";

export const TRACE_LIMIT_MAX = 200;
export const TRACE_LIMIT_DEFAULT = 50;
export const RANGES = { "15m": 15, "1h": 60, "6h": 360, "24h": 1440, "7d": 10080 } as const;
export type RangeKey = keyof typeof RANGES;

export const traceIdSchema = z
  .string()
  .trim()
  .transform((s) => s.toLowerCase())
  .pipe(
    z.string().regex(/^(?!0{32})[0-9a-f]{32}$/, "must be 32 hex characters (a W3C trace id), not all zeros"),
  );

const text = (what: string) =>
  z
    .string()
    .trim()
    .min(1, `${what} must not be empty`)
    .max(300, "must be at most 300 characters")
    .refine(isStorableText, "must not contain NUL characters or lone surrogates");

const isoTime = z
  .string()
  .refine((s) => !Number.isNaN(Date.parse(s)), "must be an ISO 8601 time, e.g. 2026-12-04T10:00:00Z")
  .transform((s) => new Date(s));

/** GET /api/v1/traces query; unknown parameters are refused, not ignored. */
export const traceSearchSchema = z
  .strictObject({
    traceId: traceIdSchema.optional(),
    messageId: text("messageId").optional(),
    type: text("type").optional(),
    service: text("service").optional(),
    minDurationMs: z.coerce
      .number({ error: "must be a number" })
      .min(0, "must be at least 0")
      .max(365 * 24 * 3600 * 1000, "must be at most a year")
      .optional(),
    error: z
      .enum(["1", "0", "true", "false"], { error: 'must be "1" or "0"' })
      .transform((v) => v === "1" || v === "true")
      .optional(),
    from: isoTime.optional(),
    to: isoTime.optional(),
    range: z
      .enum(Object.keys(RANGES) as [RangeKey, ...RangeKey[]], {
        error: `must be one of ${Object.keys(RANGES).join(", ")}`,
      })
      .optional(),
    limit: z.coerce
      .number({ error: "must be a number" })
      .int("must be a whole number")
      .min(1, "must be at least 1")
      .max(TRACE_LIMIT_MAX, `must be at most ${TRACE_LIMIT_MAX}`)
      .default(TRACE_LIMIT_DEFAULT),
    cursor: z.string().max(2000, "is not a cursor this API made").optional(),
  })
  .refine((q) => !(q.range && q.from), { message: "give either range or from, not both", path: ["range"] })
  .refine((q) => !(q.from && q.to && q.from >= q.to), { message: "must be after from", path: ["to"] });
export type TraceSearch = z.output<typeof traceSearchSchema>;
