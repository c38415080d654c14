// Migration 20261213000000_reprocess_progress_deltas on a database with requests in flight: from
// then on counters only move by deltas, so the migration makes the unfinished requests' counters
// exact (they lagged the items by up to a refresh) and finishes those with nothing open; finished
// requests are left as they were.
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, expect, it } from "vitest";
import { pool } from "@/lib/db/client";
import { databaseBefore, type DatabaseBefore } from "@/lib/testing/migration-step";

const MIGRATION = "20261213000000_reprocess_progress_deltas";

let db: DatabaseBefore;
beforeAll(async () => {
  db = await databaseBefore(MIGRATION);
});
afterAll(async () => db.drop());

/** A request whose stored counters are `stored`, with items in these states (finished ones with a command). */
async function request(o: { items: string[]; stored?: number; finished?: boolean }): Promise<string> {
  const id = randomUUID();
  const n = o.stored ?? 0;
  await pool().query(
    `INSERT INTO reprocess_requests (id, idempotency_key, body_hash, selector, rate_per_second, total,
                                     sent, succeeded, failed, cancelled, state, finished_at)
     VALUES ($1::uuid, $1::text, 'h', '{}', 200, $2, $3, $3, $3, $3, $4, CASE WHEN $5 THEN now() END)`,
    [id, o.items.length, n, o.finished ? "done" : "running", o.finished ?? false],
  );
  await pool().query(
    `INSERT INTO reprocess_items (request_id, position, state, previous_state, command_id, finished_at)
     SELECT $1, p::int, s, 'pending', CASE WHEN s IN ('succeeded', 'failed') THEN gen_random_uuid() END,
            CASE WHEN s <> 'pending' THEN now() END
     FROM unnest($2::text[]) WITH ORDINALITY AS u(s, p)`,
    [id, o.items],
  );
  return id;
}

async function counters(id: string) {
  const { rows } = await pool().query(
    `SELECT sent, succeeded, failed, cancelled, state, finished_at IS NOT NULL AS finished
     FROM reprocess_requests WHERE id = $1`,
    [id],
  );
  return rows[0];
}

it("recounts the unfinished requests once, finishing those with nothing open, and keeps finished ones", async () => {
  const lagging = await request({ items: ["succeeded", "failed", "cancelled", "pending"] });
  const allDone = await request({ items: ["succeeded", "succeeded"] });
  const finished = await request({ items: ["succeeded"], stored: 7, finished: true });

  expect(await db.migrateAcross()).toEqual([MIGRATION]);

  expect(await counters(lagging)).toEqual({
    sent: 2,
    succeeded: 1,
    failed: 1,
    cancelled: 1,
    state: "running",
    finished: false,
  });
  expect(await counters(allDone)).toEqual({
    sent: 2,
    succeeded: 2,
    failed: 0,
    cancelled: 0,
    state: "done",
    finished: true,
  });
  // Not recounted: a finished request's counters were final (7 stands for "whatever it was").
  expect(await counters(finished)).toMatchObject({ succeeded: 7, state: "done", finished: true });
  // And from now on the items' changes are recorded.
  await pool().query(
    "UPDATE reprocess_items SET state = 'succeeded', finished_at = now() WHERE request_id = $1 AND state = 'pending'",
    [lagging],
  );
  const { rows } = await pool().query("SELECT request_id, succeeded FROM reprocess_progress_deltas");
  expect(rows).toEqual([{ request_id: lagging, succeeded: 1 }]);
});
