// A reprocess request's counters move by what its items' changes recorded (triggers of migration
// 20261213000000_reprocess_progress_deltas), folded in by the dispatcher's refresh and by a cancel:
// after every kind of change they equal a recount of the items, the records are gone once folded,
// and the request finishes when nothing is open — done, or cancelled once its last sent item ends.
import { randomBytes, randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createCollectorToken } from "@/lib/auth/collector-tokens";
import { recordCommandResults } from "@/lib/collectors/record-command-results";
import { recordConnected } from "@/lib/collectors/record-connection";
import { recordHello } from "@/lib/collectors/record-hello";
import { makeHello } from "@/lib/collectors/test-agent";
import { storeDeadLetter } from "@/lib/collectors/test-factories";
import { pool } from "@/lib/db/client";
import { cancelReprocess } from "@/lib/reprocess/cancel-request";
import { requestReprocess } from "@/lib/reprocess/create-request";
import { dispatchRound, refreshProgress } from "@/lib/reprocess/dispatch";
import { MAX_RATE_PER_SECOND } from "@/lib/reprocess/schemas";
import { SYSTEM } from "@/lib/reprocess/who";
import { createTestDatabase, type TestDatabase } from "@/lib/testing/test-db";

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(async () => db.drop());

const unique = (p: string) => `${p}-${randomBytes(4).toString("hex")}`;

type Counters = { sent: number; succeeded: number; failed: number; cancelled: number };

async function stored(requestId: string) {
  const { rows } = await pool().query<Counters & { state: string; finished: boolean }>(
    `SELECT sent, succeeded, failed, cancelled, state, finished_at IS NOT NULL AS finished
     FROM reprocess_requests WHERE id = $1`,
    [requestId],
  );
  return rows[0]!;
}

async function recount(requestId: string): Promise<Counters> {
  const { rows } = await pool().query<Counters>(
    `SELECT count(*) FILTER (WHERE command_id IS NOT NULL)::int AS sent,
            count(*) FILTER (WHERE state = 'succeeded')::int AS succeeded,
            count(*) FILTER (WHERE state = 'failed')::int AS failed,
            count(*) FILTER (WHERE state = 'cancelled')::int AS cancelled
     FROM reprocess_items WHERE request_id = $1`,
    [requestId],
  );
  return rows[0]!;
}

async function unfolded(): Promise<number> {
  const { rows } = await pool().query<{ n: number }>(
    "SELECT count(*)::int AS n FROM reprocess_progress_deltas",
  );
  return rows[0]!.n;
}

/** Folds what was recorded, then expects the stored counters to be the items' recount. */
async function expectExact(requestId: string): Promise<Counters & { state: string; finished: boolean }> {
  const client = await pool().connect();
  try {
    await refreshProgress(client);
  } finally {
    client.release();
  }
  expect(await unfolded()).toBe(0);
  const s = await stored(requestId);
  expect({ sent: s.sent, succeeded: s.succeeded, failed: s.failed, cancelled: s.cancelled }).toEqual(
    await recount(requestId),
  );
  return s;
}

async function collectorFor(broker: string): Promise<string> {
  const { collector } = await createCollectorToken(unique("agent"));
  await recordConnected(collector.id);
  await recordHello(collector.id, makeHello({ broker }));
  return collector.id;
}

async function request(ids: string[]): Promise<string> {
  const { requestId } = await requestReprocess(
    { ids, idempotencyKey: randomUUID(), ratePerSecond: MAX_RATE_PER_SECOND },
    SYSTEM,
  );
  return requestId;
}

/** One dispatcher round that hands over at most `n` items of each request, without a refresh. */
const handOver = (n: number) => dispatchRound((_id, _rate, room) => Math.min(room, n), { progress: false });

const result = (commandId: string, ok: boolean) => ({ commandId, ok, at: new Date().toISOString() });

async function commands(requestId: string, state = "sent"): Promise<string[]> {
  const { rows } = await pool().query<{ command_id: string }>(
    "SELECT command_id FROM reprocess_items WHERE request_id = $1 AND state = $2 ORDER BY position",
    [requestId, state],
  );
  return rows.map((r) => r.command_id);
}

