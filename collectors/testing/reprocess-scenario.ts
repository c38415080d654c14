// The reprocess scenario issue 7 asks of every broker, written once: an application that rejects
// messages of a type dead-letters them (stored, pending); the application is fixed; reprocessing
// the group gets each message to it exactly once and the dead letters show "reprocessed"; the
// same idempotency key twice is one request; a collector killed after the broker confirmed a
// republish, before it wrote the outcome, republishes again on restart (the broker's own dedupe
// must keep one copy, or — where the broker has none — the copy is marked and counted); a dead
// letter whose original destination no longer exists fails with the broker's reason while the
// others of its request go on. A test file gives the broker's application; the scenario's stack
// and application are returned for tests of its own.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RepublishRequest } from "@/collectors/core/adapter";
import {
  startReprocessStack,
  type BrokerApp,
  type ReprocessStack,
} from "@/collectors/testing/reprocess-stack";
import { eventually, type Stack } from "@/collectors/testing/stack";

export type ScenarioOptions<A extends BrokerApp> = {
  /** Starts the application; it rejects (dead-letters) a message when `broken(type)` and it is no republished copy. */
  start: (stack: Stack, broken: (type: string) => boolean) => Promise<A>;
  /** Publishes as the adapter would, straight to the broker (what the killed collector had done). */
  republish: (app: A, req: RepublishRequest) => Promise<void>;
  /** Whether the broker drops a second copy with the same reprocess id (JetStream msg-id, the Redis guard). */
  brokerDedupe: boolean;
  /** The reason a republish to the deleted destination fails with. */
  gone: (stream: string) => string | RegExp;
};

export function reprocessScenario<A extends BrokerApp>(broker: string, o: ScenarioOptions<A>) {
  let stack: ReprocessStack;
  let app: A;
  const broken = new Set(["Poison", "Twice", "Crash", "Lost"]);

  beforeAll(async () => {
    stack = await startReprocessStack();
    app = await o.start(stack, (type) => broken.has(type));
    await stack.hello();
  });
  afterAll(async () => {
    await app?.close();
    await stack?.close();
  });

  /** Publishes `count` messages of a broken type and waits until they are stored as dead letters. */
  async function poison(type: string, count: number, stream?: string): Promise<void> {
    const before = await stack.count("SELECT count(*) AS n FROM dead_letters WHERE event_type = $1", [type]);
    await app.publish(type, count, stream);
    await stack.deadLetters(type, before + count);
  }

  /** After a sentinel (once the app has it, any late second copy would have arrived too): n bodies, once each. */
  async function expectOnceEach(type: string, n: number, stream?: string): Promise<void> {
    await app.sentinel(stream);
    const copies = app.copies(type);
    expect(copies.size).toBe(n);
    expect([...copies.values()].filter((c) => c !== 1)).toEqual([]);
  }

  describe(`reprocess on ${broker}`, () => {
    it("a fixed consumer gets every message of the reprocessed group exactly once; they show reprocessed", async () => {
      await poison("Poison", 30);
      expect(await stack.states("Poison")).toEqual({ pending: 30 });
      broken.delete("Poison");
      const id = await stack.reprocess({ groupId: await stack.groupOf("Poison") });
      expect(await stack.finished(id)).toMatchObject({ total: 30, sent: 30, succeeded: 30, failed: 0 });
      await expectOnceEach("Poison", 30);
      expect(await stack.states("Poison")).toEqual({ reprocessed: 30 });
    });

    it("the same idempotency key twice makes one request: each message republished once", async () => {
      await poison("Twice", 10);
      broken.delete("Twice");
      const id = await stack.sameKeyTwice({ groupId: await stack.groupOf("Twice") });
      expect(await stack.finished(id)).toMatchObject({ total: 10, succeeded: 10, failed: 0 });
      expect(await stack.commandsFor("Twice")).toBe(10);
      await expectOnceEach("Twice", 10);
    });

    it(`a collector killed after the broker confirmed, before it wrote the outcome: ${
      o.brokerDedupe ? "one copy" : "a second, marked copy, counted"
    }`, async () => {
      await poison("Crash", 20);
      broken.delete("Crash");
      const dir = app.collector.dir;
      await app.collector.stop();
      const id = await stack.reprocess({ groupId: await stack.groupOf("Crash") });
      await eventually("the commands enqueued for the stopped collector", async () => {
        return (await stack.commandsFor("Crash")) === 20;
      });
      const crashed = await stack.crashAfterConfirm({ dir, count: 8, republish: (r) => o.republish(app, r) });
      expect(crashed).toHaveLength(8);
      await app.restartCollector(dir);
      expect(await stack.finished(id)).toMatchObject({ total: 20, succeeded: 20, failed: 0 });
      // The server knows which ones the collector could not rule out (shown as possible duplicates).
      expect(
        await stack.count(
          "SELECT count(*) AS n FROM reprocess_items WHERE possible_duplicate AND command_id = ANY($1::uuid[])",
          [crashed],
        ),
      ).toBe(8);
      if (o.brokerDedupe) await expectOnceEach("Crash", 20);
      else {
        await app.sentinel();
        const copies = [...app.copies("Crash").values()];
        expect(copies.filter((c) => c === 2)).toHaveLength(8);
        expect(copies.filter((c) => c === 1)).toHaveLength(12);
      }
    });

    it("a dead letter whose destination was deleted fails with that reason; the others of the request go on", async () => {
      const [kept, doomed] = app.streams as [string, string];
      await poison("Lost", 3, kept);
      await poison("Lost", 3, doomed);
      broken.delete("Lost");
      await app.deleteStream(doomed);
      const id = await stack.reprocess({ groupId: await stack.groupOf("Lost") });
      const end = await stack.finished(id);
      expect(end, JSON.stringify(end.failures)).toMatchObject({ total: 6, succeeded: 3, failed: 3 });
      for (const f of end.failures) expect(f.error).toMatch(o.gone(doomed));
      expect(end.failures).toHaveLength(3);
      await expectOnceEach("Lost", 3, kept);
      expect(await stack.states("Lost")).toEqual({ failed_again: 3, reprocessed: 3 });
    });
  });

  return {
    /** The types the application rejects (add more before the tests run; the scenario deletes its own as it fixes them). */
    broken,
    poison,
    expectOnceEach,
    get stack() {
      return stack;
    },
    get app() {
      return app;
    },
  };
}
