// POST /api/v1/reprocess/{id}/cancel: the items not yet handed to a collector are cancelled and their
// dead letters return to the state they had before the request; items already sent finish (a
// collector may be publishing them right now), and the request is finished when they have.
import { recordAudit } from "@/lib/audit/record-audit";
import { withTransaction } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import type { Requester } from "@/lib/reprocess/who";

export type Cancelled = { requestId: string; cancelled: number; stillSending: number };

export async function cancelReprocess(requestId: string, who: Requester): Promise<Cancelled> {
  return withTransaction(async (db) => {
    // FOR UPDATE: waits for a dispatcher round holding the request, so what it sent is settled.
    const { rows } = await db.query<{ state: string }>(
      "SELECT state FROM reprocess_requests WHERE id = $1 FOR UPDATE",
      [requestId],
    );
    const request = rows[0];
    if (!request) throw new AppError("not_found", `no reprocess request ${requestId}`);
    if (request.state !== "running")
      throw new AppError("conflict", `reprocess request ${requestId} is already ${request.state}`);
    const { rows: cancelled } = await db.query<{ n: number }>(
      `WITH c AS (
         UPDATE reprocess_items SET state = 'cancelled', finished_at = now()
         WHERE request_id = $1 AND state = 'pending'
         RETURNING dead_letter_id, previous_state
       ), back AS (
         UPDATE dead_letters d SET state = c.previous_state FROM c WHERE d.id = c.dead_letter_id AND d.state = 'reprocessing'
       )
       SELECT count(*)::int AS n FROM c`,
      [requestId],
    );
    const { rows: open } = await db.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM reprocess_items WHERE request_id = $1 AND state = 'sent'",
      [requestId],
    );
    const n = cancelled[0]!.n;
    const stillSending = open[0]!.n;
    await db.query(
      `UPDATE reprocess_requests SET state = 'cancelled', cancelled = cancelled + $2, updated_at = now(),
         finished_at = CASE WHEN $3::int = 0 THEN now() END
       WHERE id = $1`,
      [requestId, n, stillSending],
    );
    await recordAudit(
      {
        actor: who.actor,
        ip: who.ip,
        action: "dlq.reprocess_cancelled",
        target: `reprocess:${requestId}`,
        details: { requestId, count: n, stillSending },
      },
      db,
    );
    return { requestId, cancelled: n, stillSending };
  });
}
