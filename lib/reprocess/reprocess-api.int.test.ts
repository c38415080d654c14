// The reprocess write side through its routes on real Postgres: selectors, dry run, idempotency
// (repeat and concurrent), the running-request conflict, force, edit-before-reprocess against a
// registered schema, dispatch in order within a budget, items that cannot be handed over, cancel,
// progress, discard, restore, purge, audit, and a 400 naming the field for every bad body.
import { randomBytes, randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { POST as discardRoute } from "@/app/api/v1/dead-letters/discard/route";
import { GET as purgeCountRoute, POST as purgeRoute } from "@/app/api/v1/dead-letters/purge/route";
import { POST as reprocessRoute } from "@/app/api/v1/dead-letters/reprocess/route";
import { POST as restoreRoute } from "@/app/api/v1/dead-letters/restore/route";
import { POST as cancelRoute } from "@/app/api/v1/reprocess/[id]/cancel/route";
import { GET as getRoute } from "@/app/api/v1/reprocess/[id]/route";
import { GET as listRoute } from "@/app/api/v1/reprocess/route";
import { createCollectorToken } from "@/lib/auth/collector-tokens";
import { registerSchema } from "@/lib/catalog/register-schema";
import { pendingCommands } from "@/lib/collectors/pending-commands";
import { recordCommandResults } from "@/lib/collectors/record-command-results";
import { recordConnected } from "@/lib/collectors/record-connection";
import { recordHello } from "@/lib/collectors/record-hello";
import { makeHello } from "@/lib/collectors/test-agent";
import { storeDeadLetter } from "@/lib/collectors/test-factories";
import { pool } from "@/lib/db/client";
import { stateSql } from "@/lib/dead-letters/filter";
import { dispatchRound } from "@/lib/reprocess/dispatch";
import { sessionOf } from "@/lib/testing/auth-callers";
import { call, makeUser, type Caller } from "@/lib/testing/http-client";
import { createTestDatabase, type TestDatabase } from "@/lib/testing/test-db";

let db: TestDatabase;
let operator: Caller;
let viewer: Caller;
beforeAll(async () => {
  db = await createTestDatabase();
  operator = await sessionOf(await makeUser("operator"));
  viewer = await sessionOf(await makeUser("viewer"));
});
afterAll(async () => db.drop());

const unique = (p: string) => `${p}-${randomBytes(4).toString("hex")}`;
const key = () => randomUUID();

/** A broker with a collector that said hello for it, so its commands have somewhere to go. */
async function brokerWithCollector(): Promise<{ broker: string; collectorId: string }> {
  const broker = unique("rabbit");
  const { collector } = await createCollectorToken(unique("agent"));
  await recordConnected(collector.id);
  await recordHello(collector.id, makeHello({ broker }));
  return { broker, collectorId: collector.id };
}

async function deadLetters(broker: string, n: number, o: Parameters<typeof storeDeadLetter>[0] = {}) {
  const ids: string[] = [];
  for (let i = 0; i < n; i++) ids.push(await storeDeadLetter({ broker, ...o }));
  return ids;
}

async function setState(ids: string[], state: string) {
  await pool().query("UPDATE dead_letters SET state = $2 WHERE id = ANY($1::uuid[])", [ids, state]);
}

/** The dead letters' states as the API shows them (in flight: `reprocessing`). */
async function states(ids: string[]): Promise<string[]> {
  const { rows } = await pool().query<{ id: string; state: string }>(
    `SELECT d.id, ${stateSql("d")} AS state FROM dead_letters d WHERE d.id = ANY($1::uuid[])`,
    [ids],
  );
  const by = new Map(rows.map((r) => [r.id, r.state]));
  return ids.map((id) => by.get(id) ?? "gone");
}

const reprocess = (body: unknown, who: Caller = operator) =>
  call(reprocessRoute, "/api/v1/dead-letters/reprocess", who, { method: "POST", body });
const progress = async (id: string) =>
  (await call(getRoute, `/api/v1/reprocess/${id}`, operator, { params: { id } })).body;
const everything = () => dispatchRound(() => 10_000);

/** Answers every open command of a collector: ok, except the dead letters in `fail`. */
async function answer(collectorId: string, fail: ReadonlySet<string> = new Set()) {
  const page = await pendingCommands(collectorId);
  await recordCommandResults(
    collectorId,
    page.commands.map((c) =>
      fail.has(c.deadLetterId)
        ? {
            commandId: c.commandId,
            ok: false,
            error: "NOT_FOUND - no exchange 'gone'",
            at: new Date().toISOString(),
          }
        : { commandId: c.commandId, ok: true, at: new Date().toISOString() },
    ),
  );
  return page.commands;
}

describe("dry run", () => {
  it("counts what a filter would take, where it would go and what is skipped, changing nothing", async () => {
    const { broker } = await brokerWithCollector();
    const take = await deadLetters(broker, 3);
    const [done] = await deadLetters(broker, 1);
    const [busy] = await deadLetters(broker, 1);
    const [gone] = await deadLetters(broker, 1);
    await deadLetters(broker, 1, { originalChannel: undefined }); // no known origin
    await setState([done!], "reprocessed");
    await setState([gone!], "discarded");
    expect((await reprocess({ ids: [busy!], idempotencyKey: unique("busy") })).status).toBe(202);
    const res = await reprocess({
      filter: { broker, state: ["pending", "reprocessing", "reprocessed", "discarded"] },
      dryRun: true,
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      dryRun: true,
      count: 3,
      skipped: { running: 1, reprocessed: 1, discarded: 1, noDestination: 1 },
      destinations: [{ channel: "orders", count: 3 }],
    });
    expect(await states(take)).toEqual(["pending", "pending", "pending"]);
    const forced = await reprocess({
      filter: { broker },
      dryRun: true,
      force: true,
      target: { channel: "elsewhere" },
    });
    expect(forced.body).toMatchObject({ count: 5, destinations: [{ channel: "elsewhere", count: 5 }] });
    expect(await states(take)).toEqual(["pending", "pending", "pending"]);
  });

  it("takes a failure group by its id", async () => {
    const { broker } = await brokerWithCollector();
    const ids = await deadLetters(broker, 2, { error: `${unique("Boom")} at order 17` });
    await deadLetters(broker, 1, { error: "something else entirely" });
    const { rows } = await pool().query<{ group_id: string }>(
      "SELECT group_id FROM dead_letters WHERE id = $1",
      [ids[0]],
    );
    const res = await reprocess({ groupId: rows[0]!.group_id, dryRun: true });
    expect(res.body).toMatchObject({ count: 2 });
  });
});

describe("creating a request", () => {
  it("202 with the request id; the same key again is the same request; another body with it is refused", async () => {
    const { broker } = await brokerWithCollector();
    const ids = await deadLetters(broker, 2);
    const k = key();
    const first = await reprocess({ ids, idempotencyKey: k });
    expect(first.status).toBe(202);
    expect(first.body.created).toBe(true);
    const again = await reprocess({ ids: [...ids].reverse().map((i) => i.toUpperCase()), idempotencyKey: k });
    expect(again.status).toBe(202);
    expect(again.body).toEqual({ requestId: first.body.requestId, created: false });
    expect(await states(ids)).toEqual(["reprocessing", "reprocessing"]);
    const other = await reprocess({ ids, idempotencyKey: k, ratePerSecond: 5 });
    expect(other.status).toBe(409);
    expect(other.body.error).toMatchObject({
      message: expect.stringMatching(/idempotencyKey was already used/),
    });
    expect(await progress(first.body.requestId as string)).toMatchObject({
      state: "running",
      total: 2,
      sent: 0,
    });
  });

  it("a concurrent double POST creates one request", async () => {
    const { broker } = await brokerWithCollector();
    const ids = await deadLetters(broker, 3);
    const k = key();
    const [a, b] = await Promise.all([
      reprocess({ ids, idempotencyKey: k }),
      reprocess({ ids, idempotencyKey: k }),
    ]);
    expect([a.status, b.status]).toEqual([202, 202]);
    expect(a.body.requestId).toBe(b.body.requestId);
    const { rows } = await pool().query<{ n: number }>(
      "SELECT count(*)::int AS n FROM reprocess_items WHERE dead_letter_id = ANY($1::uuid[])",
      [ids],
    );
    expect(rows[0]!.n).toBe(3);
  });

  it("a dead letter in a running request cannot join another: ids are refused naming it, a filter skips it", async () => {
    const { broker } = await brokerWithCollector();
    const ids = await deadLetters(broker, 3);
    expect((await reprocess({ ids: [ids[0]], idempotencyKey: key() })).status).toBe(202);
    const refused = await reprocess({ ids, idempotencyKey: key() });
    expect(refused.status).toBe(409);
    expect(refused.body.error).toMatchObject({
      message: expect.stringContaining(ids[0]!),
      details: { ids: [ids[0]] },
    });
    const byFilter = await reprocess({ filter: { broker }, idempotencyKey: key() });
    expect(byFilter.status).toBe(202);
    expect(await progress(byFilter.body.requestId as string)).toMatchObject({ total: 2, skipped: 1 });
    const nothing = await reprocess({ filter: { broker }, idempotencyKey: key() });
    expect(nothing.status).toBe(409);
    expect(nothing.body.error).toMatchObject({
      message: expect.stringMatching(/nothing to reprocess: 3 already in a running request/),
    });
  });

  it("refuses an already reprocessed dead letter unless forced", async () => {
    const { broker } = await brokerWithCollector();
    const [id] = await deadLetters(broker, 1);
    await setState([id!], "reprocessed");
    const refused = await reprocess({ ids: [id], idempotencyKey: key() });
    expect(refused.status).toBe(409);
    expect(refused.body.error).toMatchObject({
      message: expect.stringMatching(/already reprocessed; send "force": true/),
    });
    expect((await reprocess({ ids: [id], idempotencyKey: key(), force: true })).status).toBe(202);
  });

  it("404 naming an unknown id; records who asked in the audit log", async () => {
    const missing = randomUUID();
    const res = await reprocess({ ids: [missing], idempotencyKey: key() });
    expect(res.status).toBe(404);
    expect(res.body.error).toMatchObject({ message: expect.stringContaining(missing) });
    const { rows } = await pool().query<{ n: number }>(
      "SELECT count(*)::int AS n FROM audit_log WHERE action = 'dlq.reprocess_requested' AND actor_label LIKE 'operator-%'",
    );
    expect(rows[0]!.n).toBeGreaterThan(0);
  });
});

describe("edit before reprocess", () => {
  it("refuses a payload that breaks the type's registered schema, naming the field", async () => {
    const { broker } = await brokerWithCollector();
    const type = `Edited${randomBytes(3).toString("hex")}`;
    await registerSchema(
      type,
      {
        type: "object",
        properties: { orderId: { type: "string" }, qty: { type: "integer", minimum: 1 } },
        required: ["orderId"],
      },
      { actor: { type: "system", label: "test" }, ip: null },
    );
    const [id] = await deadLetters(broker, 1, { type, payload: '{"orderId":"o-1","qty":0}' });
    const bad = await reprocess({
      ids: [id],
      idempotencyKey: key(),
      edit: { payload: { orderId: "o-1", qty: "two" } },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error).toMatchObject({
      message: expect.stringContaining(`newest registered schema of ${type}`),
      details: [{ path: "edit.payload.qty", message: "must be integer" }],
    });
    expect(await states([id!])).toEqual(["pending"]);

    const ok = await reprocess({
      ids: [id],
      idempotencyKey: key(),
      edit: { payload: { orderId: "o-1", qty: 2 }, headers: { fixed: "yes" } },
    });
    expect(ok.status).toBe(202);
    await everything();
    const { rows } = await pool().query<{ collector_id: string; payload: Buffer }>(
      `SELECT i.collector_id, d.payload FROM reprocess_items i JOIN dead_letters d ON d.id = i.dead_letter_id WHERE d.id = $1`,
      [id],
    );
    const page = await pendingCommands(rows[0]!.collector_id);
    const command = page.commands.find((c) => c.deadLetterId === id)!;
    expect(JSON.parse(command.payload)).toEqual({ orderId: "o-1", qty: 2 });
    expect(command.headers).toEqual({ fixed: "yes" });
    expect(rows[0]!.payload.toString()).toBe('{"orderId":"o-1","qty":0}'); // the original is kept
  });
});

describe("dispatch, progress and cancel", () => {
  it("hands items over in order within the budget, records outcomes and finishes at N of N", async () => {
    const { broker, collectorId } = await brokerWithCollector();
    const ids = await deadLetters(broker, 5);
    const { body } = await reprocess({ ids, idempotencyKey: key(), ratePerSecond: 2 });
    const requestId = body.requestId as string;
    const order = async () =>
      (
        await pool().query<{ state: string }>(
          "SELECT state FROM reprocess_items WHERE request_id = $1 ORDER BY position",
          [requestId],
        )
      ).rows.map((r) => r.state);
    await dispatchRound((id) => (id === requestId ? 2 : 0));
    expect(await order()).toEqual(["sent", "sent", "pending", "pending", "pending"]);
    await dispatchRound((id) => (id === requestId ? 2 : 0));
    expect(await order()).toEqual(["sent", "sent", "sent", "sent", "pending"]);
    expect(await progress(requestId)).toMatchObject({ state: "running", total: 5, sent: 4, succeeded: 0 });
    await answer(collectorId, new Set([ids[1]!]));
    await dispatchRound((id) => (id === requestId ? 2 : 0));
    await answer(collectorId);
    await everything();
    expect(await progress(requestId)).toMatchObject({
      state: "done",
      total: 5,
      sent: 5,
      succeeded: 4,
      failed: 1,
      failures: [{ deadLetterId: ids[1], error: "NOT_FOUND - no exchange 'gone'" }],
    });
    expect(await states(ids)).toEqual([
      "reprocessed",
      "failed_again",
      "reprocessed",
      "reprocessed",
      "reprocessed",
    ]);
  });

  it("fails the items no collector can take, with the reason; the others go on", async () => {
    const { broker } = await brokerWithCollector();
    const orphanBroker = unique("nobody");
    const served = await deadLetters(broker, 2);
    const orphan = await deadLetters(orphanBroker, 1);
    const { body } = await reprocess({ ids: [...served, ...orphan], idempotencyKey: key() });
    await everything();
    const p = await progress(body.requestId as string);
    expect(p).toMatchObject({ sent: 2, failed: 1, failures: [{ deadLetterId: orphan[0] }] });
    expect((p.failures as { error: string }[])[0]!.error).toMatch(/no collector serves broker/);
    expect(await states(orphan)).toEqual(["pending"]); // back where it was
  });

  it("cancel drops what was not sent (dead letters back to their state); the sent ones finish", async () => {
    const { broker, collectorId } = await brokerWithCollector();
    const ids = await deadLetters(broker, 4);
    await setState([ids[3]!], "failed_again");
    const { body } = await reprocess({ ids, idempotencyKey: key() });
    const requestId = body.requestId as string;
    await dispatchRound((id) => (id === requestId ? 1 : 0));
    const cancel = () =>
      call(cancelRoute, `/api/v1/reprocess/${requestId}/cancel`, operator, {
        method: "POST",
        params: { id: requestId },
      });
    const res = await cancel();
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ requestId, cancelled: 3, stillSending: 1 });
    expect(await states(ids)).toEqual(["reprocessing", "pending", "pending", "failed_again"]);
    await everything();
    expect(await states(ids)).toEqual(["reprocessing", "pending", "pending", "failed_again"]); // nothing more sent
    expect(await progress(requestId)).toMatchObject({ state: "cancelled", finishedAt: null, cancelled: 3 });
    await answer(collectorId);
    await everything();
    expect(await progress(requestId)).toMatchObject({
      state: "cancelled",
      sent: 1,
      succeeded: 1,
      cancelled: 3,
    });
    expect((await progress(requestId)).finishedAt).not.toBeNull();
    expect((await cancel()).status).toBe(409);
    const { rows } = await pool().query(
      "SELECT 1 FROM audit_log WHERE action = 'dlq.reprocess_cancelled' AND target = $1",
      [`reprocess:${requestId}`],
    );
    expect(rows).toHaveLength(1);
  });

  it("cancel counts the items a round failed before its progress was recorded", async () => {
    // The server's rounds skip the progress count most of the time (progress: false); a cancel right
    // after such a round must still count that round's failures: failed + cancelled = total.
    const ids = await deadLetters(unique("nobody"), 3);
    const { body } = await reprocess({ ids, idempotencyKey: key() });
    const requestId = body.requestId as string;
    await dispatchRound((id) => (id === requestId ? 1 : 0), { progress: false });
    const res = await call(cancelRoute, `/api/v1/reprocess/${requestId}/cancel`, operator, {
      method: "POST",
      params: { id: requestId },
    });
    expect(res.body).toEqual({ requestId, cancelled: 2, stillSending: 0 });
    expect(await progress(requestId)).toMatchObject({
      state: "cancelled",
      total: 3,
      failed: 1,
      cancelled: 2,
    });
    expect((await progress(requestId)).finishedAt).not.toBeNull();
    expect(await states(ids)).toEqual(["pending", "pending", "pending"]);
  });

  it("lists recent requests newest first, keyset paged", async () => {
    const first = await call(listRoute, "/api/v1/reprocess?limit=2", viewer);
    expect(first.status).toBe(200);
    const page1 = first.body.requests as { id: string; createdAt: string }[];
    expect(page1).toHaveLength(2);
    const next = await call(
      listRoute,
      `/api/v1/reprocess?limit=2&cursor=${first.body.nextCursor as string}`,
      viewer,
    );
    const page2 = next.body.requests as { id: string; createdAt: string }[];
    expect(page2.length).toBeGreaterThan(0);
    expect(page2.map((r) => r.id)).not.toContain(page1[0]!.id);
    expect(page2[0]!.createdAt <= page1[1]!.createdAt).toBe(true);
    expect((await call(listRoute, "/api/v1/reprocess?cursor=nonsense", viewer)).status).toBe(400);
    const unknown = randomUUID();
    expect(
      (await call(getRoute, `/api/v1/reprocess/${unknown}`, viewer, { params: { id: unknown } })).status,
    ).toBe(404);
  });
});

