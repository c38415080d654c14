// Dead letters in flight as a reprocess request leaves them (one open item each, their rows as they
// were: lib/dead-letters/filter.ts), for tests of what reads that state — without a collector.
import { randomUUID } from "node:crypto";
import type pg from "pg";
import { pool } from "@/lib/db/client";

/**
 * One running request with a pending item per dead letter (ids, or a WHERE on dead_letters `d`); its
 * id. Pass `db` to do it inside your own transaction.
 */
export async function putInFlight(
  which: readonly string[] | { where: string },
  db: Pick<pg.PoolClient, "query"> = pool(),
): Promise<string> {
  const where = Array.isArray(which) ? "d.id = ANY($2::uuid[])" : (which as { where: string }).where;
  const { rows } = await db.query<{ id: string }>(
    `WITH r AS (INSERT INTO reprocess_requests (id, idempotency_key, body_hash, selector, rate_per_second)
                VALUES ($1::uuid, $1::text, 'test', '{}', 1) RETURNING id)
     INSERT INTO reprocess_items (request_id, position, dead_letter_id, previous_state,
                                  group_id, channel_id, first_failed_at, last_failed_at)
     SELECT r.id, row_number() OVER (ORDER BY d.id), d.id, d.state,
            d.group_id, d.channel_id, d.first_failed_at, d.last_failed_at
     FROM r, dead_letters d WHERE ${where}
     RETURNING request_id AS id`,
    Array.isArray(which) ? [randomUUID(), which] : [randomUUID()],
  );
  if (rows.length === 0) throw new Error("putInFlight: no dead letter matched");
  return rows[0]!.id;
}
