// A trace as waterfall rows — pure, unit-tested. Spans nest under their parents; each message hop
// nests under the span that published it (or stands at the top, in time order, when no span did:
// traces seen only by collectors), with one row per delivery whose bar shows the broker's waiting
// time (publish → deliver) apart from the consumer's processing (deliver → ack).
import type { TraceDelivery, TraceDetail, TraceMessage, TraceSpan } from "@/lib/traces/api-types";

export type Tone = "span" | "error" | "publish" | "wait" | "process" | "failed";
export type Segment = { fromMs: number; toMs: number; tone: Tone };

export type WaterfallRow = {
  id: string;
  kind: "span" | "message" | "delivery";
  depth: number;
  label: string;
  detail: string;
  startMs: number;
  endMs: number;
  segments: Segment[];
  error: boolean;
  spanId?: string;
  messageKey?: string;
};

export type Waterfall = { rows: WaterfallRow[]; startMs: number; endMs: number };

const FAILED = new Set(["nack", "reject", "expired"]);

const ms = (iso: string) => Date.parse(iso);

function spanRow(s: TraceSpan, depth: number): WaterfallRow {
  const start = ms(s.startTime);
  const end = ms(s.endTime);
  const error = s.statusCode === "error";
  return {
    id: `span:${s.spanId}`,
    kind: "span",
    depth,
    label: s.name,
    detail: [s.serviceName, s.kind].filter(Boolean).join(" · "),
    startMs: start,
    endMs: end,
    segments: [{ fromMs: start, toMs: end, tone: error ? "error" : "span" }],
    error,
    spanId: s.spanId,
  };
}

function deliveryRow(m: TraceMessage, d: TraceDelivery, i: number, depth: number): WaterfallRow {
  const published = ms(m.publishedAt);
  const delivered = Math.max(published, ms(d.deliveredAt));
  const acked = d.ackedAt === null ? delivered : Math.max(delivered, ms(d.ackedAt));
  const failed = FAILED.has(d.outcome);
  return {
    id: `delivery:${m.key}:${i}`,
    kind: "delivery",
    depth,
    label: `deliver to ${d.consumer}${d.attempt > 1 ? ` (attempt ${d.attempt})` : ""}`,
    detail: `${d.channel} · ${d.outcome}`,
    startMs: published,
    endMs: acked,
    segments: [
      { fromMs: published, toMs: delivered, tone: "wait" },
      { fromMs: delivered, toMs: acked, tone: failed ? "failed" : "process" },
    ],
    error: failed,
    messageKey: m.key,
  };
}

function messageRows(m: TraceMessage, depth: number): WaterfallRow[] {
  const published = ms(m.publishedAt);
  const observed = Math.max(published, ms(m.observedAt));
  const deliveries = m.deliveries.map((d, i) => deliveryRow(m, d, i, depth + 1));
  const end = Math.max(observed, ...deliveries.map((r) => r.endMs));
  const head: WaterfallRow = {
    id: `message:${m.key}`,
    kind: "message",
    depth,
    label: `publish ${m.type}`,
    detail: `${m.producer ?? "unknown producer"} → ${m.channel}`,
    startMs: published,
    endMs: end,
    segments: [{ fromMs: published, toMs: observed, tone: "publish" }],
    error: deliveries.some((d) => d.error),
    messageKey: m.key,
  };
  return [head, ...deliveries];
}

type Item = { startMs: number; emit: (depth: number) => WaterfallRow[] };

export function buildWaterfall(detail: Pick<TraceDetail, "spans" | "messages">): Waterfall {
  const ids = new Set(detail.spans.map((s) => s.spanId));
  const children = new Map<string | null, Item[]>();
  const add = (parent: string | null, item: Item) =>
    children.set(parent, [...(children.get(parent) ?? []), item]);

  const emitSpan =
    (s: TraceSpan) =>
    (depth: number): WaterfallRow[] => [spanRow(s, depth), ...emitChildren(s.spanId, depth + 1)];
  const emitChildren = (parent: string | null, depth: number): WaterfallRow[] =>
    (children.get(parent) ?? [])
      .toSorted((a, b) => a.startMs - b.startMs)
      .flatMap((item) => item.emit(depth));

  for (const s of detail.spans)
    add(s.parentSpanId !== null && ids.has(s.parentSpanId) ? s.parentSpanId : null, {
      startMs: ms(s.startTime),
      emit: emitSpan(s),
    });
  for (const m of detail.messages)
    add(m.publishSpanId !== null && ids.has(m.publishSpanId) ? m.publishSpanId : null, {
      startMs: ms(m.publishedAt),
      emit: (depth) => messageRows(m, depth),
    });

  const rows = emitChildren(null, 0);
  if (rows.length === 0) return { rows, startMs: 0, endMs: 0 };
  const startMs = Math.min(...rows.map((r) => r.startMs));
  const endMs = Math.max(...rows.map((r) => r.endMs));
  return { rows, startMs, endMs };
}

/** A duration for people: 850 µs, 12.3 ms, 4.56 s, 3 min 5 s. */
export function formatDuration(ms: number): string {
  if (ms <= 0) return "0";
  if (ms < 1) return `${Math.round(ms * 1000)} µs`;
  if (ms < 1000) return `${ms < 10 ? ms.toFixed(1).replace(/\.0$/, "") : Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)} s`;
  const min = Math.floor(ms / 60_000);
  return `${min} min ${Math.round((ms % 60_000) / 1000)} s`;
}
