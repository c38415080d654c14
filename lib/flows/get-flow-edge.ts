// One edge's details for the side panel: its numbers over the window (the graph's own figures,
// built the same way from the same rollups), a per-step series for the chart, the event types
// on it, and the 10 latest messages of its channel (the one raw read: LIMIT 10 on the
// messages (channel_id, published_at) index).
import "server-only";
import { pool } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import type { FlowEdgeDetail, FlowSeriesPoint, FlowWindow, RecentEvent } from "@/lib/flows/api-types";
import { buildFlowGraph, edgeIdOf } from "@/lib/flows/build-graph";
import { WINDOW_MINUTES, type EdgeRef } from "@/lib/flows/flow-schemas";
import { toRollupSum, type EdgeRow } from "@/lib/flows/edge-sums";
import { edgesSql, loadDimensions, loadGauges } from "@/lib/flows/get-flow-graph";
import { histogramQuantile } from "@/lib/latency/buckets";

/** Chart step per window: about 15 to 170 points. */
export const STEP_MINUTES: Record<FlowWindow, number> = { live: 1, "15m": 1, "1h": 1, "24h": 15, "7d": 60 };
/** The live window's chart shows the last 15 minutes: two points would say nothing. */
const SERIES_MINUTES: Record<FlowWindow, number> = { ...WINDOW_MINUTES, live: 15 };
export const RECENT_LIMIT = 10;

// One edge's rows only: the (channel_id, minute) index, then edge and service. Zero-filled steps.
const SERIES_SQL = `
WITH w AS (SELECT date_bin(make_interval(mins => $4::int), date_trunc('minute', now()) - make_interval(mins => $3::int - 1), 'epoch') AS start,
                  date_trunc('minute', now()) AS last)
SELECT s.t, extract(epoch FROM least(now() - s.t, make_interval(mins => $4::int)))::float8 AS seconds,
  COALESCE(sum(r.count), 0)::bigint AS count, COALESCE(sum(r.errors), 0)::bigint AS errors,
  es_hist_sum(CASE WHEN $1 = 'consume' THEN r.e2e_latency ELSE r.latency END) AS hist
FROM w CROSS JOIN generate_series(w.start, w.last, make_interval(mins => $4::int)) AS s(t)
LEFT JOIN rollup_minute r ON r.channel_id = $2 AND r.edge = $1
  AND ($5::int IS NULL OR r.service_id = $5) AND r.minute >= s.t AND r.minute < s.t + make_interval(mins => $4::int)
GROUP BY s.t ORDER BY s.t`;

const RECENT_SQL = `
SELECT m.message_id AS id, t.name AS type, s.name AS producer, m.published_at, m.size
FROM (SELECT message_id, event_type_id, producer_id, published_at, size FROM messages
      WHERE channel_id = $1 ORDER BY published_at DESC LIMIT ${RECENT_LIMIT}) m
LEFT JOIN event_types t ON t.id = m.event_type_id
LEFT JOIN services s ON s.id = m.producer_id
ORDER BY m.published_at DESC`;

function noSuchEdge(ref: EdgeRef): AppError {
  const id = edgeIdOf(ref.kind, ref.channelId, ref.kind === "dead_letter" ? 0 : ref.serviceId);
  return new AppError("not_found", `no traffic on edge ${id} in this window`);
}

export async function getFlowEdge(ref: EdgeRef, window: FlowWindow): Promise<FlowEdgeDetail> {
  const minutes = WINDOW_MINUTES[window];
  const serviceId = ref.kind === "dead_letter" ? null : ref.serviceId;
  const db = pool();
  const [edgeRows, series, recent, gauges] = await Promise.all([
    db.query<EdgeRow>(
      edgesSql("r.channel_id = $2 AND r.edge = $3 AND ($4::int IS NULL OR r.service_id = $4)"),
      [minutes, ref.channelId, ref.kind, serviceId],
    ),
    db.query<{ t: Date; seconds: number; count: number; errors: number; hist: number[] | null }>(SERIES_SQL, [
      ref.kind,
      ref.channelId,
      SERIES_MINUTES[window],
      STEP_MINUTES[window],
      serviceId,
    ]),
    db.query<{ id: string; type: string | null; producer: string | null; published_at: Date; size: number }>(
      RECENT_SQL,
      [ref.channelId],
    ),
    loadGauges(minutes),
  ]);
  const rows = edgeRows.rows.map(toRollupSum);
  const dims = await loadDimensions(rows);
  const seconds = await windowSeconds(minutes);
  const graph = buildFlowGraph(rows, dims, gauges, seconds);
  const edge = graph.edges[0];
  const channel = dims.channels.get(ref.channelId);
  if (!edge || !channel) throw noSuchEdge(ref);
  const node = (id: string) => {
    const n = graph.nodes.find((x) => x.id === id);
    if (!n) throw noSuchEdge(ref);
    return n;
  };

  const typeCounts = new Map<string, number>();
  for (const r of rows) {
    const name = dims.types.get(r.typeId) ?? "unknown";
    typeCounts.set(name, (typeCounts.get(name) ?? 0) + r.count);
  }
  const stepSeconds = STEP_MINUTES[window] * 60;
  const points: FlowSeriesPoint[] = series.rows.map((p) => ({
    t: p.t.toISOString(),
    count: p.count,
    errors: p.errors,
    // The current step is still filling: its rate is over the seconds it has had so far.
    rate: p.count / Math.max(1, Math.min(stepSeconds, p.seconds)),
    p95: histogramQuantile(p.hist ?? [], 0.95),
  }));
  const events: RecentEvent[] = recent.rows.map((m) => ({
    id: m.id,
    type: m.type ?? "unknown",
    producer: m.producer,
    publishedAt: m.published_at.toISOString(),
    size: m.size,
  }));
  return {
    window,
    edge,
    source: node(edge.source),
    target: node(edge.target),
    channel: { id: channel.id, name: channel.name, broker: channel.broker },
    service: serviceId === null ? null : (dims.services.get(serviceId) ?? null),
    stepSeconds,
    series: points,
    types: [...typeCounts]
      .map(([name, count]) => ({ name, count, rate: count / seconds }))
      .sort((a, b) => b.count - a.count || a.name.localeCompare(b.name)),
    recent: events,
  };
}

async function windowSeconds(minutes: number): Promise<number> {
  const { rows } = await pool().query<{ seconds: number }>(
    `SELECT extract(epoch FROM now() - (date_trunc('minute', now()) - make_interval(mins => $1::int - 1)))::float8 AS seconds`,
    [minutes],
  );
  return Math.max(1, rows[0]?.seconds ?? 60);
}
