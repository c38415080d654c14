// Writes flow_hour (migration 20261206110000_flow_hour) for the hours the compaction has just
// recomputed in rollup_hour, in its transaction (lib/rollups/compact-hours.ts): per edge kind,
// channel and service, summed over every event type, with the types seen. The 24 h and 7 d flow
// graphs read these (lib/flows/edge-sums.ts).
// (Not "server-only": the server process runs the compaction outside the react-server condition.)
import type pg from "pg";

export async function compactFlowHours(c: pg.ClientBase, hours: readonly Date[]): Promise<void> {
  if (hours.length === 0) return;
  await c.query("DELETE FROM flow_hour WHERE hour = ANY($1::timestamptz[])", [hours]);
  await c.query(
    `INSERT INTO flow_hour (hour, edge, channel_id, service_id, count, errors, bytes, latency, e2e_latency, type_ids)
     SELECT r.hour, r.edge, r.channel_id, r.service_id, sum(r.count), sum(r.errors), sum(r.bytes),
            es_hist_sum(r.latency), es_hist_sum(r.e2e_latency), array_agg(DISTINCT r.event_type_id)
     FROM rollup_hour r WHERE r.hour = ANY($1::timestamptz[])
     GROUP BY r.hour, r.edge, r.channel_id, r.service_id`,
    [hours],
  );
}
