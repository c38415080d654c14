// dead_letter_counts (migration 20261205100000_dead_letter_counts) stays equal to a recount of
// dead_letters through everything that writes them: ingest (with duplicates), discard (including
// the members that held a cell's oldest and newest failure), purge, plain UPDATE / DELETE,
// concurrent writers on the same cells, and TRUNCATE. And the groups and facets
// read from it equal the ones aggregated from dead_letters itself, a reprocess request's dead letters
// (in flight: stored cells untouched) counted under reprocessing by both.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { pool } from "@/lib/db/client";
import { deadLetterFilterSchema } from "@/lib/dead-letters/filter";
import { listFacets } from "@/lib/dead-letters/list-facets";
import { countsAnswer, listGroups } from "@/lib/dead-letters/list-groups";
import { deadLetterGroupsSchema } from "@/lib/dead-letters/schemas";
import { ingestBody } from "@/lib/ingest/ingest-batch";
import { makeDeadLetter, recentIso } from "@/lib/ingest/test-factories";
import { cancelReprocess } from "@/lib/reprocess/cancel-request";
import { requestReprocess } from "@/lib/reprocess/create-request";
import { discardDeadLetters } from "@/lib/reprocess/discard";
import { countPurgeable, purgeDeadLetters } from "@/lib/reprocess/purge";
import { discardBodySchema, reprocessBodySchema } from "@/lib/reprocess/schemas";
import { SYSTEM } from "@/lib/reprocess/who";
import { createTestDatabase, type TestDatabase } from "@/lib/testing/test-db";

let db: TestDatabase;

const CELL_COLUMNS = `group_id, state, channel_id, broker_id, event_type, reason, n,
  to_char(first_seen, 'YYYY-MM-DD"T"HH24:MI:SS.MS') AS first_seen, to_char(last_seen, 'YYYY-MM-DD"T"HH24:MI:SS.MS') AS last_seen`;

async function counted(): Promise<unknown[]> {
  const { rows } = await pool().query(
    `SELECT ${CELL_COLUMNS} FROM dead_letter_counts ORDER BY group_id, state, channel_id`,
  );
  return rows;
}

async function recounted(): Promise<unknown[]> {
  const { rows } = await pool().query(
    `SELECT ${CELL_COLUMNS} FROM (
       SELECT group_id, state, channel_id, min(broker_id) AS broker_id, min(event_type) AS event_type,
              min(reason) AS reason, count(*)::int AS n, min(first_failed_at) AS first_seen, max(last_failed_at) AS last_seen
       FROM dead_letters GROUP BY 1, 2, 3) r
     ORDER BY group_id, state, channel_id`,
  );
  return rows;
}

async function expectExact(): Promise<void> {
  const expected = await recounted();
  expect(await counted()).toEqual(expected);
}

/** 60 dead letters over 2 brokers, 3 DLQs, 4 groups, with spread failure times. */
function batch(prefix: string, offsetMs: number) {
  return Array.from({ length: 60 }, (_, i) =>
    makeDeadLetter({
      id: `${prefix}-${i}`,
      broker: i % 3 === 0 ? "nats" : "rabbit",
      channel: i % 2 === 0 ? "orders.dlq" : "payments.dlq",
      type: i % 4 === 0 ? undefined : `Type${i % 2}`,
      reason: i % 5 === 0 ? "expired" : "error",
      error: `Order ${i} failed after ${i * 10} ms`,
      firstFailedAt: recentIso(offsetMs + i * 1000 - 500),
      failedAt: recentIso(offsetMs + i * 1000),
    }),
  );
}

const ids = async (where: string): Promise<string[]> =>
  (await pool().query<{ id: string }>(`SELECT id FROM dead_letters WHERE ${where} ORDER BY id`)).rows.map(
    (r) => r.id,
  );

beforeAll(async () => {
  db = await createTestDatabase();
});

afterAll(async () => {
  await db.drop();
});

