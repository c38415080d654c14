// Stores what an agent says in its hello: version, broker kind, host, and which broker it serves
// (the broker row is created when this is the first word of it, so commands can be routed to the
// agent before it has ingested anything).
import type { CollectorHello } from "@/lib/collectors/protocol";
import { pool } from "@/lib/db/client";

export async function recordHello(collectorId: string, hello: CollectorHello): Promise<{ name: string }> {
  // A broker first named by ingest has kind 'unknown'; the agent knows better. An existing kind is
  // kept: two agents disagreeing about one broker must not flip it back and forth.
  const { rows } = await pool().query<{ name: string }>(
    `WITH b AS (
       INSERT INTO brokers (name, kind) VALUES ($2, $3)
       ON CONFLICT (name) DO UPDATE SET kind = CASE WHEN brokers.kind = 'unknown' THEN EXCLUDED.kind ELSE brokers.kind END
       RETURNING id
     )
     UPDATE collectors SET version = $4, broker_kind = $3, hostname = $5, broker_id = (SELECT id FROM b), last_seen_at = now()
     WHERE id = $1 RETURNING name`,
    [collectorId, hello.broker, hello.brokerKind, hello.version, hello.hostname],
  );
  const row = rows[0];
  if (!row) throw new Error(`collector ${collectorId} vanished`);
  return row;
}
