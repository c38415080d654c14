// enqueueReprocess against real Postgres: routing to the broker's collector, the default
// destination, refusals (all or nothing) and the guarantee that one dead letter has one open command.
import { randomBytes, randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createCollectorToken, revokeCollectorToken } from "@/lib/auth/collector-tokens";
import { onCommandsEnqueued } from "@/lib/collectors/command-notices";
import { enqueueReprocess, ORIGINAL_SUBJECT_HEADER } from "@/lib/collectors/enqueue-reprocess";
import { recordCommandResults } from "@/lib/collectors/record-command-results";
import { recordConnected } from "@/lib/collectors/record-connection";
import { recordHello } from "@/lib/collectors/record-hello";
import { makeHello } from "@/lib/collectors/test-agent";
import { storeDeadLetter } from "@/lib/collectors/test-factories";
import { pool } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { createTestDatabase, type TestDatabase } from "@/lib/testing/test-db";

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(async () => db.drop());

const unique = (p: string) => `${p}-${randomBytes(4).toString("hex")}`;

/** A collector that said hello for `broker`, so commands for that broker are routed to it. */
async function collectorFor(broker: string): Promise<string> {
  const { collector } = await createCollectorToken(unique("agent"));
  await recordConnected(collector.id);
  await recordHello(collector.id, makeHello({ broker }));
  return collector.id;
}

async function deadLetterState(id: string): Promise<string | undefined> {
  const { rows } = await pool().query<{ state: string }>("SELECT state FROM dead_letters WHERE id = $1", [
    id,
  ]);
  return rows[0]?.state;
}

async function openCommands(deadLetterId: string): Promise<number> {
  const { rows } = await pool().query<{ n: number }>(
    "SELECT count(*) AS n FROM collector_commands WHERE dead_letter_id = $1 AND state IN ('pending', 'sent')",
    [deadLetterId],
  );
  return rows[0]?.n ?? 0;
}

async function refusal(p: Promise<unknown>): Promise<AppError> {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  if (!(err instanceof AppError)) throw new Error(`expected an AppError, got ${String(err)}`);
  return err;
}