describe("discard and purge", () => {
  it("discards by ids and by group, refuses one being reprocessed, and purges only with the confirmed count", async () => {
    const { broker, collectorId } = await brokerWithCollector();
    const ids = await deadLetters(broker, 4);
    const discard = (body: unknown, who = operator) =>
      call(discardRoute, "/api/v1/dead-letters/discard", who, { method: "POST", body });
    expect((await discard({ ids: ids.slice(0, 2) })).body).toEqual({
      discarded: 2,
      skipped: { running: 0, alreadyDiscarded: 0 },
    });
    // One reprocessed through a request: its command and item must survive its purge.
    const { body } = await reprocess({ ids: [ids[2]], idempotencyKey: key() });
    const refused = await discard({ ids: [ids[2]] });
    expect(refused.status).toBe(409);
    expect(refused.body.error).toMatchObject({ message: expect.stringContaining("is being reprocessed") });
    await everything();
    await answer(collectorId);
    await everything();
    const filter = { broker, state: ["discarded", "reprocessed", "pending"] };
    const count = await call(purgeCountRoute, `/api/v1/dead-letters/purge?broker=${broker}`, viewer);
    expect(count.body).toEqual({ count: 3 });
    const stale = await call(purgeRoute, "/api/v1/dead-letters/purge", operator, {
      method: "POST",
      body: { filter, confirm: 2 },
    });
    expect(stale.status).toBe(409);
    expect(stale.body.error).toMatchObject({ details: { count: 3 } });
    const purged = await call(purgeRoute, "/api/v1/dead-letters/purge", operator, {
      method: "POST",
      body: { filter, confirm: 3 },
    });
    expect(purged.body).toEqual({ purged: 3 });
    expect(await states(ids)).toEqual(["gone", "gone", "gone", "pending"]);
    const { rows } = await pool().query<{ dead_letter_id: string | null; state: string }>(
      `SELECT dead_letter_id, state FROM reprocess_items WHERE request_id = $1 AND command_id IS NOT NULL`,
      [body.requestId],
    );
    expect(rows).toEqual([{ dead_letter_id: null, state: "succeeded" }]);
    expect(await progress(body.requestId as string)).toMatchObject({ succeeded: 1, total: 1 });
    const audit = await pool().query<{ action: string; details: { count: number } }>(
      "SELECT action, details FROM audit_log WHERE action IN ('dlq.discarded', 'dlq.purged') ORDER BY id",
    );
    expect(audit.rows.map((r) => [r.action, r.details.count])).toEqual([
      ["dlq.discarded", 2],
      ["dlq.purged", 3],
    ]);
  });
});

