// POST /api/v1/reprocess/{id}/cancel: the items not yet handed to a collector are cancelled, so their
// dead letters show the state they had before the request again (it was never overwritten); items
// already sent finish (a collector may be publishing them right now), and the request is finished
// when they have.
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
    // Every counter from the items, not `cancelled + n`: the dispatcher records progress about once a
    // second, so items a round just failed may not be counted yet — and a finished request is never
    // recounted (the progress once stayed at 39 of 40 after a cancel).
    await db.query(
      `WITH p AS (
         SELECT count(*) FILTER (WHERE command_id IS NOT NULL)::int AS sent,
                count(*) FILTER (WHERE state = 'succeeded')::int AS succeeded,
                count(*) FILTER (WHERE state = 'failed')::int AS failed,
                count(*) FILTER (WHERE state = 'cancelled')::int AS cancelled
         FROM reprocess_items WHERE request_id = $1
       )
       UPDATE reprocess_requests r SET state = 'cancelled', sent = p.sent, succeeded = p.succeeded, failed = p.failed,
         cancelled = p.cancelled, updated_at = now(), finished_at = CASE WHEN $2::int = 0 THEN now() END
       FROM p WHERE r.id = $1`,
      [requestId, stillSending],
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
