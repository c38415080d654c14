// The flows API's input contracts (zod): the window and filters of GET /api/v1/flows and the edge
// id of GET /api/v1/flows/edge. Unknown parameters are refused, not ignored.
import { z } from "zod";
import { FLOW_WINDOWS, type FlowWindow } from "@/lib/flows/api-types";
import { isStorableText } from "@/lib/ingest/postgres-text";

const MAX_NAME = 300; // as ingest's names

const filterText = (what: string) =>
  z
    .string()
    .trim()
    .min(1, `${what} must not be empty`)
    .max(MAX_NAME, `must be at most ${MAX_NAME} characters`)
    .refine(isStorableText, "must not contain NUL characters or lone surrogates");

const windowSchema = z
  .enum(FLOW_WINDOWS, { error: `must be one of ${FLOW_WINDOWS.map((w) => `"${w}"`).join(", ")}` })
  .default("15m");

/** Minutes of rollups each window covers (the current, still filling minute included). */
export const WINDOW_MINUTES: Record<FlowWindow, number> = {
  live: 2,
  "15m": 15,
  "1h": 60,
  "24h": 1_440,
  "7d": 10_080,
};

/** GET /api/v1/flows query (FlowQuery). */
export const flowQuerySchema = z.strictObject({
  window: windowSchema,
  broker: filterText("broker").optional(),
  type: filterText("type").optional(),
  service: filterText("service").optional(),
  channel: filterText("channel").optional(),
  /** The page's selection, carried in its URL; the API ignores it. */
  select: z.string().max(200).optional(),
});
export type FlowQuery = z.output<typeof flowQuerySchema>;

export type EdgeRef =
  | { kind: "produce"; serviceId: number; channelId: number }
  | { kind: "consume"; serviceId: number; channelId: number }
  | { kind: "dead_letter"; channelId: number };

const id = z.coerce.number().int().min(0).max(2_147_483_647);
const EDGE_ID = /^(produce|consume|dead_letter):(\d{1,10})(?::(\d{1,10}))?$/;

/** An edge id as the graph names it, checked and taken apart. */
export const edgeIdSchema = z
  .string()
  .max(40, "is not an edge id")
  .transform((s, ctx): EdgeRef => {
    const m = EDGE_ID.exec(s);
    const parsed = m && {
      kind: m[1] as EdgeRef["kind"],
      a: id.safeParse(m[2]),
      b: m[3] === undefined ? undefined : id.safeParse(m[3]),
    };
    if (parsed && parsed.a.success) {
      if (parsed.kind === "dead_letter" && parsed.b === undefined)
        return { kind: "dead_letter", channelId: parsed.a.data };
      if (parsed.kind !== "dead_letter" && parsed.b?.success) {
        return parsed.kind === "produce"
          ? { kind: "produce", serviceId: parsed.a.data, channelId: parsed.b.data }
          : { kind: "consume", channelId: parsed.a.data, serviceId: parsed.b.data };
      }
    }
    ctx.addIssue({
      code: "custom",
      message:
        'must be an edge id: "produce:<service>:<channel>", "consume:<channel>:<service>" or "dead_letter:<channel>"',
    });
    return z.NEVER;
  });

/** GET /api/v1/flows/edge query. */
export const edgeQuerySchema = z.strictObject({ id: edgeIdSchema, window: windowSchema });
export type EdgeQuery = z.output<typeof edgeQuerySchema>;
