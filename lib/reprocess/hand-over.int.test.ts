// The dispatcher's hand-over against real Postgres, through a reprocess request as production makes
// it (lib/testing/reprocess-now.ts): a pending item becomes its collector command — routed to the
// collector of its dead letter's broker, with its destination — or fails with the reason while the
// others go on; explicit ids are all or nothing; and a dead letter has at most one item in flight.
// (Refused bodies — ids that are not UUIDs, too many ids — are the route's: reprocess-refusals.)
import { randomBytes, randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createCollectorToken, revokeCollectorToken } from "@/lib/auth/collector-tokens";
import { onCommandsEnqueued } from "@/lib/collectors/command-notices";
import { ORIGINAL_SUBJECT_HEADER } from "@/lib/collectors/protocol";
import { recordCommandResults } from "@/lib/collectors/record-command-results";
import { recordConnected } from "@/lib/collectors/record-connection";
import { recordHello } from "@/lib/collectors/record-hello";
import { makeHello } from "@/lib/collectors/test-agent";
import { storeDeadLetter } from "@/lib/collectors/test-factories";
import { pool } from "@/lib/db/client";
import { SYSTEM } from "@/lib/reprocess/who";
import { reprocessNow } from "@/lib/testing/reprocess-now";
import { createTestDatabase, type TestDatabase } from "@/lib/testing/test-db";
import { appErrorOf } from "@/lib/testing/app-error";

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(async () => db.drop());

const unique = (p: string) => `${p}-${randomBytes(4).toString("hex")}`;

/** A collector that connected and said hello for `broker`, so items of that broker can go to it. */
async function collectorFor(broker: string): Promise<{ id: string; name: string }> {
  const { collector } = await createCollectorToken(unique("agent"));
  await recordConnected(collector.id);
  await recordHello(collector.id, makeHello({ broker }));
  return collector;
}

/**
 * As if the collector's connection (and so its hello) was `minutes` ago: which one is newest is
 * then set by the test, not by two `now()`s that may fall in the same millisecond.
 */
async function connectedAgo(collectorId: string, minutes: number): Promise<void> {
  await pool().query("UPDATE collectors SET connected_at = now() - make_interval(mins => $2) WHERE id = $1", [
    collectorId,
    minutes,
  ]);
}

/** The dead letter's own row (not the in-flight state its items give it in the API). */
async function deadLetterState(id: string): Promise<string | undefined> {
  const { rows } = await pool().query<{ state: string }>("SELECT state FROM dead_letters WHERE id = $1", [
    id,
  ]);
  return rows[0]?.state;
}

/** Its items pending or handed over: at most one, whatever races (reprocess_items_open_dead_letter_key). */
async function openItems(deadLetterId: string): Promise<number> {
  const { rows } = await pool().query<{ n: number }>(
    "SELECT count(*)::int AS n FROM reprocess_items WHERE dead_letter_id = $1 AND state IN ('pending', 'sent')",
    [deadLetterId],
  );
  return rows[0]!.n;
}

/** Its items in any state: none when a refused request left nothing behind. */
async function anyItems(deadLetterId: string): Promise<number> {
  const { rows } = await pool().query<{ n: number }>(
    "SELECT count(*)::int AS n FROM reprocess_items WHERE dead_letter_id = $1",
    [deadLetterId],
  );
  return rows[0]!.n;
}

/** The command as the push and the dead letter's attempts read it, with who asked (on its request). */
async function command(commandId: string | null) {
  const { rows } = await pool().query(
    `SELECT i.state, i.collector_id, i.destination, i.sent_at IS NOT NULL AS sent, r.requested_by
     FROM reprocess_items i JOIN reprocess_requests r ON r.id = i.request_id WHERE i.command_id = $1`,
    [commandId],
  );
  return rows[0];
}

