// The statement that writes a batch of commands at a time — a batch of results — against real
// Postgres: the open/finished rule it relies on, and that with statistics counting no open command
// (the usual case: most commands are long finished) it still finds its commands by primary key
// instead of walking every open command of the collector. (A push writes nothing:
// server/collectors-dispatch.ts.)
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
  await pool().query("ALTER TABLE collector_commands SET (autovacuum_enabled = false)");
  ({
    collector: { id: collectorId },
  } = await createCollectorToken(`agent-${randomBytes(4).toString("hex")}`));
});
afterAll(async () => db.drop());

/** `n` commands of the collector (no dead letter: purged ones look the same), their ids. */
async function commands(n: number, state: "pending" | "succeeded" = "pending"): Promise<string[]> {
  const ids = Array.from({ length: n }, () => randomUUID());
  await pool().query(
    `INSERT INTO collector_commands (id, collector_id, destination, state, finished_at)
     SELECT id, $2, '{"channel":"orders"}', $3, CASE WHEN $3 = 'pending' THEN NULL ELSE now() END
     FROM unnest($1::uuid[]) AS id`,
    [ids, collectorId, state],
  );
  return ids;
}

async function row(id: string) {
  const { rows } = await pool().query<{ state: string; attempts: number; finished_at: Date | null }>(
    "SELECT state, attempts, finished_at FROM collector_commands WHERE id = $1",
    [id],
  );
  return rows[0];
}

/**
 * The statement's plan as queryByPrimaryKey runs it: the node types that read collector_commands and
 * the indexes of that table they use.
 */
async function planOnCommands(
  sql: string,
  values: unknown[],
): Promise<{ nodes: string[]; indexes: Set<string> }> {
  const { rows } = await queryByPrimaryKey<Explained>(`EXPLAIN (FORMAT JSON) ${sql}`, values);
  const plan = planNodes(rows);
  return {
    nodes: plan.filter((n) => n["Relation Name"] === "collector_commands").map((n) => n["Node Type"]),
    indexes: new Set(
      plan.map((n) => n["Index Name"]).filter((i): i is string => !!i?.startsWith("collector_commands_")),
    ),
  };
}

describe("collector_commands' open rule", () => {
  it("refuses an open command with a finish time and a finished one without", async () => {
    const [open] = await commands(1);
    await expect(
      pool().query("UPDATE collector_commands SET finished_at = now() WHERE id = $1", [open]),
    ).rejects.toMatchObject({ code: "23514", constraint: "collector_commands_open_check" });
    await expect(
      pool().query("UPDATE collector_commands SET state = 'failed' WHERE id = $1", [open]),
    ).rejects.toMatchObject({ code: "23514" });
    expect(await row(open!)).toMatchObject({ state: "pending", finished_at: null });
  });
});

describe("with statistics taken when no command was open", () => {
  let open: string[];
  beforeAll(async () => {
    await commands(3_000, "succeeded");
    await pool().query("ANALYZE collector_commands");
    open = await commands(3_000); // unknown to the statistics
  });

  it("a batch of results finds its commands by primary key", async () => {
    const batch = open.slice(0, 200);
    const plan = await planOnCommands(FINISH_COMMANDS_SQL, [
      collectorId,
      batch,
      batch.map(() => true),
      batch.map(() => null),
      batch.map(() => false),
    ]);
    expect(plan.nodes).not.toContain("Seq Scan");
    expect([...plan.indexes]).toEqual(["collector_commands_pkey"]);
  });

  it("still records what it should, each command pushed at least once", async () => {
    const batch = open.slice(2_200, 2_300);
    expect(await row(batch[0]!)).toMatchObject({ state: "pending", attempts: 0 });
    const recorded = await recordCommandResults(
      collectorId,
      batch.map((id, i) => ({ commandId: id, ok: i % 2 === 0, error: "boom", at: new Date().toISOString() })),
    );
    expect(recorded).toMatchObject({ applied: 100, ignored: 0 });
    expect(await row(batch[0]!)).toMatchObject({ state: "succeeded", attempts: 1 });
    expect(await row(batch[1]!)).toMatchObject({ state: "failed", attempts: 1 });
  });
});