describe("dead_letter_counts", () => {
  it("counts what ingest stores, once, duplicates included", async () => {
    await ingestBody(JSON.stringify({ deadLetters: batch("a", 0) }));
    // The same 60 again (a collector retrying) plus 30 new ones in the same statement.
    await ingestBody(JSON.stringify({ deadLetters: [...batch("a", 0), ...batch("b", 500).slice(0, 30)] }));
    const { rows } = await pool().query<{ n: number }>("SELECT sum(n)::int AS n FROM dead_letter_counts");
    expect(rows[0]!.n).toBe(90);
    await expectExact();
  });

  it("counts a reprocess request's dead letters under reprocessing in the groups, their stored cells untouched", async () => {
    const before = await counted();
    const { requestId } = await requestReprocess(
      reprocessBodySchema.parse({ filter: { reason: "error" }, idempotencyKey: "counts-1" }),
      SYSTEM,
    );
    // Nothing stored changed: in flight is an open item, not a state (lib/dead-letters/filter.ts).
    expect(await counted()).toEqual(before);
    await expectExact();
    const { rows: open } = await pool().query<{ group_id: string; n: number }>(
      `SELECT d.group_id, count(*)::int AS n FROM reprocess_items i JOIN dead_letters d ON d.id = i.dead_letter_id
       WHERE i.request_id = $1 AND i.state = 'pending' GROUP BY 1 ORDER BY 1`,
      [requestId],
    );
    expect(open.length).toBeGreaterThan(0);
    const everything = { from: "2000-01-01T00:00:00Z" };
    for (const f of [
      {},
      { state: "reprocessing" },
      { state: "pending" },
      { state: "pending,reprocessing" },
    ]) {
      const fast = await listGroups(deadLetterGroupsSchema.parse({ ...f, sort: "lastSeen" }));
      // The counts table and the aggregate over dead_letters agree on what is in flight.
      expect(fast).toEqual(
        await listGroups(deadLetterGroupsSchema.parse({ ...f, ...everything, sort: "lastSeen" })),
      );
      expect(await listFacets(deadLetterFilterSchema.parse(f))).toEqual(
        await listFacets(deadLetterFilterSchema.parse({ ...f, ...everything })),
      );
      const reprocessing = fast.groups
        .filter((g) => g.states.reprocessing)
        .map((g) => ({ group_id: g.groupId, n: g.states.reprocessing }))
        .sort((a, b) => a.group_id.localeCompare(b.group_id));
      expect(reprocessing).toEqual(f.state === "pending" ? [] : open);
      // A group's count is the sum of the states it shows, none of them twice.
      for (const g of fast.groups)
        expect(Object.values(g.states).reduce((a, b) => a + (b ?? 0), 0)).toBe(g.count);
    }
    await cancelReprocess(requestId, SYSTEM);
    const after = await listGroups(deadLetterGroupsSchema.parse({ sort: "lastSeen" }));
    expect(after.groups.filter((g) => g.states.reprocessing)).toEqual([]);
    expect(await counted()).toEqual(before);
  });

  it("recomputes a cell's oldest and newest failure when the members holding them are discarded", async () => {
    // The oldest first failure and the newest last failure of one cell, discarded together.
    const { rows: bounds } = await pool().query<{ lo: string; hi: string }>(
      `SELECT (SELECT id FROM dead_letters d WHERE d.group_id = c.group_id AND d.state = c.state AND d.channel_id = c.channel_id
               ORDER BY first_failed_at LIMIT 1) AS lo,
              (SELECT id FROM dead_letters d WHERE d.group_id = c.group_id AND d.state = c.state AND d.channel_id = c.channel_id
               ORDER BY last_failed_at DESC LIMIT 1) AS hi
       FROM dead_letter_counts c WHERE c.n >= 3 ORDER BY c.n DESC LIMIT 1`,
    );
    const { lo, hi } = bounds[0]!;
    const before = await counted();
    await discardDeadLetters(discardBodySchema.parse({ ids: [lo, hi] }), SYSTEM);
    expect(await counted()).not.toEqual(before);
    await expectExact();
    // A whole cell discarded empties it (its row goes, none stays at 0).
    await discardDeadLetters(
      discardBodySchema.parse({ filter: { broker: "nats", reason: "expired" } }),
      SYSTEM,
    );
    await expectExact();
    const zero = await pool().query("SELECT 1 FROM dead_letter_counts WHERE n <= 0");
    expect(zero.rowCount).toBe(0);
  });

  it("keeps a bound that members share while one of them stays, and recomputes it when the last goes", async () => {
    // A burst: two members of one cell failed first at the same instant (a bulk reprocess moves such
    // members batch by batch, and only the last batch holding the bound needs a recount).
    const { rows: cell } = await pool().query<{ group_id: string; state: string; channel_id: number }>(
      "SELECT group_id, state, channel_id FROM dead_letter_counts WHERE state = 'pending' AND n >= 4 ORDER BY n DESC LIMIT 1",
    );
    const { group_id, state, channel_id } = cell[0]!;
    // The two that failed last the earliest: neither holds the cell's newest failure.
    const { rows: members } = await pool().query<{ id: string }>(
      "SELECT id FROM dead_letters WHERE group_id = $1 AND state = $2 AND channel_id = $3 ORDER BY last_failed_at, id LIMIT 2",
      [group_id, state, channel_id],
    );
    const [a, b] = members.map((m) => m.id);
    await pool().query(
      "UPDATE dead_letters SET first_failed_at = now() - interval '3 days' WHERE id = ANY($1::uuid[])",
      [[a, b]],
    );
    await expectExact();
    await discardDeadLetters(discardBodySchema.parse({ ids: [a] }), SYSTEM);
    await expectExact();
    await discardDeadLetters(discardBodySchema.parse({ ids: [b] }), SYSTEM);
    await expectExact();
  });

  it("follows a purge", async () => {
    const filter = deadLetterFilterSchema.parse({ state: "discarded" });
    const confirm = await countPurgeable(filter);
    expect(confirm).toBeGreaterThan(0);
    await purgeDeadLetters({ filter, confirm }, SYSTEM);
    const { rowCount } = await pool().query("SELECT 1 FROM dead_letter_counts WHERE state = 'discarded'");
    expect(rowCount).toBe(0);
    await expectExact();
  });

  it("follows plain UPDATEs of times, cells and other columns, and DELETEs", async () => {
    const some = await ids("state = 'pending'");
    await pool().query("UPDATE dead_letters SET attempts = attempts + 1 WHERE id = ANY($1::uuid[])", [some]);
    await expectExact();
    await pool().query(
      "UPDATE dead_letters SET last_failed_at = last_failed_at + interval '1 hour' WHERE id = ANY($1::uuid[])",
      [some.slice(0, 5)],
    );
    await expectExact();
    await pool().query(
      "UPDATE dead_letters SET first_failed_at = first_failed_at + interval '1 second', last_failed_at = last_failed_at - interval '2 hours' WHERE id = ANY($1::uuid[])",
      [some.slice(0, 10)],
    );
    await expectExact();
    // Moves to another group (new error text) and another DLQ in one statement.
    // (A DLQ's broker is the dead letter's broker: they move together.)
    const { rows: dlq } = await pool().query<{ id: number; broker_id: number }>(
      "SELECT id, broker_id FROM channels WHERE name = 'payments.dlq' ORDER BY id LIMIT 1",
    );
    await pool().query(
      "UPDATE dead_letters SET error_text = 'something else entirely', channel_id = $2, broker_id = $3 WHERE id = ANY($1::uuid[])",
      [some.slice(10, 20), dlq[0]!.id, dlq[0]!.broker_id],
    );
    await expectExact();
    await pool().query("DELETE FROM dead_letters WHERE id = ANY($1::uuid[])", [some.slice(20, 25)]);
    await expectExact();
  });

  it("stays exact under concurrent writers on the same cells", async () => {
    const pending = await ids("state = 'pending'");
    await Promise.all([
      ...[0, 1, 2, 3].map((k) => ingestBody(JSON.stringify({ deadLetters: batch(`c${k}`, 100_000 + k) }))),
      pool().query("UPDATE dead_letters SET state = 'failed_again' WHERE id = ANY($1::uuid[])", [
        pending.slice(0, 15),
      ]),
      pool().query("UPDATE dead_letters SET state = 'reprocessed' WHERE id = ANY($1::uuid[])", [
        pending.slice(15, 30),
      ]),
      pool().query("DELETE FROM dead_letters WHERE id = ANY($1::uuid[])", [pending.slice(30, 35)]),
    ]);
    await expectExact();
  });

  it("answers the groups and facets exactly as the aggregate over dead_letters", async () => {
    // A time range that holds everything sends the same question to the aggregate over dead_letters.
    const everything = { from: "2000-01-01T00:00:00Z" };
    for (const f of [
      {},
      { reason: "error" },
      { broker: "nats" },
      { state: "pending,failed_again" },
      { untyped: "1" },
    ]) {
      const fast = deadLetterGroupsSchema.parse({ ...f, sort: "lastSeen" });
      const slow = deadLetterGroupsSchema.parse({ ...f, ...everything, sort: "lastSeen" });
      expect(countsAnswer(fast)).toBe(true);
      expect(countsAnswer(slow)).toBe(false);
      const groups = await listGroups(fast);
      expect(groups.totalGroups).toBeGreaterThan(0);
      expect(groups).toEqual(await listGroups(slow));
      expect(await listFacets(deadLetterFilterSchema.parse(f))).toEqual(
        await listFacets(deadLetterFilterSchema.parse({ ...f, ...everything })),
      );
    }
  });

  // Postgres guesses the update trigger's join of its transition tables at rows² / 200 and JIT-compiled
  // it for ~1.8 s on a 20 000-row state change (migration 20261207010001). CREATE OR REPLACE FUNCTION
  // drops a function's SET clauses: a later migration redefining one of these must keep it.
  it("keeps JIT off in its trigger functions", async () => {
    const { rows } = await pool().query<{ proname: string; proconfig: string[] | null }>(
      `SELECT proname, proconfig FROM pg_proc WHERE proname LIKE 'es_dead_letter_counts_%' ORDER BY proname`,
    );
    expect(rows.map((r) => r.proname)).toEqual([
      "es_dead_letter_counts_apply",
      "es_dead_letter_counts_delete",
      "es_dead_letter_counts_insert",
      "es_dead_letter_counts_truncate",
      "es_dead_letter_counts_update",
    ]);
    for (const r of rows.filter((r) => r.proname !== "es_dead_letter_counts_truncate"))
      expect(r.proconfig, r.proname).toContain("jit=off");
  });

  it("is emptied by TRUNCATE", async () => {
    await pool().query("TRUNCATE dead_letters CASCADE");
    expect(await counted()).toEqual([]);
  });
});
