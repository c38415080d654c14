// The in-process cache of closed time: what it keeps, when it lets go.
import { beforeAll, describe, expect, it } from "vitest";
import { setDatabaseUrl } from "@/lib/db/client";
import { ClosedCache, readThrough, splitClosed, type Chunk, type Closure } from "@/lib/rollups/closed-cache";

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

describe("splitClosed", () => {
  const M = 60_000;
  it("cuts whole chunks where they line up with the origin, single parts at the ragged ends", () => {
    const chunks = splitClosed("s", 50 * M, 3 * H + 5 * M, { wholeMs: H, partMs: M });
    expect(chunks.length).toBe(10 + 2 + 5);
    expect(chunks[10]).toEqual({ key: `s|${H}|${H}`, startMs: H, endMs: 2 * H });
    expect(chunks.at(-1)).toEqual({
      key: `s|${M}|${3 * H + 4 * M}`,
      startMs: 3 * H + 4 * M,
      endMs: 3 * H + 5 * M,
    });
  });

  it("counts whole chunks from the origin: steps that start off the hour", () => {
    const q = 15 * M;
    const chunks = splitClosed("z", 7 * M, 7 * M + 6 * q, { wholeMs: 4 * q, partMs: q, originMs: 7 * M });
    expect(chunks.map((c) => (c.endMs - c.startMs) / q)).toEqual([4, 1, 1]);
  });
});

describe("readThrough", () => {
  const at = closure(10 * H);
  const chunk = (k: number): Chunk => ({ key: `c${k}`, startMs: k * H, endMs: (k + 1) * H });

  it("loads only what the cache lacks, in one call, and answers in order", async () => {
    const cache = new ClosedCache<string>(100);
    const calls: string[][] = [];
    const load = async (missing: Chunk[]) => {
      calls.push(missing.map((c) => c.key));
      return new Map(missing.map((c) => [c.key, `v${c.key}`]));
    };
    expect(await readThrough(cache, [chunk(1), chunk(2)], at, load, () => 1)).toEqual(["vc1", "vc2"]);
    expect(await readThrough(cache, [chunk(1), chunk(2), chunk(3)], at, load, () => 1)).toEqual([
      "vc1",
      "vc2",
      "vc3",
    ]);
    expect(calls).toEqual([["c1", "c2"], ["c3"]]);
  });

  it("refuses a loader that leaves a chunk out", async () => {
    const cache = new ClosedCache<string>(100);
    await expect(
      readThrough(
        cache,
        [chunk(1)],
        at,
        async () => new Map(),
        () => 1,
      ),
    ).rejects.toThrow("the loader answered nothing for c1");
  });
});