describe("the hand-over", () => {
  it("hands an item to its broker's collector, republishing to the original channel and subject by default", async () => {
    const broker = unique("rabbit");
    const collector = await collectorFor(broker);
    const withSubject = await storeDeadLetter({
      broker,
      originalChannel: "orders",
      headers: { [ORIGINAL_SUBJECT_HEADER]: "orders.created.eu", "x-death": "1" },
    });
    const withoutSubject = await storeDeadLetter({ broker, originalChannel: "payments" });
    const requestedBy = randomUUID();

    const items = await reprocessNow([withSubject, withoutSubject], {
      who: { ...SYSTEM, userId: requestedBy },
    });
    expect(items).toMatchObject([
      { deadLetterId: withSubject, collectorId: collector.id, state: "sent", error: null },
      { deadLetterId: withoutSubject, collectorId: collector.id, state: "sent", error: null },
    ]);
    expect(await command(items[0]!.commandId)).toEqual({
      state: "sent",
      collector_id: collector.id,
      destination: { channel: "orders", subject: "orders.created.eu" },
      sent: true,
      requested_by: requestedBy,
    });
    // No subject header, no subject (not a null one the agent would publish to).
    expect((await command(items[1]!.commandId))?.destination).toEqual({ channel: "payments" });
    // The dead letters' rows are not written: their open items make them `reprocessing`.
    expect(await deadLetterState(withSubject)).toBe("pending");
    expect(await deadLetterState(withoutSubject)).toBe("pending");
  });

  it("routes to the broker's collector that connected last, not the newest one; a revoked one does not count", async () => {
    const broker = unique("rabbit");
    const older = await collectorFor(broker);
    const newer = await collectorFor(broker);
    // The other broker's collector connected last of all: only the dead letter's broker counts.
    await collectorFor(unique("rabbit"));
    await connectedAgo(older.id, 10);
    await connectedAgo(newer.id, 20); // created later, connected earlier: the connection decides
    const route = async () => (await reprocessNow([await storeDeadLetter({ broker })]))[0]?.collectorId;

    expect(await route()).toBe(older.id);
    await connectedAgo(newer.id, 1); // reconnected (and said hello again)
    expect(await route()).toBe(newer.id);
    await revokeCollectorToken(newer.name); // its connection is still the newest
    expect(await route()).toBe(older.id);
  });

  it("republishes every item to an explicit target, without a subject when none is given", async () => {
    const broker = unique("rabbit");
    await collectorFor(broker);
    // Both have an original subject: the target replaces the destination, it is not merged into it.
    const headers = { [ORIGINAL_SUBJECT_HEADER]: "orders.created.eu" };
    const ids = [await storeDeadLetter({ broker, headers }), await storeDeadLetter({ broker, headers })];

    const items = await reprocessNow(ids, { target: { channel: "orders.retry" } });
    expect(items.map((i) => i.state)).toEqual(["sent", "sent"]);
    const destinations = await Promise.all(items.map(async (i) => (await command(i.commandId))?.destination));
    expect(destinations).toEqual([{ channel: "orders.retry" }, { channel: "orders.retry" }]);
    expect(new Set(items.map((i) => i.commandId)).size).toBe(2);
  });

  it("fails the items no collector serves, saying so, while the others of the request go on", async () => {
    const broker = unique("rabbit");
    const collector = await collectorFor(broker);
    const orphanBroker = unique("nobody");
    const revokedBroker = unique("revoked");
    const gone = await collectorFor(revokedBroker);
    await revokeCollectorToken(gone.name);
    const served = [await storeDeadLetter({ broker }), await storeDeadLetter({ broker })];
    const orphan = await storeDeadLetter({ broker: orphanBroker });
    const unserved = await storeDeadLetter({ broker: revokedBroker });

    const items = await reprocessNow([served[0]!, orphan, unserved, served[1]!]);
    expect(items).toMatchObject([
      { deadLetterId: served[0], state: "sent", collectorId: collector.id },
      { deadLetterId: orphan, state: "failed", commandId: null, collectorId: null },
      { deadLetterId: unserved, state: "failed", commandId: null, collectorId: null },
      { deadLetterId: served[1], state: "sent", collectorId: collector.id },
    ]);
    expect(items[1]!.error).toBe(
      `no collector serves broker "${orphanBroker}" (dead letter ${orphan}); start a collector for it, then reprocess`,
    );
    expect(items[2]!.error).toContain(
      `no collector serves broker "${revokedBroker}" (dead letter ${unserved})`,
    );
    // Out of flight again, in the state they had (never overwritten).
    for (const id of [orphan, unserved]) {
      expect(await openItems(id)).toBe(0);
      expect(await deadLetterState(id)).toBe("pending");
    }
  });

  it("tells the /collectors namespace which collectors got commands, once they are handed over", async () => {
    const [brokerA, brokerB] = [unique("rabbit"), unique("rabbit")];
    const [a, b] = [await collectorFor(brokerA), await collectorFor(brokerB)];
    const ids = [
      await storeDeadLetter({ broker: brokerA }),
      await storeDeadLetter({ broker: brokerB }),
      await storeDeadLetter({ broker: brokerA }),
    ];
    const orphan = await storeDeadLetter({ broker: unique("nobody") });
    const noticed: string[][] = [];
    const stop = onCommandsEnqueued((collectorIds) => noticed.push([...collectorIds].sort()));
    try {
      await reprocessNow(ids);
      expect(noticed).toEqual([[a.id, b.id].sort()]); // each collector once, in one notice
      // A hand-over that gave no collector anything is no news.
      await reprocessNow([orphan]);
      expect(noticed).toHaveLength(1);
    } finally {
      stop();
    }
  });
});

