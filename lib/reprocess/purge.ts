// POST /api/v1/dead-letters/purge: deletes from the store the dead letters matching a filter that are
// finished with — discarded or reprocessed — never one being reprocessed (a reprocessed one again,
// with force) or still waiting. The caller sends the count it showed the user; if the store changed
// since, nothing is deleted (409 with the new count, to confirm again). Reprocess history survives: finished commands and request items keep
// their rows with the dead letter's id cleared (ON DELETE SET NULL).
import { recordAudit } from "@/lib/audit/record-audit";
import { pool, withTransaction } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import type { DeadLetterFilter } from "@/lib/dead-letters/filter";
import { filterSql } from "@/lib/dead-letters/filter";
import type { PurgeBody } from "@/lib/reprocess/schemas";
import type { Requester } from "@/lib/reprocess/who";

/** The states a purge may delete, whatever the filter asks for. */
export const PURGEABLE_STATES = ["discarded", "reprocessed"] as const;

function purgeWhere(filter: DeadLetterFilter, values: unknown[]): string {
  const purgeable = (s: string) => (PURGEABLE_STATES as readonly string[]).includes(s);
  if (filter.state && !filter.state.some(purgeable))
    throw new AppError(
      "bad_request",
      "filter.state: only discarded or reprocessed dead letters can be purged",
      [{ path: "filter.state", message: "must include discarded or reprocessed" }],
    );
  const state = (filter.state ?? PURGEABLE_STATES).filter(purgeable) as DeadLetterFilter["state"];
  return filterSql({ ...filter, state }, values);
}

/** How many a purge with this filter would delete now (what the confirmation shows). */
export async function countPurgeable(filter: DeadLetterFilter): Promise<number> {
  const values: unknown[] = [];
  const { rows } = await pool().query<{ n: number }>(
    `SELECT count(*)::int AS n FROM dead_letters d WHERE ${purgeWhere(filter, values)}`,
    values,
  );
  return rows[0]!.n;
}

export async function purgeDeadLetters(body: PurgeBody, who: Requester): Promise<{ purged: number }> {
  return withTransaction(async (db) => {
    const values: unknown[] = [];
    const where = purgeWhere(body.filter, values);
    const { rows } = await db.query<{ id: string }>(
      `SELECT d.id FROM dead_letters d WHERE ${where} ORDER BY d.id FOR UPDATE OF d`,
      values,
    );
    if (rows.length !== body.confirm)
      throw new AppError(
        "conflict",
        `the filter now matches ${rows.length} purgeable dead letters, not the ${body.confirm} you confirmed; confirm again`,
        { count: rows.length },
      );
    const ids = rows.map((r) => r.id);
    // One a request took while this waited for its lock stays (dead_letters_keep_in_flight): the
    // count is what went.
    const { rowCount } = await db.query("DELETE FROM dead_letters WHERE id = ANY($1::uuid[])", [ids]);
    const purged = rowCount ?? 0;
    await recordAudit(
      {
        actor: who.actor,
        ip: who.ip,
        action: "dlq.purged",
        details: { count: purged, filter: body.filter },
      },
      db,
    );
    return { purged };
  });
}
