// State changes made by Next route handlers reach the DLQ pages' live hints: discard, purge, a
// reprocess request and its cancel, called through their real handlers on real Postgres, push
// `deadLetters` (and `reprocess` with the request's id) to a socket.io client subscribed on /live,
// through the hub registered on globalThis as server/main.ts does. A call that changes nothing
// (a dry run, a discard of what is already discarded) pushes nothing.
import { createServer, type Server as HttpServer } from "node:http";
import type { AddressInfo } from "node:net";
import { randomUUID } from "node:crypto";
import { Server } from "socket.io";
import { io as connect, type Socket } from "socket.io-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { POST as discardRoute } from "@/app/api/v1/dead-letters/discard/route";
import { POST as restoreRoute } from "@/app/api/v1/dead-letters/restore/route";
import { POST as purgeRoute } from "@/app/api/v1/dead-letters/purge/route";
import { POST as reprocessRoute } from "@/app/api/v1/dead-letters/reprocess/route";
import { POST as cancelRoute } from "@/app/api/v1/reprocess/[id]/cancel/route";
import { createCollectorToken } from "@/lib/auth/collector-tokens";
import { recordConnected } from "@/lib/collectors/record-connection";
import { recordHello } from "@/lib/collectors/record-hello";
import { makeHello } from "@/lib/collectors/test-agent";
import { storeDeadLetter } from "@/lib/collectors/test-factories";
import type { ClientToServerEvents, ReprocessHint, ServerToClientEvents } from "@/lib/live/events";
import { LiveHub, registerLiveHub } from "@/lib/live/hub";
import { sessionOf } from "@/lib/testing/auth-callers";
import { call, makeUser, type Caller } from "@/lib/testing/http-client";
import { createTestDatabase, type TestDatabase } from "@/lib/testing/test-db";
import { dlqHints } from "@/server/live-hints";
import { attachLiveNamespace } from "@/server/live-namespace";

type LiveClient = Socket<ServerToClientEvents, ClientToServerEvents>;

let db: TestDatabase;
let operator: Caller;
let http: HttpServer;
let io: Server;
let live: ReturnType<typeof attachLiveNamespace>;
let hints: ReturnType<typeof dlqHints>;
let watcher: LiveClient;
/** Every hint the watcher got, in order. */
const got: { view: "deadLetters" | "reprocess"; requestIds?: string[] }[] = [];

/** Waits for the next hint of `view` after `action` (the throttle lets the first one out at once). */
async function hintAfter(view: "deadLetters" | "reprocess", action: () => Promise<unknown>): Promise<number> {
  const before = got.filter((h) => h.view === view).length;
  const arrived = new Promise<void>((resolve) => {
    const check = () => {
      if (got.filter((h) => h.view === view).length > before) resolve();
      else setImmediate(check);
    };
    check();
  });
  await action();
  await arrived;
  return before;
}

beforeAll(async () => {
  db = await createTestDatabase();
  operator = await sessionOf(await makeUser("operator"));
  http = createServer((_req, res) => res.writeHead(404).end());
  io = new Server(http, { serveClient: false });
  await new Promise<void>((resolve) => http.listen(0, "127.0.0.1", resolve));
  const base = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
  const hub = new LiveHub();
  registerLiveHub(hub);
  live = attachLiveNamespace(io, hub, {
    authorize: () => Promise.resolve({ ok: true, userId: "ana" }),
    allowedOrigins: () => [base],
    intervalMs: 50,
  });
  // An interval of 0: each change goes out at once, so every action below gets its own hint.
  hints = dlqHints(live.nsp, hub, 0);
  watcher = connect(`${base}/live`, { transports: ["websocket"], forceNew: true });
  watcher.on("deadLetters", () => got.push({ view: "deadLetters" }));
  watcher.on("reprocess", (h: ReprocessHint) => got.push({ view: "reprocess", requestIds: h.requestIds }));
  expect(await watcher.emitWithAck("subscribe", "deadLetters")).toEqual({ ok: true });
  expect(await watcher.emitWithAck("subscribe", "reprocess")).toEqual({ ok: true });
});

