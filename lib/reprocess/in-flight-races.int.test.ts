// Races on real Postgres between the writers that decide whether a dead letter is in flight. Nothing
// in its row says so (an open reprocess item does: lib/dead-letters/filter.ts), so a writer that
// waited for another's row lock must read the items after it got the lock: the statement that waited
// still sees the snapshot it started with. Each test holds one side's transaction open until the
// other is seen waiting for the lock, then commits it.
import { randomUUID } from "node:crypto";
import type pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { storeDeadLetter } from "@/lib/collectors/test-factories";
import { pool } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { requestReprocess } from "@/lib/reprocess/create-request";
import { discardDeadLetters } from "@/lib/reprocess/discard";
import { discardBodySchema, reprocessBodySchema } from "@/lib/reprocess/schemas";
import { SYSTEM } from "@/lib/reprocess/who";
import { putInFlight } from "@/lib/testing/in-flight";
import { createTestDatabase, type TestDatabase } from "@/lib/testing/test-db";

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(async () => db.drop());

/** Runs `first` in a transaction, starts `second`, commits once `second` waits for a lock; its outcome. */
async function race<T>(first: (c: pg.PoolClient) => Promise<void>, second: () => Promise<T>) {
  const c = await pool().connect();
  try {
    await c.query("BEGIN");
    await first(c);
    const outcome = second().then(
      (value) => ({ value }),
      (error: unknown) => ({ error }),
    );
    for (let waited = 0; !(await someoneWaits()); waited += 20) {
      if (waited > 10_000) throw new Error("the second writer never waited for the lock");
      await new Promise((r) => setTimeout(r, 20));
    }
    await c.query("COMMIT");
    return await outcome;
  } finally {
    c.release();
  }
}

async function someoneWaits(): Promise<boolean> {
  const { rows } = await pool().query(
    "SELECT 1 FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'",
  );
  return rows.length > 0;
}

/** What request creation does to a dead letter: locks it and gives it an open item (its row is not written). */
async function takeForRequest(c: pg.PoolClient, id: string): Promise<void> {
  await c.query("SELECT 1 FROM dead_letters WHERE id = $1 FOR UPDATE", [id]);
  await putInFlight([id], c);
}

describe("a writer that waited for a request's creation sees its items", () => {
  it("a discard by id refuses the dead letter as being reprocessed", async () => {
    const id = await storeDeadLetter();
    const out = await race(
      (c) => takeForRequest(c, id),
      () => discardDeadLetters(discardBodySchema.parse({ ids: [id] }), SYSTEM),
    );
    expect("error" in out && out.error).toBeInstanceOf(AppError);
    expect("error" in out && (out.error as AppError).message).toMatch(/is being reprocessed/);
    const { rows } = await pool().query("SELECT state FROM dead_letters WHERE id = $1", [id]);
    expect(rows[0]).toEqual({ state: "pending" });
  });

  it("a second request skips it as running", async () => {
    const broker = `race-${randomUUID().slice(0, 8)}`;
    const id = await storeDeadLetter({ broker });
    const out = await race(
      (c) => takeForRequest(c, id),
      () =>
        requestReprocess(
          reprocessBodySchema.parse({ filter: { broker }, idempotencyKey: randomUUID() }),
          SYSTEM,
        ),
    );
    expect("error" in out && (out.error as AppError).message).toMatch(/1 already in a running request/);
  });
});

describe("a request that waited for a discard sees the dead letter discarded", () => {
  it("refuses it by id", async () => {
    const id = await storeDeadLetter();
    const out = await race(
      async (c) => {
        await c.query("UPDATE dead_letters SET state = 'discarded' WHERE id = $1", [id]);
      },
      () => requestReprocess(reprocessBodySchema.parse({ ids: [id], idempotencyKey: randomUUID() }), SYSTEM),
    );
    expect("error" in out && (out.error as AppError).message).toMatch(/is discarded/);
    const { rows } = await pool().query(
      "SELECT count(*)::int AS n FROM reprocess_items WHERE dead_letter_id = $1",
      [id],
    );
    expect(rows[0]).toEqual({ n: 0 });
  });
});
