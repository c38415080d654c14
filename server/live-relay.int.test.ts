// The relay between app processes over each real adapter (Postgres LISTEN/NOTIFY on the test
// database, Redis pub/sub on the local Redis): two socket.io servers with their own hubs, as two
// instances would have. What one hub records reaches the other's as `remote`, once, and never
// comes back.
import { createServer } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Server } from "socket.io";
import type { LiveEvent } from "@/lib/live/events";
import { LiveHub } from "@/lib/live/hub";
import { createTestDatabase, type TestDatabase } from "@/lib/testing/test-db";
import { createLiveAdapter } from "@/server/live-adapter";
import { startLiveRelay } from "@/server/live-relay";
import { makeIngestedBatch } from "@/lib/live/test-factories";

const REDIS_URL = "redis://127.0.0.1:6379";
const quiet = { warn: () => undefined };

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(async () => db.drop());

function instance(kind: "postgres" | "redis") {
  const adapter = createLiveAdapter({
    databaseUrl: db.url,
    // Postgres NOTIFY stays within the test database; on the shared Redis, a key of this run's own.
    ...(kind === "redis" ? { redisUrl: REDIS_URL, redisKey: `eventscope-test-${process.pid}` } : {}),
    log: quiet,
  });
  const io = new Server(createServer(), { adapter: adapter.adapter, serveClient: false });
  const hub = new LiveHub();
  const relay = startLiveRelay(io, hub, quiet);
  return {
    io,
    hub,
    stop: async () => {
      relay.stop();
      await io.close();
      await adapter.close();
    },
  };
}

const probe = (id: string): LiveEvent => ({
  id,
  broker: "rabbit",
  channel: "orders",
  type: "OrderPlaced",
  producer: "checkout",
  publishedAt: new Date().toISOString(),
  size: 42,
});

// First in the file: pg prints a deprecation once per process, so an earlier test could hide it.
describe("the Postgres adapter's subscribed connection", () => {
  it("listens to namespaces added all at once without pg's deprecation warning, and carries them", async () => {
    const warnings: string[] = [];
    const onWarning = (w: Error) => warnings.push(w.message);
    process.on("warning", onWarning);
    const a = instance("postgres");
    const b = instance("postgres");
    try {
      for (const x of [a, b])
        await expect
          .poll(() => x.io.of("/").adapter.serverCount(), { timeout: 15_000 })
          .toBeGreaterThanOrEqual(2);
      // Each io.of() of a new namespace sends its LISTEN on the already subscribed connection.
      const names = ["/late-1", "/late-2", "/late-3"];
      for (const x of [a, b]) for (const n of names) x.io.of(n);
      const heard: string[] = [];
      for (const n of names) b.io.of(n).on("ping", (from: string) => heard.push(`${n} ${from}`));
      await expect
        .poll(
          () => {
            for (const n of names) a.io.of(n).serverSideEmit("ping", "a");
            return names.every((n) => heard.includes(`${n} a`));
          },
          { timeout: 10_000 },
        )
        .toBe(true);
      expect(warnings.filter((w) => w.includes("already executing a query"))).toEqual([]);
    } finally {
      process.off("warning", onWarning);
      await Promise.all([a.stop(), b.stop()]);
    }
  });
});

describe.each(["postgres", "redis"] as const)("live relay over the %s adapter", (kind) => {
  it("carries a stored batch, a dead-letter change and an alert cycle to the other instance's hub, once", async () => {
    const a = instance(kind);
    const b = instance(kind);
    try {
      // Each sees the other before anything is sent (the adapters subscribe asynchronously).
      for (const x of [a, b])
        await expect
          .poll(() => x.io.of("/").adapter.serverCount(), { timeout: 15_000 })
          .toBeGreaterThanOrEqual(2);
      const remoteOnB: boolean[] = [];
      b.hub.onIngest((_, remote) => remoteOnB.push(remote));
      const changesOnB: [readonly string[], boolean][] = [];
      b.hub.onDeadLettersChanged((ids, remote) => changesOnB.push([ids, remote]));
      const alertsOnB: [boolean, boolean][] = [];
      b.hub.onAlertsEvaluated((transitions, remote) => alertsOnB.push([transitions, remote]));
      const alertsOnA: boolean[] = [];
      a.hub.onAlertsEvaluated((_, remote) => alertsOnA.push(remote));

      a.hub.recordIngest(makeIngestedBatch([probe("e1"), probe("e0")], { deliveries: 1, deadLetters: 1 }));
      a.hub.recordDeadLettersChanged(["req-1"]);
      a.hub.recordAlertsEvaluated(true);

      await expect.poll(() => b.hub.summary().stored.events, { timeout: 10_000 }).toBe(2);
      expect(b.hub.summary()).toMatchObject({
        latest: [{ id: "e1" }, { id: "e0" }],
        channels: [{ broker: "rabbit", channel: "orders" }],
        stored: { events: 2, deliveries: 1, deadLetters: 1, duplicates: 0 },
      });
      expect(remoteOnB).toEqual([true]);
      await expect.poll(() => changesOnB, { timeout: 10_000 }).toEqual([[["req-1"], true]]);
      await expect.poll(() => alertsOnB, { timeout: 10_000 }).toEqual([[true, true]]);

      // B relays nothing of what it heard: after B's own batch reaches A, A counts its two and B's one.
      b.hub.recordIngest(makeIngestedBatch([probe("b1")]));
      await expect.poll(() => a.hub.summary().stored.events, { timeout: 10_000 }).toBe(3);
      expect(b.hub.summary().stored.events).toBe(3);
      expect(alertsOnA).toEqual([false]); // its own cycle, not echoed back by B
    } finally {
      await a.stop();
      await b.stop();
    }
  }, 60_000);
});
