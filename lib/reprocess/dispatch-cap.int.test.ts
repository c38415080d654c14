// The dispatcher's backpressure on real Postgres: however high a request's rate, at most
// MAX_SENT_PER_REQUEST of its items are handed to collectors and unfinished at a time; the rest
// stay pending (so a cancel still stops them) until results come in and free room.
import { randomBytes, randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createCollectorToken } from "@/lib/auth/collector-tokens";
import { recordCommandResults } from "@/lib/collectors/record-command-results";
import { recordConnected } from "@/lib/collectors/record-connection";
import { recordHello } from "@/lib/collectors/record-hello";
import { makeHello } from "@/lib/collectors/test-agent";
import { pool } from "@/lib/db/client";
import { ingestBody } from "@/lib/ingest/ingest-batch";
import { makeDeadLetter } from "@/lib/ingest/test-factories";
import { cancelReprocess } from "@/lib/reprocess/cancel-request";
import { requestReprocess } from "@/lib/reprocess/create-request";
import { dispatchRound, HAND_OVER_SQL, MAX_SENT_PER_REQUEST } from "@/lib/reprocess/dispatch";
import { MAX_RATE_PER_SECOND } from "@/lib/reprocess/schemas";
import { SYSTEM } from "@/lib/reprocess/who";
import { planNodes, type Explained } from "@/lib/testing/query-plan";
import { createTestDatabase, type TestDatabase } from "@/lib/testing/test-db";

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(async () => db.drop());

const N = MAX_SENT_PER_REQUEST + 100;

async function itemStates(requestId: string): Promise<Record<string, number>> {
  const { rows } = await pool().query<{ state: string; n: number }>(
    "SELECT state, count(*)::int AS n FROM reprocess_items WHERE request_id = $1 GROUP BY state",
    [requestId],
  );
  return Object.fromEntries(rows.map((r) => [r.state, r.n]));
}

/** How HAND_OVER_SQL reads reprocess_items for a chunk of positions `from`..`to`: the scan and its index condition. */
async function itemsScan(
  requestId: string,
  from: number,
  to: number,
): Promise<{ node: string; cond: string }> {
  const { rows } = await pool().query<Explained>(`EXPLAIN (FORMAT JSON) ${HAND_OVER_SQL}`, [
    requestId,
    from,
    to,
    null,
  ]);
  const found = planNodes(rows).filter(
    (n) =>
      n["Index Cond"] &&
      (n["Relation Name"] === "reprocess_items" || n["Index Name"]?.startsWith("reprocess_items_")),
  );
  expect(found).toHaveLength(1);
  return { node: found[0]!["Node Type"], cond: found[0]!["Index Cond"]! };
}

describe("dispatch backpressure", () => {
  it("hands over at most MAX_SENT_PER_REQUEST unfinished items; results free room for the rest", async () => {
    const broker = `rabbit-${randomBytes(4).toString("hex")}`;
    const { collector } = await createCollectorToken(`agent-${randomBytes(4).toString("hex")}`);
    await recordConnected(collector.id);
    await recordHello(collector.id, makeHello({ broker }));
    for (let from = 0; from < N; from += 1_000) {
      const deadLetters = Array.from({ length: Math.min(1_000, N - from) }, (_, i) =>
        makeDeadLetter({ id: `cap-${from + i}`, broker }),
      );
      expect((await ingestBody(JSON.stringify({ deadLetters }))).accepted).toBe(deadLetters.length);
    }
    const { requestId } = await requestReprocess(
      { filter: { broker }, idempotencyKey: randomUUID(), ratePerSecond: MAX_RATE_PER_SECOND },
      SYSTEM,
    );

    // The hand-over finds a chunk's items within its positions, not among every pending item of the
    // request (which made the hand-over quadratic in the request's size).
    const scan = await itemsScan(requestId, 1, 1_000);
    expect(scan.node).toMatch(/Index Scan|Bitmap Index Scan/);
    expect(scan.cond).toMatch(/"?position"? >= 1\b.*"?position"? <= 1000\b/);

    // A budget far above the cap, twice: the second round finds no room.
    expect(await dispatchRound(() => 100_000)).toMatchObject({ sent: MAX_SENT_PER_REQUEST, failed: 0 });
    expect(await dispatchRound(() => 100_000)).toMatchObject({ sent: 0 });
    expect(await itemStates(requestId)).toEqual({ sent: MAX_SENT_PER_REQUEST, pending: 100 });

    // 60 results in: 60 more go.
    const { rows } = await pool().query<{ command_id: string }>(
      "SELECT command_id FROM reprocess_items WHERE request_id = $1 AND state = 'sent' ORDER BY position LIMIT 60",
      [requestId],
    );
    const results = rows.map((r) => ({ commandId: r.command_id, ok: true, at: new Date().toISOString() }));
    expect((await recordCommandResults(collector.id, results)).applied).toBe(60);
    expect(await dispatchRound(() => 100_000)).toMatchObject({ sent: 60 });
    expect(await itemStates(requestId)).toEqual({ succeeded: 60, sent: MAX_SENT_PER_REQUEST, pending: 40 });

    // What the cap held back is still cancellable.
    expect(await cancelReprocess(requestId, SYSTEM)).toMatchObject({
      cancelled: 40,
      stillSending: MAX_SENT_PER_REQUEST,
    });
  });
});
