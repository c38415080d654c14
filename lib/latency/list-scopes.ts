// What the Latency page's scope pickers offer: event types, channels (with their broker) and
// services that have rollups, read from the small dimension tables (dead-letter queues left out:
// their latency is the original channel's).
import "server-only";
import { pool } from "@/lib/db/client";
import type { LatencyScopes } from "@/lib/latency/api-types";

export const SCOPE_LIMIT = 1000;

export async function listLatencyScopes(): Promise<LatencyScopes> {
  const db = pool();
  const [types, channels, services] = await Promise.all([
    db.query<{ name: string }>(`SELECT name FROM event_types ORDER BY name LIMIT $1`, [SCOPE_LIMIT]),
    db.query<{ id: number; name: string; broker: string }>(
      `SELECT c.id, c.name, b.name AS broker FROM channels c JOIN brokers b ON b.id = c.broker_id
       WHERE NOT c.is_dead_letter ORDER BY b.name, c.name LIMIT $1`,
      [SCOPE_LIMIT],
    ),
    db.query<{ name: string }>(`SELECT name FROM services ORDER BY name LIMIT $1`, [SCOPE_LIMIT]),
  ]);
  return {
    types: types.rows.map((r) => r.name),
    channels: channels.rows,
    services: services.rows.map((r) => r.name),
  };
}
