// Stores an agent's heartbeat whole in collectors.status, stamped with the server's receipt time
// (`receivedAt`, what "live" is judged by: agents' clocks drift), and notes the collector as seen.
import type { ParsedHeartbeat } from "@/lib/collectors/schemas";
import { pool } from "@/lib/db/client";

export async function recordHeartbeat(collectorId: string, beat: ParsedHeartbeat): Promise<void> {
  await pool().query(
    `UPDATE collectors SET status = jsonb_set($2::jsonb, '{receivedAt}', to_jsonb(now())), last_seen_at = now()
     WHERE id = $1`,
    [collectorId, JSON.stringify(beat)],
  );
}
