// The statement that writes a batch of commands at a time — a batch of results — against real
// Postgres: the rules that an item in flight is a whole command (what the push relies on) and is
// open exactly while it has no finish time (what the results test), and that with statistics counting no item in flight (the usual case: most items are long
// finished) it still finds its items by command id instead of walking every item in flight of the
// collector. (A push writes nothing: server/collectors-dispatch.ts.)
import { randomBytes, randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createCollectorToken } from "@/lib/auth/collector-tokens";
import { FINISH_COMMANDS_SQL, recordCommandResults } from "@/lib/collectors/record-command-results";
import { pool, queryByPrimaryKey } from "@/lib/db/client";
import { planNodes, type Explained } from "@/lib/testing/query-plan";
import { createTestDatabase, type TestDatabase } from "@/lib/testing/test-db";

let db: TestDatabase;
let collectorId: string;
beforeAll(async () => {
  db = await createTestDatabase();
  // The statistics are the test's to set: no autovacuum ANALYZE in between.
  await pool().query("ALTER TABLE reprocess_items SET (autovacuum_enabled = false)");
  ({
    collector: { id: collectorId },
  } = await createCollectorToken(`agent-${randomBytes(4).toString("hex")}`));
});
afterAll(async () => db.drop());

/** A request to hang items on (the bench's and the importer's are as bare); its id. */
async function request(): Promise<string> {
  const id = randomUUID();
  await pool().query(
    `INSERT INTO reprocess_requests (id, idempotency_key, body_hash, selector, rate_per_second)
     VALUES ($1::uuid, $1::text, 'test', '{}', 1)`,
    [id],
  );
  return id;
}

/**
 * `n` commands of the collector — items handed over to it, in flight or finished — their command
 * ids. No dead letter: purged ones look the same.
 */
async function commands(n: number, state: "sent" | "succeeded" = "sent"): Promise<string[]> {
  const ids = Array.from({ length: n }, () => randomUUID());
  await pool().query(
    `INSERT INTO reprocess_items (request_id, position, previous_state, state, command_id, collector_id, destination,
                                  sent_at, finished_at)
     SELECT $2, u.ord::int, 'pending', $4, u.id, $3, '{"channel":"orders"}', now(),
            CASE WHEN $4 = 'sent' THEN NULL ELSE now() END
     FROM unnest($1::uuid[]) WITH ORDINALITY AS u(id, ord)`,
    [ids, await request(), collectorId, state],
  );
  return ids;
}

/** An item not handed over yet: none of its command's columns; where it is. */
async function pendingItem(): Promise<{ requestId: string; position: number }> {
  const requestId = await request();
  await pool().query(
    "INSERT INTO reprocess_items (request_id, position, previous_state) VALUES ($1, 1, 'pending')",
    [requestId],
  );
  return { requestId, position: 1 };
}

async function row(commandId: string) {
  const { rows } = await pool().query<{
    state: string;
    error: string | null;
    possible_duplicate: boolean;
    finished_at: Date | null;
  }>("SELECT state, error, possible_duplicate, finished_at FROM reprocess_items WHERE command_id = $1", [
    commandId,
  ]);
  return rows[0];
}

const refusedByTheCheck = { code: "23514", constraint: "reprocess_items_command_check" };

/**
 * The statement's plan as queryByPrimaryKey runs it: the node types that read reprocess_items and
 * the indexes of that table they use.
 */
async function planOnItems(
  sql: string,
  values: unknown[],
): Promise<{ nodes: string[]; indexes: Set<string> }> {
  const { rows } = await queryByPrimaryKey<Explained>(`EXPLAIN (FORMAT JSON) ${sql}`, values);
  const plan = planNodes(rows);
  return {
    nodes: plan.filter((n) => n["Relation Name"] === "reprocess_items").map((n) => n["Node Type"]),
    indexes: new Set(
      plan.map((n) => n["Index Name"]).filter((i): i is string => !!i?.startsWith("reprocess_items_")),
    ),
  };
}

describe("an item in flight is a whole command", () => {
  it("refuses a sent item without its collector, command id, destination or hand-over time", async () => {
    // Each column alone: the push needs every one of them (lib/collectors/pending-commands.ts).
    const [sent] = await commands(1);
    for (const column of ["collector_id", "command_id", "destination", "sent_at"])
      await expect(
        pool().query(`UPDATE reprocess_items SET ${column} = NULL WHERE command_id = $1`, [sent]),
      ).rejects.toMatchObject(refusedByTheCheck);
    expect(await row(sent!)).toMatchObject({ state: "sent", finished_at: null });

    // A pending item becomes `sent` only together with its command.
    const { requestId, position } = await pendingItem();
    await expect(
      pool().query(
        "UPDATE reprocess_items SET state = 'sent', sent_at = now() WHERE request_id = $1 AND position = $2",
        [requestId, position],
      ),
    ).rejects.toMatchObject(refusedByTheCheck);
    // Not handed over, it has no command, and that is allowed.
    const { rows } = await pool().query<{ state: string }>(
      "SELECT state FROM reprocess_items WHERE request_id = $1 AND position = $2",
      [requestId, position],
    );
    expect(rows).toEqual([{ state: "pending" }]);
  });

  it("refuses an open item with a finish time and a finished one without (the results test finished_at)", async () => {
    const refused = { code: "23514", constraint: "reprocess_items_open_check" };
    const [sent] = await commands(1);
    const [done] = await commands(1, "succeeded");
    await expect(
      pool().query("UPDATE reprocess_items SET finished_at = now() WHERE command_id = $1", [sent]),
    ).rejects.toMatchObject(refused);
    await expect(
      pool().query("UPDATE reprocess_items SET finished_at = NULL WHERE command_id = $1", [done]),
    ).rejects.toMatchObject(refused);
    await expect(
      pool().query("UPDATE reprocess_items SET state = 'failed' WHERE command_id = $1", [sent]),
    ).rejects.toMatchObject(refused);
    expect(await row(sent!)).toMatchObject({ state: "sent", finished_at: null });
  });
});

describe("with statistics taken when no command was open", () => {
  let open: string[];
  beforeAll(async () => {
    await commands(3_000, "succeeded");
    await pool().query("ANALYZE reprocess_items");
    open = await commands(3_000); // unknown to the statistics
  });

  it("a batch of results finds its items by command id", async () => {
    const batch = open.slice(0, 200);
    const plan = await planOnItems(FINISH_COMMANDS_SQL, [
      collectorId,
      batch,
      batch.map(() => true),
      batch.map(() => null),
      batch.map(() => false),
    ]);
    expect(plan.nodes).not.toContain("Seq Scan");
    expect([...plan.indexes]).toEqual(["reprocess_items_command_id_key"]);
  });

  it("still records what it should", async () => {
    const batch = open.slice(2_200, 2_300);
    expect(await row(batch[0]!)).toMatchObject({ state: "sent", finished_at: null });
    const recorded = await recordCommandResults(
      collectorId,
      batch.map((id, i) => ({
        commandId: id,
        ok: i % 2 === 0,
        error: "boom",
        possibleDuplicate: i === 0,
        at: new Date().toISOString(),
      })),
    );
    expect(recorded).toEqual({ applied: 100, ignored: 0, possibleDuplicates: 1 });
    expect(await row(batch[0]!)).toMatchObject({
      state: "succeeded",
      error: null,
      possible_duplicate: true,
      finished_at: expect.any(Date),
    });
    expect(await row(batch[1]!)).toMatchObject({
      state: "failed",
      error: "boom",
      possible_duplicate: false,
      finished_at: expect.any(Date),
    });
  });
});
