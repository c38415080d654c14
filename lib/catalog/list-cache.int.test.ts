// The list's hour windows on real Postgres, with the clock given: a request is answered from the
// newest window while the next one is computed; a cursor keeps its window; a computed window does
// not change; an idle server's stale window is not served.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { forgetListCache, hourCounts } from "@/lib/catalog/list-cache";
import { listQuerySchema } from "@/lib/catalog/catalog-schemas";
import { listEventTypes } from "@/lib/catalog/list-event-types";
import { makeType, rollup } from "@/lib/catalog/test-factories";
import { createTestDatabase, type TestDatabase } from "@/lib/testing/test-db";

let db: TestDatabase;
let a: number;
let b: number;
const MINUTE = 60_000;
const T = Math.floor(Date.now() / MINUTE) * MINUTE; // a window end

beforeAll(async () => {
  db = await createTestDatabase();
  a = await makeType("cache.A");
  b = await makeType("cache.B");
  await rollup(a, { minute: new Date(T - 2 * MINUTE), count: 10 });
  await rollup(b, { minute: new Date(T - 2 * MINUTE), count: 5 });
});
afterAll(async () => db.drop());
beforeEach(() => forgetListCache());

describe("hour windows", () => {
  it("answers from the newest window while the next one is computed, then from the next", async () => {
    const first = await hourCounts(T, false);
    expect(first.asOfMs).toBe(T);
    expect(first.counts.get(a)!.at(-1)).toBe(10);
    await rollup(a, { minute: new Date(T), count: 7 }); // in the next window only
    const meanwhile = await hourCounts(T + MINUTE, false);
    expect(meanwhile.asOfMs).toBe(T);
    const next = await hourCounts(T + MINUTE, true); // waits for the one being computed
    expect(next.asOfMs).toBe(T + MINUTE);
    expect(next.counts.get(a)!.at(-1)).toBe(17); // [T − 4 min, T + 1 min): both rollups
    expect((await hourCounts(T + MINUTE, false)).asOfMs).toBe(T + MINUTE);
  });

  it("computes a window afresh when the newest is more than five minutes old", async () => {
    await hourCounts(T, false);
    expect((await hourCounts(T + 6 * MINUTE, false)).asOfMs).toBe(T + 6 * MINUTE);
  });

  it("keeps a throughput-sorted walk on its window while traffic changes the ranking", async () => {
    const q = listQuerySchema.parse({ sort: "throughput", limit: "1", q: "cache." });
    const page1 = await listEventTypes(q, T + 30_000);
    expect(page1.items.map((i) => [i.name, i.lastHour])).toEqual([["cache.A", 10]]);
    await rollup(b, { minute: new Date(T - MINUTE), count: 100 }); // B would now rank first
    const page2 = await listEventTypes({ ...q, cursor: page1.nextCursor! }, T + 30_000);
    expect(page2.items.map((i) => [i.name, i.lastHour])).toEqual([["cache.B", 5]]);
    expect(page2.nextCursor).toBeNull();
    forgetListCache();
    const fresh = await listEventTypes(q, T + 30_000);
    expect(fresh.items.map((i) => [i.name, i.lastHour])).toEqual([["cache.B", 105]]);
  });
});