describe("what a request may take", () => {
  it("refuses a dead letter already being reprocessed, and takes nothing of a refused request", async () => {
    const broker = unique("rabbit");
    await collectorFor(broker);
    const busy = await storeDeadLetter({ broker });
    const fresh = await storeDeadLetter({ broker });
    await reprocessNow([busy]);

    const err = await appErrorOf(reprocessNow([fresh, busy]));
    expect(err.code).toBe("conflict");
    expect(err.message).toContain(`dead letter ${busy} is already being reprocessed`);
    expect(err.details).toEqual({ ids: [busy] });
    expect(await openItems(busy)).toBe(1);
    expect(await anyItems(fresh)).toBe(0);
    expect(await deadLetterState(fresh)).toBe("pending");

    const missing = randomUUID();
    const notFound = await appErrorOf(reprocessNow([fresh, missing]));
    expect(notFound.code).toBe("not_found");
    expect(notFound.message).toContain(missing);
    expect(await anyItems(fresh)).toBe(0);
  });

  it("lets exactly one of two racing requests for the same dead letter through", async () => {
    const broker = unique("rabbit");
    await collectorFor(broker);
    const dl = await storeDeadLetter({ broker });
    const outcomes = await Promise.allSettled([reprocessNow([dl]), reprocessNow([dl])]);
    const through = outcomes.filter((o) => o.status === "fulfilled");
    const refused = outcomes.filter((o) => o.status === "rejected");
    expect(through).toHaveLength(1);
    expect(through[0]!.value).toMatchObject([{ deadLetterId: dl, state: "sent" }]);
    expect(refused).toHaveLength(1);
    expect(refused[0]!.reason).toMatchObject({ code: "conflict" });
    expect(await openItems(dl)).toBe(1);
  });

  it("asks for a target when the original channel is unknown", async () => {
    const broker = unique("rabbit");
    await collectorFor(broker);
    const dl = await storeDeadLetter({ broker, originalChannel: undefined });
    const err = await appErrorOf(reprocessNow([dl]));
    expect(err.code).toBe("conflict");
    expect(err.message).toContain(`dead letter ${dl} has no known original destination; choose a "target"`);
    expect(await anyItems(dl)).toBe(0);

    const [item] = await reprocessNow([dl], { target: { channel: "orders" } });
    expect(item).toMatchObject({ state: "sent", error: null });
    expect((await command(item!.commandId))?.destination).toEqual({ channel: "orders" });
  });

  it("accepts a dead letter again once its republish failed", async () => {
    const broker = unique("rabbit");
    const collector = await collectorFor(broker);
    const dl = await storeDeadLetter({ broker });
    const [first] = await reprocessNow([dl]);
    await recordCommandResults(collector.id, [
      { commandId: first!.commandId!, ok: false, error: "exchange not found", at: new Date().toISOString() },
    ]);
    expect(await deadLetterState(dl)).toBe("failed_again");

    const [second] = await reprocessNow([dl]);
    expect(second).toMatchObject({ state: "sent", collectorId: collector.id });
    expect(second?.commandId).not.toBe(first?.commandId);
    expect(await openItems(dl)).toBe(1);
    expect(await deadLetterState(dl)).toBe("failed_again"); // until this one's outcome
  });
});
