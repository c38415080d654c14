// The Collectors page's reprocess column against real Postgres: commands (reprocess items handed
// over to a collector) in flight, and the outcomes of the last day — succeeded, failed, possible
// duplicates — per collector, older ones left out.
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createCollectorToken } from "@/lib/auth/collector-tokens";
import { getCollectors } from "@/lib/collectors/get-collectors";
import { recordCommandResults } from "@/lib/collectors/record-command-results";
import { recordConnected } from "@/lib/collectors/record-connection";
import { recordHello } from "@/lib/collectors/record-hello";
import { makeHello } from "@/lib/collectors/test-agent";
import { storeDeadLetter } from "@/lib/collectors/test-factories";
import { pool } from "@/lib/db/client";
import { handOverAll } from "@/lib/testing/reprocess-now";
import { createTestDatabase, type TestDatabase } from "@/lib/testing/test-db";

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(async () => db.drop());

const unique = (p: string) => `${p}-${randomBytes(4).toString("hex")}`;

async function collectorFor(broker: string) {
  const { collector } = await createCollectorToken(unique("agent"));
  await recordConnected(collector.id);
  await recordHello(collector.id, makeHello({ broker }));
  return collector;
}

/** `n` dead letters of the broker reprocessed, as production does: their command ids. */
async function commandsFor(broker: string, n: number): Promise<string[]> {
  const ids = [];
  for (let i = 0; i < n; i++) ids.push(await storeDeadLetter({ broker }));
  return handOverAll(ids);
}

const row = async (name: string) => (await getCollectors()).collectors.find((c) => c.name === name)!;

describe("a collector's reprocess commands", () => {
  it("counts those in flight and the last day's outcomes, each collector its own", async () => {
    const broker = unique("rmq");
    const collector = await collectorFor(broker);
    const other = await collectorFor(unique("rmq"));
    expect((await row(collector.name)).commands).toEqual({
      open: 0,
      hours: 24,
      succeeded: 0,
      failed: 0,
      possibleDuplicates: 0,
      lastFinishedAt: null,
    });

    const ids = await commandsFor(broker, 6);
    expect((await row(collector.name)).commands).toMatchObject({ open: 6, succeeded: 0, failed: 0 });
    const at = new Date().toISOString();
    const recorded = await recordCommandResults(collector.id, [
      { commandId: ids[0]!, ok: true, at },
      { commandId: ids[1]!, ok: true, at, possibleDuplicate: true },
      { commandId: ids[2]!, ok: false, at, error: "NOT_FOUND - no exchange 'orders'" },
      { commandId: ids[3]!, ok: true, at },
    ]);
    expect(recorded.applied).toBe(4);
    const after = (await row(collector.name)).commands;
    expect(after).toMatchObject({ open: 2, succeeded: 3, failed: 1, possibleDuplicates: 1 });
    expect(Date.now() - Date.parse(after.lastFinishedAt!)).toBeLessThan(60_000);
    // Another collector's results are not this one's.
    expect((await row(other.name)).commands).toMatchObject({ open: 0, succeeded: 0, failed: 0 });

    // Outcomes older than the window drop out of the counts; open commands stay whatever their age.
    await pool().query(
      "UPDATE reprocess_items SET finished_at = now() - interval '25 hours' WHERE command_id = ANY($1::uuid[])",
      [[ids[0], ids[2]]],
    );
    expect((await row(collector.name)).commands).toMatchObject({
      open: 2,
      succeeded: 2,
      failed: 0,
      possibleDuplicates: 1,
    });
  });

  it("can read the window's outcomes from the partial index alone, not from every item ever made", async () => {
    // Tiny test tables are scanned whole anyway: with scans off, this checks the index serves the
    // query. The WHERE is get-collectors.ts's: its `finished_at IS NOT NULL` is the index's predicate.
    const client = await pool().connect();
    try {
      await client.query("BEGIN");
      await client.query("SET LOCAL enable_seqscan = off");
      await client.query("SET LOCAL enable_bitmapscan = off");
      const { rows } = await client.query<{ "QUERY PLAN": string }>(
        `EXPLAIN (COSTS OFF) SELECT count(*) FILTER (WHERE state = 'failed'), count(*) FILTER (WHERE possible_duplicate),
                max(finished_at)
         FROM reprocess_items
         WHERE collector_id = '00000000-0000-0000-0000-000000000000' AND finished_at IS NOT NULL
           AND finished_at > now() - make_interval(hours => 24)`,
      );
      expect(rows.map((r) => r["QUERY PLAN"]).join("\n")).toMatch(
        /Index Only Scan using reprocess_items_finished_commands_idx/,
      );
    } finally {
      await client.query("ROLLBACK");
      client.release();
    }
  });
});
