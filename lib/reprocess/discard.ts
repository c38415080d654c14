// POST /api/v1/dead-letters/discard: the chosen dead letters become `discarded` (hidden from the DLQ
// page's default view, purgeable). One being reprocessed cannot be discarded: explicit ids are
// refused naming it; a filter or group leaves it out and counts it. Discarding twice changes
// nothing the second time, so a repeated call is harmless.
import { withTransaction } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { selectorOf, type DiscardBody } from "@/lib/reprocess/schemas";
import { listIds, auditSelected, lockSelected } from "@/lib/reprocess/selector-sql";
import type { Requester } from "@/lib/reprocess/who";

export type Discarded = { discarded: number; skipped: { running: number; alreadyDiscarded: number } };

export async function discardDeadLetters(body: DiscardBody, who: Requester): Promise<Discarded> {
  const selector = selectorOf(body);
  return withTransaction(async (db) => {
    const rows = await lockSelected(db, selector);
    if ("ids" in selector) {
      const busy = rows.filter((r) => r.state === "reprocessing").map((r) => r.id);
      if (busy.length > 0)
        throw new AppError(
          "conflict",
          `dead letter ${listIds(busy)} is being reprocessed; cancel its request or wait for it to finish`,
          { ids: busy },
        );
    }
    const take = rows.filter((r) => r.state !== "reprocessing" && r.state !== "discarded").map((r) => r.id);
    const result: Discarded = {
      discarded: take.length,
      skipped: {
        running: rows.filter((r) => r.state === "reprocessing").length,
        alreadyDiscarded: rows.filter((r) => r.state === "discarded").length,
      },
    };
    if (take.length === 0) return result;
    await db.query("UPDATE dead_letters SET state = 'discarded' WHERE id = ANY($1::uuid[])", [take]);
    await auditSelected(db, {
      who,
      action: "dlq.discarded",
      selector,
      taken: take,
      skipped: result.skipped,
      idempotencyKey: body.idempotencyKey,
    });
    return result;
  });
}