describe("restore", () => {
  const discard = (body: unknown) =>
    call(discardRoute, "/api/v1/dead-letters/discard", operator, { method: "POST", body });
  const restore = (body: unknown, who = operator) =>
    call(restoreRoute, "/api/v1/dead-letters/restore", who, { method: "POST", body });

  it("brings discarded dead letters back in the state their reprocess history gives them", async () => {
    const { broker, collectorId } = await brokerWithCollector();
    const [never, succeeded, failed] = await deadLetters(broker, 3);
    // One reprocessed successfully, one whose reprocess failed; then all three discarded.
    const { body } = await reprocess({ ids: [succeeded, failed], idempotencyKey: key() });
    await everything();
    await answer(collectorId, new Set([failed!]));
    await everything();
    expect(await progress(body.requestId as string)).toMatchObject({ succeeded: 1, failed: 1 });
    expect((await discard({ ids: [never, succeeded, failed] })).body).toMatchObject({ discarded: 3 });

    // A viewer may not; the dead letters stay discarded.
    expect((await restore({ ids: [never] }, viewer)).status).toBe(403);
    expect(await states([never!])).toEqual(["discarded"]);

    const r = await restore({ ids: [never, succeeded, failed], idempotencyKey: key() });
    expect(r.status).toBe(200);
    expect(r.body).toEqual({ restored: 3, skipped: { notDiscarded: 0 } });
    expect(await states([never!, succeeded!, failed!])).toEqual(["pending", "reprocessed", "failed_again"]);
    // Again: nothing to do, said so; retention's clock (handled_at) no longer runs for the pending one.
    expect((await restore({ ids: [never] })).body).toEqual({ restored: 0, skipped: { notDiscarded: 1 } });
    const { rows } = await pool().query<{ handled_at: Date | null }>(
      "SELECT handled_at FROM dead_letters WHERE id = $1",
      [never],
    );
    expect(rows[0]!.handled_at).toBeNull();
    const audit = await pool().query<{ target: string | null; details: { count: number } }>(
      "SELECT target, details FROM audit_log WHERE action = 'dlq.restored' ORDER BY id",
    );
    expect(audit.rows.map((a) => a.details.count)).toEqual([3]);
  });

  it("takes a filter's or a group's discarded members only; names unknown ids", async () => {
    const { broker } = await brokerWithCollector();
    const ids = await deadLetters(broker, 3);
    await discard({ ids: ids.slice(0, 2) });
    // The filter says pending; restore means its discarded members whatever the filter's state.
    const r = await restore({ filter: { broker, state: ["pending"] } });
    expect(r.body).toEqual({ restored: 2, skipped: { notDiscarded: 0 } });
    expect(await states(ids)).toEqual(["pending", "pending", "pending"]);

    await discard({ ids });
    const { rows } = await pool().query<{ group_id: string }>(
      "SELECT group_id FROM dead_letters WHERE id = $1",
      [ids[0]],
    );
    // (A group spans brokers: other tests' discarded members of it come back too.)
    const byGroup = await restore({ groupId: rows[0]!.group_id });
    expect(byGroup.body.restored).toBeGreaterThanOrEqual(3);
    expect(await states(ids)).toEqual(["pending", "pending", "pending"]);

    const unknown = randomUUID();
    const missing = await restore({ ids: [ids[0], unknown] });
    expect(missing.status).toBe(404);
    expect(missing.body.error).toMatchObject({ message: expect.stringContaining(unknown) });
    const bad = await restore({ ids: [ids[0]], filter: { broker } });
    expect(bad.status).toBe(400);
  });
});
