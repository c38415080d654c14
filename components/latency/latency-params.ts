// The Latency page's state as it lives in the URL (/latency?type=…&channel=…&service=…&edge=…&
// hop=…&range=…|from=…&to=…&compare=1): parsed leniently (a wrong value falls back to its default
// rather than breaking the page) and written back in one canonical order.
import { EDGES, HOPS, type Hop, type LatencyEdge } from "@/lib/latency/latency-schemas";
import { RANGES, type RangeKey } from "@/lib/latency/window";

export type LatencyParams = {
  type: string | null;
  channel: number | null;
  service: string | null;
  edge: LatencyEdge | null;
  /** null: let the server choose (end to end where there is any, else publish → deliver). */
  hop: Hop | null;
  range: RangeKey;
  /** A zoomed window (ISO), instead of `range`. */
  zoom: { from: string; to: string } | null;
  compare: boolean;
};

export const DEFAULT_RANGE: RangeKey = "1h";

function oneOf<T extends string>(values: readonly T[], v: string | null): T | null {
  return v !== null && (values as readonly string[]).includes(v) ? (v as T) : null;
}

function text(v: string | null): string | null {
  const t = v?.trim();
  return t ? t : null;
}

export function parseLatencyParams(q: URLSearchParams): LatencyParams {
  const channel = Number(q.get("channel"));
  const from = q.get("from");
  const to = q.get("to");
  const zoom =
    from &&
    to &&
    !Number.isNaN(Date.parse(from)) &&
    !Number.isNaN(Date.parse(to)) &&
    Date.parse(to) > Date.parse(from)
      ? { from: new Date(from).toISOString(), to: new Date(to).toISOString() }
      : null;
  return {
    type: text(q.get("type")),
    channel: Number.isInteger(channel) && channel > 0 ? channel : null,
    service: text(q.get("service")),
    edge: oneOf(EDGES, q.get("edge")),
    hop: oneOf(HOPS, q.get("hop")),
    range: oneOf(RANGES, q.get("range")) ?? DEFAULT_RANGE,
    zoom,
    compare: q.get("compare") === "1",
  };
}

/** The page's URL query (defaults left out) — also the API's query, which takes the same names. */
export function latencySearchParams(p: LatencyParams): URLSearchParams {
  const q = new URLSearchParams();
  if (p.type) q.set("type", p.type);
  if (p.channel !== null) q.set("channel", String(p.channel));
  if (p.service) q.set("service", p.service);
  if (p.edge) q.set("edge", p.edge);
  if (p.hop) q.set("hop", p.hop);
  if (p.zoom) {
    q.set("from", p.zoom.from);
    q.set("to", p.zoom.to);
  } else if (p.range !== DEFAULT_RANGE) q.set("range", p.range);
  if (p.compare) q.set("compare", "1");
  return q;
}

/** The API's query for the page's state: the range is always sent (the server's default could change). */
export function latencyApiQuery(p: LatencyParams): URLSearchParams {
  const q = latencySearchParams(p);
  if (!p.zoom && !q.has("range")) q.set("range", p.range);
  if (p.hop && p.edge) q.delete("edge"); // the hop names its edge
  return q;
}

/** A window twice as long around the same middle, ending no later than now. */
export function zoomedOut(zoom: { from: string; to: string }, nowMs: number): { from: string; to: string } {
  const from = Date.parse(zoom.from);
  const to = Date.parse(zoom.to);
  const span = to - from;
  const end = Math.min(nowMs, to + span / 2);
  return { from: new Date(end - 2 * span).toISOString(), to: new Date(end).toISOString() };
}
