// POST /api/v1/dead-letters/restore: discarded dead letters come back — undoing a discard made by
// mistake, the way an archived failure can be restored in ServicePulse. Each returns to the state its
// reprocess history gives it, which is the state it had when it was discarded: `pending` if it was
// never reprocessed, else `reprocessed` or `failed_again` after its last finished attempt. A filter or
// group means its discarded members (whatever state the filter names); ids that are not discarded
// are counted and left alone, so a repeated call is harmless.
import { withTransaction } from "@/lib/db/client";
import type { DeadLetterState } from "@/lib/dead-letters/filter";
import { selectorOf, type RestoreBody, type Selector } from "@/lib/reprocess/schemas";
import { auditSelected, lockSelected } from "@/lib/reprocess/selector-sql";
import type { Requester } from "@/lib/reprocess/who";

export type Restored = { restored: number; skipped: { notDiscarded: number } };

const DISCARDED: DeadLetterState[] = ["discarded"];

function discardedOf(selector: Selector): Selector {
  if ("ids" in selector) return selector;
  if ("groupId" in selector) return { filter: { groupId: selector.groupId, state: DISCARDED } };
  return { filter: { ...selector.filter, state: DISCARDED } };
}

export async function restoreDeadLetters(body: RestoreBody, who: Requester): Promise<Restored> {
  const selector = selectorOf(body);
  return withTransaction(async (db) => {
    const rows = await lockSelected(db, discardedOf(selector));
    const take = rows.filter((r) => r.state === "discarded").map((r) => r.id);
    const result: Restored = { restored: take.length, skipped: { notDiscarded: rows.length - take.length } };
    if (take.length === 0) return result;
    // The outcome of its newest finished attempt: an item handed to a collector
    // (reprocess_items_dead_letter_id_idx).
    await db.query(
      `UPDATE dead_letters d
       SET state = CASE last.state WHEN 'succeeded' THEN 'reprocessed' WHEN 'failed' THEN 'failed_again' ELSE 'pending' END
       FROM unnest($1::uuid[]) AS t(id)
       LEFT JOIN LATERAL (
         SELECT i.state FROM reprocess_items i
         WHERE i.dead_letter_id = t.id AND i.command_id IS NOT NULL AND i.finished_at IS NOT NULL
         ORDER BY i.sent_at DESC, i.command_id DESC LIMIT 1
       ) last ON true
       WHERE d.id = t.id AND d.state = 'discarded'`,
      [take],
    );
    await auditSelected(db, {
      who,
      action: "dlq.restored",
      selector,
      taken: take,
      skipped: result.skipped,
      idempotencyKey: body.idempotencyKey,
    });
    return result;
  });
}