describe("enqueueReprocess", () => {
  it("addresses the broker's collector, republishing to the original channel and subject by default", async () => {
    const broker = unique("rabbit");
    const collectorId = await collectorFor(broker);
    const dl = await storeDeadLetter({
      broker,
      originalChannel: "orders",
      headers: { [ORIGINAL_SUBJECT_HEADER]: "orders.created.eu", "x-death": "1" },
    });
    const noticed: string[][] = [];
    const stop = onCommandsEnqueued((ids) => noticed.push(ids));
    const requestedBy = randomUUID();
    try {
      const [command, ...rest] = await enqueueReprocess({ deadLetterIds: [dl], requestedBy });
      expect(rest).toEqual([]);
      expect(command).toMatchObject({
        deadLetterId: dl,
        collectorId,
        destination: { channel: "orders", subject: "orders.created.eu" },
      });
      expect(noticed).toEqual([[collectorId]]);
      const { rows } = await pool().query(
        "SELECT state, attempts, requested_by, destination FROM collector_commands WHERE id = $1",
        [command?.commandId],
      );
      expect(rows[0]).toEqual({
        state: "pending",
        attempts: 0,
        requested_by: requestedBy,
        destination: { channel: "orders", subject: "orders.created.eu" },
      });
      // The dead letter's row is not written: its request's item makes it reprocessing (lib/reprocess).
      expect(await deadLetterState(dl)).toBe("pending");
    } finally {
      stop();
    }
  });

  it("uses an explicit destination for every dead letter, without a subject when none is given", async () => {
    const broker = unique("rabbit");
    await collectorFor(broker);
    const ids = [await storeDeadLetter({ broker }), await storeDeadLetter({ broker })];
    const commands = await enqueueReprocess({
      deadLetterIds: ids,
      destination: { channel: "orders.retry" },
      requestedBy: null,
    });
    expect(commands.map((c) => c.destination)).toEqual([
      { channel: "orders.retry" },
      { channel: "orders.retry" },
    ]);
    expect(new Set(commands.map((c) => c.commandId)).size).toBe(2);
  });

  it("refuses a dead letter already being reprocessed, and enqueues nothing of a refused batch", async () => {
    const broker = unique("rabbit");
    await collectorFor(broker);
    const busy = await storeDeadLetter({ broker });
    const fresh = await storeDeadLetter({ broker });
    await enqueueReprocess({ deadLetterIds: [busy], requestedBy: null });

    const err = await refusal(enqueueReprocess({ deadLetterIds: [fresh, busy], requestedBy: null }));
    expect(err.code).toBe("conflict");
    expect(err.message).toContain(`dead letter ${busy} is already being reprocessed`);
    expect(await openCommands(busy)).toBe(1);
    expect(await openCommands(fresh)).toBe(0);
    expect(await deadLetterState(fresh)).toBe("pending");

    const missing = randomUUID();
    const notFound = await refusal(enqueueReprocess({ deadLetterIds: [fresh, missing], requestedBy: null }));
    expect(notFound.code).toBe("not_found");
    expect(notFound.message).toContain(missing);
    expect(await deadLetterState(fresh)).toBe("pending");
  });

  it("lets exactly one of two racing requests for the same dead letter through", async () => {
    const broker = unique("rabbit");
    await collectorFor(broker);
    const dl = await storeDeadLetter({ broker });
    const outcomes = await Promise.allSettled([
      enqueueReprocess({ deadLetterIds: [dl], requestedBy: null }),
      enqueueReprocess({ deadLetterIds: [dl], requestedBy: null }),
    ]);
    expect(outcomes.filter((o) => o.status === "fulfilled")).toHaveLength(1);
    expect(await openCommands(dl)).toBe(1);
  });

  it("says so when no collector serves the broker; a revoked one does not count", async () => {
    const broker = unique("rabbit");
    const dl = await storeDeadLetter({ broker });
    const orphan = await refusal(enqueueReprocess({ deadLetterIds: [dl], requestedBy: null }));
    expect(orphan.code).toBe("conflict");
    expect(orphan.message).toContain(`no collector serves broker "${broker}"`);

    const { collector } = await createCollectorToken(unique("gone"));
    await recordHello(collector.id, makeHello({ broker }));
    await revokeCollectorToken(collector.name);
    expect((await refusal(enqueueReprocess({ deadLetterIds: [dl], requestedBy: null }))).code).toBe(
      "conflict",
    );
    expect(await deadLetterState(dl)).toBe("pending");
  });

  it("asks for a destination when the original channel is unknown", async () => {
    const broker = unique("rabbit");
    await collectorFor(broker);
    const dl = await storeDeadLetter({ broker, originalChannel: undefined });
    const err = await refusal(enqueueReprocess({ deadLetterIds: [dl], requestedBy: null }));
    expect(err.code).toBe("bad_request");
    expect(err.message).toContain("choose a destination");
    await enqueueReprocess({ deadLetterIds: [dl], destination: { channel: "orders" }, requestedBy: null });
    expect(Number(await openCommands(dl))).toBe(1);
  });

  it("accepts a dead letter again once its republish failed", async () => {
    const broker = unique("rabbit");
    const collectorId = await collectorFor(broker);
    const dl = await storeDeadLetter({ broker });
    const [first] = await enqueueReprocess({ deadLetterIds: [dl], requestedBy: null });
    await recordCommandResults(collectorId, [
      { commandId: first!.commandId, ok: false, error: "exchange not found", at: new Date().toISOString() },
    ]);
    expect(await deadLetterState(dl)).toBe("failed_again");
    const [second] = await enqueueReprocess({ deadLetterIds: [dl], requestedBy: null });
    expect(second?.commandId).not.toBe(first?.commandId);
    expect(Number(await openCommands(dl))).toBe(1);
    expect(await deadLetterState(dl)).toBe("failed_again"); // until this one's outcome
  });

  it("refuses ids that are not UUIDs before touching the database", async () => {
    const err = await refusal(enqueueReprocess({ deadLetterIds: ["dl-1"], requestedBy: null }));
    expect(err).toMatchObject({ code: "bad_request", message: "not a dead letter id: dl-1" });
  });
});
