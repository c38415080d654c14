// The in-process cache of closed time: what it keeps, when it lets go.
import { beforeAll, describe, expect, it } from "vitest";
import { setDatabaseUrl } from "@/lib/db/client";
import { ClosedCache, type Closure } from "@/lib/rollups/closed-cache";

const H = 3_600_000;
const closure = (throughMs: number, versions: [number, number][] = []): Closure => ({
  nowMs: throughMs + 120_000,
  throughMs,
  versions: new Map(versions),
});

beforeAll(() => setDatabaseUrl("postgresql://nobody@127.0.0.1:1/closed-cache-test")); // never connected

describe("ClosedCache", () => {
  it("keeps answers about time before the watermark only", () => {
    const c = new ClosedCache<string>(100);
    c.set("open", 0, 2 * H, closure(H), "x");
    c.set("closed", 0, H, closure(H), "y");
    expect(c.get("open", 0, 2 * H, closure(3 * H))).toBeUndefined();
    expect(c.get("closed", 0, H, closure(H))).toBe("y");
  });

  it("drops an answer when a version of an hour it covers moves, and only then", () => {
    const c = new ClosedCache<string>(100);
    c.set("a", 0, 2 * H, closure(2 * H, [[H, 1]]), "a");
    expect(
      c.get(
        "a",
        0,
        2 * H,
        closure(5 * H, [
          [H, 1],
          [3 * H, 7],
        ]),
      ),
    ).toBe("a");
    expect(c.get("a", 0, 2 * H, closure(5 * H, [[H, 2]]))).toBeUndefined();
    expect(c.size).toBe(0);
  });

  it("evicts the least recently used past its weight", () => {
    const c = new ClosedCache<number>(10);
    const at = closure(10 * H);
    c.set("1", 0, H, at, 1, 4);
    c.set("2", 0, H, at, 2, 4);
    expect(c.get("1", 0, H, at)).toBe(1); // 2 is now the oldest
    c.set("3", 0, H, at, 3, 4);
    expect([c.get("1", 0, H, at), c.get("2", 0, H, at), c.get("3", 0, H, at)]).toEqual([1, undefined, 3]);
    c.set("huge", 0, H, at, 9, 11); // heavier than the whole cache: not kept, nothing evicted
    expect(c.size).toBe(2);
  });
});
