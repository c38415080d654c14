// The flow graph's read model: per-edge sums over the window from the rollups (closed time cached
// in chunks: lib/flows/edge-sums.ts), the latest lag and depth gauges, and the names of the
// channels, services and types involved. Never reads raw messages.
import "server-only";
import { pool } from "@/lib/db/client";
import type { FlowGraph, FlowWindow } from "@/lib/flows/api-types";
import {
  buildFlowGraph,
  type ChannelDim,
  type Dimensions,
  type GaugeValue,
  type GraphFilters,
  type RollupSum,
} from "@/lib/flows/build-graph";
import { LIVE_MINUTES, readEdgeSums } from "@/lib/flows/edge-sums";
import { WINDOW_MINUTES } from "@/lib/flows/flow-schemas";
import { rollupRowsSql } from "@/lib/rollups/rollup-rows";

// One edge's sums (the details drawer): $1 minutes in the window, which starts at a minute boundary;
// `where` narrows it (the (channel_id, minute) index). The whole graph reads lib/flows/edge-sums.ts.
export const edgesSql = (where = "") => `
WITH w AS (SELECT now() AS now, date_trunc('minute', now()) - make_interval(mins => $1::int - 1) AS start)
SELECT r.edge, r.channel_id, r.service_id, r.event_type_id,
  sum(r.count)::bigint AS count, sum(r.errors)::bigint AS errors, sum(r.bytes)::bigint AS bytes,
  es_hist_sum(r.latency) AS latency, es_hist_sum(r.e2e_latency) AS e2e,
  bool_or(r.minute >= date_trunc('minute', w.now) - make_interval(mins => ${LIVE_MINUTES - 1})) AS live
FROM ${rollupRowsSql(
  "(SELECT start FROM w)",
  "(SELECT date_trunc('minute', now) + interval '1 minute' FROM w)",
  where || "true",
)} r, w
GROUP BY r.edge, r.channel_id, r.service_id, r.event_type_id`;

// The latest value of each gauge in the window (last value wins within a minute already).
export const GAUGES_SQL = `
SELECT DISTINCT ON (g.channel_id, g.consumer_id, g.name) g.channel_id, g.consumer_id, g.name, g.value
FROM gauge_minute g
WHERE g.minute >= date_trunc('minute', now()) - make_interval(mins => $1::int - 1)
  AND g.name IN ('lag', 'depth')
ORDER BY g.channel_id, g.consumer_id, g.name, g.minute DESC`;

// Channels of the window and their dead-letter queues (whether or not those saw traffic).
const CHANNELS_SQL = `
SELECT c.id, c.name, b.name AS broker, c.is_dead_letter, c.dead_letter_of_id
FROM channels c JOIN brokers b ON b.id = c.broker_id
WHERE c.id = ANY($1::int[]) OR c.dead_letter_of_id = ANY($1::int[])`;

/** Names of the channels, services and types `rows` mention. */
export async function loadDimensions(rows: readonly RollupSum[]): Promise<Dimensions> {
  const channelIds = [...new Set(rows.map((r) => r.channelId))];
  const serviceIds = [...new Set(rows.map((r) => r.serviceId))];
  const typeIds = [...new Set(rows.map((r) => r.typeId))];
  const db = pool();
  const [channels, services, types] = await Promise.all([
    db.query<{
      id: number;
      name: string;
      broker: string;
      is_dead_letter: boolean;
      dead_letter_of_id: number | null;
    }>(CHANNELS_SQL, [channelIds]),
    db.query<{ id: number; name: string }>("SELECT id, name FROM services WHERE id = ANY($1::int[])", [
      serviceIds,
    ]),
    db.query<{ id: number; name: string }>("SELECT id, name FROM event_types WHERE id = ANY($1::int[])", [
      typeIds,
    ]),
  ]);
  return {
    channels: new Map(
      channels.rows.map((c): [number, ChannelDim] => [
        c.id,
        {
          id: c.id,
          name: c.name,
          broker: c.broker,
          isDeadLetter: c.is_dead_letter,
          deadLetterOfId: c.dead_letter_of_id,
        },
      ]),
    ),
    services: new Map(services.rows.map((s) => [s.id, s.name])),
    types: new Map(types.rows.map((t) => [t.id, t.name])),
  };
}

export async function loadGauges(minutes: number): Promise<GaugeValue[]> {
  const { rows } = await pool().query<{
    channel_id: number;
    consumer_id: number;
    name: string;
    value: number;
  }>(GAUGES_SQL, [minutes]);
  return rows.map((g) => ({
    channelId: g.channel_id,
    consumerId: g.consumer_id,
    name: g.name,
    value: g.value,
  }));
}

export async function getFlowGraph(window: FlowWindow, filters: GraphFilters = {}): Promise<FlowGraph> {
  const minutes = WINDOW_MINUTES[window];
  const [sums, gauges] = await Promise.all([readEdgeSums(minutes), loadGauges(minutes)]);
  // Rates divide by the seconds from the window's start to now, so the still-filling current
  // minute does not make a dip.
  const seconds = Math.max(1, (sums.nowMs - sums.startMs) / 1000);
  const graph = buildFlowGraph(sums.rows, await loadDimensions(sums.rows), gauges, seconds, filters);
  return {
    window,
    generatedAt: new Date(sums.nowMs).toISOString(),
    from: new Date(sums.startMs).toISOString(),
    seconds,
    ...graph,
  };
}
