// Stores an agent's heartbeat whole in collectors.status, stamped with the server's receipt time
// (`receivedAt`, what "live" is judged by: agents' clocks drift), and notes the collector as seen.
// Its gauges (queue depth, consumer lag, …) also go into gauge_minute (last value in a minute
// wins), so flows and alerts have them as history: channels are resolved by the collector's
// broker and name, consumers by service name; gauges of channels or consumers not seen in traffic
// yet are skipped (a gauge alone would invent topology).
import type { ParsedHeartbeat } from "@/lib/collectors/schemas";
import { pool } from "@/lib/db/client";

export async function recordHeartbeat(collectorId: string, beat: ParsedHeartbeat): Promise<void> {
  const g = beat.gauges;
  await pool().query(
    `WITH c AS (
       UPDATE collectors SET status = jsonb_set($2::jsonb, '{receivedAt}', to_jsonb(now())), last_seen_at = now()
       WHERE id = $1 RETURNING broker_id
     )
     INSERT INTO gauge_minute AS gm (minute, channel_id, consumer_id, name, value)
     SELECT DISTINCT ON (ch.id, COALESCE(s.id, 0), u.n) date_trunc('minute', now()), ch.id, COALESCE(s.id, 0), u.n, u.v
     FROM unnest($3::text[], $4::text[], $5::text[], $6::float8[]) WITH ORDINALITY AS u(ch, co, n, v, i)
     JOIN c ON true
     JOIN channels ch ON ch.broker_id = c.broker_id AND ch.name = u.ch
     LEFT JOIN services s ON s.name = u.co
     WHERE u.co IS NULL OR s.id IS NOT NULL
     ORDER BY ch.id, COALESCE(s.id, 0), u.n, u.i DESC
     ON CONFLICT (minute, channel_id, consumer_id, name) DO UPDATE SET value = EXCLUDED.value`,
    [
      collectorId,
      JSON.stringify(beat),
      g.map((x) => x.channel),
      g.map((x) => x.consumer ?? null),
      g.map((x) => x.name),
      g.map((x) => x.value),
    ],
  );
}
