// The latency API's input contract (zod): scope (event type, channel, service, edge), hop, and the
// window (a preset range, or from/to from a zoom), with one clear 400 per wrong value.
import { z } from "zod";
import { MAX_TYPE_NAME } from "@/lib/catalog/catalog-schemas";
import { isStorableText } from "@/lib/ingest/postgres-text";
import { MAX_EXPLICIT_POINTS, MAX_WINDOW_MS, RANGE_MS, RANGES, STEP_MINUTES } from "@/lib/latency/window";

export const HOPS = ["e2e", "deliver", "process", "broker"] as const;
export type Hop = (typeof HOPS)[number];
export const EDGES = ["produce", "consume"] as const;
export type LatencyEdge = (typeof EDGES)[number];

/** The rollup edge and column of each hop (see DESIGN.md and the flows/traces migration). */
export const HOP_SOURCE: Record<Hop, { edge: LatencyEdge; column: string }> = {
  broker: { edge: "produce", column: "latency" },
  deliver: { edge: "consume", column: "latency" },
  process: { edge: "consume", column: "process_latency" },
  e2e: { edge: "consume", column: "e2e_latency" },
};

const name = (what: string) =>
  z
    .string()
    .trim()
    .min(1, `${what} must not be empty`)
    .max(MAX_TYPE_NAME, `must be at most ${MAX_TYPE_NAME} characters`)
    .refine(isStorableText, "must not contain NUL characters or lone surrogates");

const instant = z
  .string()
  .refine((s) => /^\d{4}-\d\d-\d\dT/.test(s) && !Number.isNaN(Date.parse(s)), {
    message: "must be an ISO 8601 date and time, e.g. 2026-12-04T10:00:00Z",
  })
  .transform((s) => Date.parse(s));

const flag = z
  .enum(["true", "false", "1", "0"], { error: 'must be "1" or "0"' })
  .transform((v) => v === "true" || v === "1");

/** GET /api/v1/latency query; unknown parameters are refused, not ignored. */
export const latencyQuerySchema = z
  .strictObject({
    type: name("type").optional(),
    channel: z.coerce
      .number({ error: "must be a channel id (a number)" })
      .int("must be a channel id (a whole number)")
      .positive("must be a channel id (a positive number)")
      .max(2_147_483_647, "is not a channel id")
      .optional(),
    service: name("service").optional(),
    edge: z.enum(EDGES, { error: 'must be "produce" or "consume"' }).optional(),
    hop: z.enum(HOPS, { error: `must be one of ${HOPS.map((h) => `"${h}"`).join(", ")}` }).optional(),
    range: z.enum(RANGES, { error: `must be one of ${RANGES.join(", ")}` }).optional(),
    from: instant.optional(),
    to: instant.optional(),
    compare: flag.optional(),
    /** Minutes per point (1, 5, … 1440); by default the smallest keeping the series ≤ 500 points. */
    step: z.coerce
      .number({ error: "must be a number of minutes" })
      .refine((m) => (STEP_MINUTES as readonly number[]).includes(m), {
        message: `must be one of ${STEP_MINUTES.join(", ")} (minutes)`,
      })
      .optional(),
  })
  .superRefine((q, ctx) => {
    const issue = (path: string, message: string) => ctx.addIssue({ code: "custom", path: [path], message });
    if (q.range !== undefined && (q.from !== undefined || q.to !== undefined))
      issue("range", "give either range or from/to, not both");
    if ((q.from === undefined) !== (q.to === undefined)) issue("from", "from and to go together");
    if (q.from !== undefined && q.to !== undefined) {
      if (q.to <= q.from) issue("to", "must be after from");
      else if (q.to - q.from > MAX_WINDOW_MS) issue("to", "the window may span at most 31 days");
    }
    if (q.step !== undefined) {
      const span = q.from !== undefined && q.to !== undefined ? q.to - q.from : RANGE_MS[q.range ?? "1h"];
      if (span / (q.step * 60_000) > MAX_EXPLICIT_POINTS)
        issue("step", `gives more than ${MAX_EXPLICIT_POINTS} points over this window; take a longer step`);
    }
    if (q.hop && q.edge && HOP_SOURCE[q.hop].edge !== q.edge)
      issue("hop", `hop "${q.hop}" is measured on the ${HOP_SOURCE[q.hop].edge} edge, not ${q.edge}`);
  });
export type LatencyQuery = z.output<typeof latencyQuerySchema>;