describe("a reprocess request's counters", () => {
  it("follow hand-over, unserved items, results, repeats and a cancel, and finish the request once its last sent item ends", async () => {
    const broker = unique("served");
    const collectorId = await collectorFor(broker);
    const served = [];
    for (let i = 0; i < 6; i++) served.push(await storeDeadLetter({ broker }));
    const unserved = await storeDeadLetter({ broker: unique("nobody") });
    // Positions follow the ids' order: the unserved one is the third.
    const id = await request([served[0]!, served[1]!, unserved, ...served.slice(2)]);

    expect(await unfolded()).toBe(0); // pending items move no counter
    expect(await expectExact(id)).toMatchObject({ sent: 0, state: "running", finished: false });

    await handOver(5); // four handed over, the unserved one failed
    expect(await expectExact(id)).toMatchObject({ sent: 4, failed: 1, state: "running" });

    const sent = await commands(id);
    await recordCommandResults(collectorId, [
      result(sent[0]!, true),
      { ...result(sent[1]!, false), error: "queue gone" },
    ]);
    expect(await expectExact(id)).toMatchObject({ succeeded: 1, failed: 2 });
    // A result sent again changes nothing, and records nothing.
    await recordCommandResults(collectorId, [result(sent[0]!, true)]);
    expect(await unfolded()).toBe(0);

    // Cancel: the two pending items are cancelled; two are still out, so it is not finished yet.
    expect(await cancelReprocess(id, SYSTEM)).toMatchObject({ cancelled: 2, stillSending: 2 });
    expect(await unfolded()).toBe(0); // the cancel folded its own request's records
    expect(await expectExact(id)).toMatchObject({ cancelled: 2, state: "cancelled", finished: false });

    await recordCommandResults(collectorId, [result(sent[2]!, true)]);
    expect(await expectExact(id)).toMatchObject({ succeeded: 2, finished: false });
    await recordCommandResults(collectorId, [result(sent[3]!, true)]);
    expect(await expectExact(id)).toMatchObject({
      sent: 4,
      succeeded: 3,
      failed: 2,
      cancelled: 2,
      state: "cancelled",
      finished: true,
    });
  });

  it("make a request done when its last item succeeds, each request counted apart in one refresh", async () => {
    const broker = unique("served");
    const collectorId = await collectorFor(broker);
    const a = await request([await storeDeadLetter({ broker }), await storeDeadLetter({ broker })]);
    const b = await request([await storeDeadLetter({ broker })]);
    await handOver(10);
    const results = [...(await commands(a)), ...(await commands(b))].map((c) => result(c, true));
    // One results statement finishes items of both requests.
    await recordCommandResults(collectorId, results);
    expect(await expectExact(a)).toMatchObject({ sent: 2, succeeded: 2, state: "done", finished: true });
    expect(await expectExact(b)).toMatchObject({ sent: 1, succeeded: 1, state: "done", finished: true });
  });

  it("are not folded while a cancel holds the request (no lock cycle between them); the cancel folds them", async () => {
    const broker = unique("served");
    const collectorId = await collectorFor(broker);
    const id = await request([await storeDeadLetter({ broker }), await storeDeadLetter({ broker })]);
    await handOver(1);
    await recordCommandResults(collectorId, [result((await commands(id))[0]!, true)]);
    expect(await unfolded()).toBeGreaterThan(0);

    // A cancel's first step: the request locked. A fold meanwhile neither waits nor takes its records
    // (before, the fold locked the records and then waited for the request, while the cancel held the
    // request and waited for the records: a deadlock).
    const canceller = await pool().connect();
    const folder = await pool().connect();
    try {
      await canceller.query("BEGIN");
      await canceller.query("SELECT 1 FROM reprocess_requests WHERE id = $1 FOR UPDATE", [id]);
      await folder.query("BEGIN");
      await folder.query("SET LOCAL lock_timeout = '3s'");
      expect(await refreshProgress(folder)).not.toContain(id);
      await folder.query("COMMIT");
      expect(await unfolded()).toBeGreaterThan(0);
      await canceller.query("ROLLBACK");
    } finally {
      canceller.release();
      folder.release();
    }
    await cancelReprocess(id, SYSTEM);
    expect(await unfolded()).toBe(0);
    expect(await expectExact(id)).toMatchObject({ sent: 1, succeeded: 1, cancelled: 1, state: "cancelled" });
  });

  it("record nothing when only an item's dead letter link changes, and what a deleted request's items took back", async () => {
    const broker = unique("served");
    await collectorFor(broker);
    const gone = await storeDeadLetter({ broker });
    const id = await request([gone, await storeDeadLetter({ broker })]);
    await handOver(10);
    await expectExact(id);
    await pool().query("UPDATE reprocess_items SET dead_letter_id = NULL WHERE dead_letter_id = $1", [gone]);
    expect(await unfolded()).toBe(0);

    await pool().query("DELETE FROM reprocess_requests WHERE id = $1", [id]); // its items go with it
    const { rows } = await pool().query<Counters & { request_id: string }>(
      "SELECT request_id, sent, succeeded, failed, cancelled FROM reprocess_progress_deltas",
    );
    expect(rows).toEqual([{ request_id: id, sent: -2, succeeded: 0, failed: 0, cancelled: 0 }]);
    const client = await pool().connect();
    try {
      expect(await refreshProgress(client)).toEqual([]); // no request left to add them to
    } finally {
      client.release();
    }
    expect(await unfolded()).toBe(0);
  });
});
