// Bookkeeping of pushes: the ids the agent acknowledged become `sent` (taken, its outcome still to
// come); each push's attempt is counted as its page is read (pendingCommands' countAttempt).
// Finished commands are never touched here.
import { pool } from "@/lib/db/client";

export async function noteCommandsReceived(
  collectorId: string,
  commandIds: readonly string[],
): Promise<void> {
  if (commandIds.length === 0) return;
  await pool().query(
    `UPDATE collector_commands SET state = 'sent', sent_at = now()
     WHERE collector_id = $1 AND id = ANY($2::uuid[]) AND state = 'pending'`,
    [collectorId, commandIds],
  );
}
