// POST /api/v1/reprocess/{id}/cancel: the items not yet handed to a collector are cancelled, so their
// dead letters show the state they had before the request again (it was never overwritten); items
// already sent finish (a collector may be publishing them right now), and the request is finished
// when they have.
import { recordAudit } from "@/lib/audit/record-audit";
import { withTransaction } from "@/lib/db/client";
import { ADD_DELTAS } from "@/lib/reprocess/dispatch";
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
         RETURNING 1
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
    // This request's recorded changes, this cancel's included, added to its counters at once (not
    // left to the dispatcher's next refresh): a request with nothing in flight is finished now.
    await db.query(
      `WITH folded AS (
         DELETE FROM reprocess_progress_deltas WHERE request_id = $1
         RETURNING sent, succeeded, failed, cancelled
       ), d AS (
         SELECT coalesce(sum(sent), 0)::int AS sent, coalesce(sum(succeeded), 0)::int AS succeeded,
                coalesce(sum(failed), 0)::int AS failed, coalesce(sum(cancelled), 0)::int AS cancelled
         FROM folded
       )
       UPDATE reprocess_requests r SET ${ADD_DELTAS}, state = 'cancelled'
       FROM d WHERE r.id = $1`,
      [requestId],
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