afterAll(async () => {
  watcher.close();
  hints.stop();
  live.stop();
  registerLiveHub(undefined);
  await io.close();
  await db.drop();
});

/** Stores a dead letter through ingest and waits for the hint that ingest pushes, so none is in flight after. */
async function stored(broker: string): Promise<string> {
  let id = "";
  await hintAfter("deadLetters", async () => {
    id = await storeDeadLetter({ broker });
  });
  return id;
}

/** A broker with a collector that said hello for it, so a reprocess request can be made. */
async function broker(): Promise<string> {
  const name = `rabbit-${randomUUID().slice(0, 8)}`;
  const { collector } = await createCollectorToken(`agent-${name}`);
  await recordConnected(collector.id);
  await recordHello(collector.id, makeHello({ broker: name }));
  return name;
}

describe("DLQ hints from route handlers", () => {
  it("discard, restore and purge push deadLetters; a discard that changes nothing pushes nothing", async () => {
    const b = await broker();
    const id = await stored(b);
    await hintAfter("deadLetters", async () => {
      const res = await call(discardRoute, "/api/v1/dead-letters/discard", operator, {
        method: "POST",
        body: { ids: [id] },
      });
      expect(res.body).toMatchObject({ discarded: 1 });
    });
    // Restored and discarded again: each pushes.
    await hintAfter("deadLetters", async () => {
      const res = await call(restoreRoute, "/api/v1/dead-letters/restore", operator, {
        method: "POST",
        body: { ids: [id] },
      });
      expect(res.body).toMatchObject({ restored: 1 });
    });
    await hintAfter("deadLetters", async () => {
      const res = await call(discardRoute, "/api/v1/dead-letters/discard", operator, {
        method: "POST",
        body: { ids: [id] },
      });
      expect(res.body).toMatchObject({ discarded: 1 });
    });
    const count = got.length;
    const again = await call(discardRoute, "/api/v1/dead-letters/discard", operator, {
      method: "POST",
      body: { ids: [id] },
    });
    expect(again.body).toMatchObject({ discarded: 0, skipped: { alreadyDiscarded: 1 } });
    await hintAfter("deadLetters", async () => {
      const res = await call(purgeRoute, "/api/v1/dead-letters/purge", operator, {
        method: "POST",
        body: { filter: { broker: b, state: ["discarded"] }, confirm: 1 },
      });
      expect(res.body).toEqual({ purged: 1 });
    });
    // Between the two: the second discard added nothing; the purge added exactly one.
    expect(got.slice(count)).toEqual([{ view: "deadLetters" }]);
  });

  it("a reprocess request and its cancel push deadLetters and reprocess with the request's id", async () => {
    const b = await broker();
    await stored(b);
    await stored(b);
    const dry = await call(reprocessRoute, "/api/v1/dead-letters/reprocess", operator, {
      method: "POST",
      body: { filter: { broker: b }, dryRun: true },
    });
    expect(dry.status).toBe(200);
    const count = got.length;
    let requestId = "";
    await hintAfter("reprocess", async () => {
      const res = await call(reprocessRoute, "/api/v1/dead-letters/reprocess", operator, {
        method: "POST",
        body: { filter: { broker: b }, idempotencyKey: randomUUID(), ratePerSecond: 1 },
      });
      expect(res.status).toBe(202);
      requestId = res.body.requestId as string;
    });
    await hintAfter("reprocess", async () => {
      const res = await call(cancelRoute, `/api/v1/reprocess/${requestId}/cancel`, operator, {
        method: "POST",
        params: { id: requestId },
      });
      expect(res.body).toMatchObject({ cancelled: 2 });
    });
    // The dry run pushed nothing; the request and the cancel one pair each.
    const after = got.slice(count);
    expect(after.filter((h) => h.view === "reprocess")).toEqual([
      { view: "reprocess", requestIds: [requestId] },
      { view: "reprocess", requestIds: [requestId] },
    ]);
    expect(after.filter((h) => h.view === "deadLetters")).toHaveLength(2);
  });
});
