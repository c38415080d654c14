// When an agent's command channel connected and dropped. A drop is recorded only when no newer
// connection of the same collector started meanwhile (a quick reconnect can be accepted before the
// old socket's close is noticed), so the newer connection's state is never overwritten.
import { pool } from "@/lib/db/client";

/** Returns the connection time, which recordDisconnected needs. */
export async function recordConnected(collectorId: string): Promise<Date> {
  const { rows } = await pool().query<{ connected_at: Date }>(
    `UPDATE collectors SET connected_at = now(), disconnected_at = NULL, last_seen_at = now() WHERE id = $1
     RETURNING connected_at`,
    [collectorId],
  );
  return rows[0]?.connected_at ?? new Date();
}

export async function recordDisconnected(collectorId: string, connectedAt: Date): Promise<void> {
  await pool().query(`UPDATE collectors SET disconnected_at = now() WHERE id = $1 AND connected_at <= $2`, [
    collectorId,
    connectedAt,
  ]);
}
