// The worker's queueing: settle window, merging samples of a pending shape, the bound, known keys.
// Recording is replaced by a recorder that keeps what it was given (its SQL is covered by the
// integration tests).
import { beforeAll, describe, expect, it } from "vitest";
import { KnownKeys } from "@/lib/catalog/catalog-state";
import { setCatalogEnv } from "@/lib/catalog/catalog-test-helpers";
import type { recordShapes } from "@/lib/catalog/record-shapes";
import { ShapeWorker, type Submitted } from "@/lib/catalog/shape-worker";

beforeAll(() => setCatalogEnv({ CATALOG_SETTLE_MS: "60000" }));

function candidate(key: string, typeId = 1, samples: unknown[] = [{ k: key }]): Submitted {
  return {
    key,
    type: `T${typeId}`,
    producer: null,
    typeId,
    producerId: 0,
    shapeHash: key,
    samples,
    example: null,
    firstSeenMs: Date.now(),
  };
}

function recorder(fail = false) {
  const calls: { typeId: number; keys: string[]; recompute: boolean }[] = [];
  const record: typeof recordShapes = async (work) => {
    for (const w of work)
      calls.push({ typeId: w.typeId, keys: w.candidates.map((c) => c.key), recompute: w.recompute });
    if (fail) throw new Error("database down");
    return { inserted: work.length, skipped: 0, recomputed: new Map() };
  };
  return { calls, record };
}

describe("ShapeWorker", () => {
  it("waits out the settle window, merging later samples, then records per type and marks keys known", async () => {
    const r = recorder();
    const worker = new ShapeWorker(new KnownKeys(100), { record: r.record });
    worker.submit([candidate("a", 1), candidate("b", 2)]);
    worker.submit([candidate("a", 1, [{ k: "a2" }, { k: "a3" }])]);
    expect(r.calls).toEqual([]); // 60 s settle window
    await worker.flush();
    expect(r.calls).toEqual([
      { typeId: 1, keys: ["a"], recompute: false },
      { typeId: 2, keys: ["b"], recompute: false },
    ]);
    expect(worker.known.touchedAt("T1", "", "a")).toBeTypeOf("number");
    worker.submit([candidate("a", 1)]); // known now: ignored
    await worker.idle();
    expect(r.calls).toHaveLength(2);
  });

  it("does not wait for a shape that already has all its samples", async () => {
    const r = recorder();
    const worker = new ShapeWorker(new KnownKeys(100), { record: r.record });
    worker.submit([
      candidate(
        "full",
        1,
        Array.from({ length: 25 }, (_, i) => ({ i })),
      ),
    ]);
    await worker.idle();
    expect(r.calls).toEqual([{ typeId: 1, keys: ["full"], recompute: false }]);
  });

  it("summarises at most MAX_SHAPE_SAMPLES samples per shape and then wants no more", async () => {
    const seen: number[] = [];
    const worker = new ShapeWorker(new KnownKeys(100), {
      record: async (work) => {
        for (const w of work) for (const c of w.candidates) seen.push(c.samples, c.summary.types.object ?? 0);
        return { inserted: 1, skipped: 0, recomputed: new Map() };
      },
    });
    worker.submit([
      candidate(
        "s",
        1,
        Array.from({ length: 15 }, (_, i) => ({ i })),
      ),
    ]);
    expect(worker.wantsSamples("s")).toBe(true);
    worker.submit([
      candidate(
        "s",
        1,
        Array.from({ length: 15 }, (_, i) => ({ i })),
      ),
    ]);
    expect(worker.wantsSamples("s")).toBe(false);
    worker.submit([candidate("empty", 1, [])]); // no samples: nothing to infer from, not queued
    await worker.idle();
    expect(seen).toEqual([20, 20]);
  });

  it("drops new shapes past its bound and counts them; a dropped shape can come back", async () => {
    const r = recorder();
    const worker = new ShapeWorker(new KnownKeys(100), { maxPending: 2, record: r.record });
    worker.submit([candidate("a"), candidate("b"), candidate("c")]);
    expect(worker.stats).toMatchObject({ pending: 2, dropped: 1 });
    await worker.flush();
    worker.submit([candidate("c")]);
    await worker.flush();
    expect(r.calls.flatMap((c) => c.keys).sort()).toEqual(["a", "b", "c"]);
  });

  it("keeps a shape unknown when recording fails, and recomputes types on request", async () => {
    const failing = recorder(true);
    const worker = new ShapeWorker(new KnownKeys(100), { record: failing.record });
    worker.submit([candidate("x", 7)]);
    worker.requestRecompute(8);
    await worker.flush();
    // The group first, then each type alone (so one bad type holds up no other).
    expect(failing.calls).toEqual([
      { typeId: 7, keys: ["x"], recompute: false },
      { typeId: 8, keys: [], recompute: true },
      { typeId: 7, keys: ["x"], recompute: false },
      { typeId: 8, keys: [], recompute: true },
    ]);
    expect(worker.known.touchedAt("T7", "", "x")).toBeUndefined();
    expect(worker.stats.failed).toBe(1);
  });
});

describe("KnownKeys", () => {
  it("forgets the first-level entry written longest ago, with everything under it, past its bound", () => {
    const k = new KnownKeys<string, string, string>(3);
    k.mark("A", "p", "1", 1);
    k.mark("A", "p", "2", 2);
    k.mark("B", "", "1", 3);
    k.mark("A", "q", "1", 4); // A written last: B is now the stalest
    expect(k.size).toBe(3);
    expect([k.touchedAt("A", "p", "1"), k.touchedAt("A", "q", "1"), k.touchedAt("B", "", "1")]).toEqual([
      1,
      4,
      undefined,
    ]);
    k.mark("C", "", "1", 5); // over the bound again: A (3 keys) goes
    expect([k.size, k.touchedAt("A", "p", "2"), k.touchedAt("C", "", "1")]).toEqual([1, undefined, 5]);
  });
});
