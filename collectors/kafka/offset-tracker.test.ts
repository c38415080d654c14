import { describe, expect, it } from "vitest";
import { OffsetTracker } from "@/collectors/kafka/offset-tracker";

function read(t: OffsetTracker, partition: number, ...offsets: number[]): void {
  for (const o of offsets) t.begin("orders", partition, BigInt(o));
}
const ok = (t: OffsetTracker, partition: number, offset: number) =>
  t.settle("orders", partition, BigInt(offset), true);
const fail = (t: OffsetTracker, partition: number, offset: number) =>
  t.settle("orders", partition, BigInt(offset), false);
const positions = (t: OffsetTracker) => t.toCommit().map((p) => `${p.topic}/${p.partition}@${p.offset}`);

describe("OffsetTracker", () => {
  it("commits the offset after the last confirmed record", () => {
    const t = new OffsetTracker();
    read(t, 0, 10, 11, 12);
    expect(positions(t)).toEqual([]);
    ok(t, 0, 10);
    ok(t, 0, 11);
    expect(positions(t)).toEqual(["orders/0@12"]);
  });

  it("holds a later confirmation back until the earlier record is confirmed", () => {
    const t = new OffsetTracker();
    read(t, 0, 10, 11, 12);
    ok(t, 0, 12);
    ok(t, 0, 11);
    expect(positions(t)).toEqual([]);
    expect(t.inFlight).toBe(1);
    ok(t, 0, 10);
    expect(positions(t)).toEqual(["orders/0@13"]);
    expect(t.inFlight).toBe(0);
  });

  it("does not need contiguous offsets (compaction, transaction markers leave gaps)", () => {
    const t = new OffsetTracker();
    read(t, 0, 5, 9, 40);
    ok(t, 0, 5);
    ok(t, 0, 9);
    ok(t, 0, 40);
    expect(positions(t)).toEqual(["orders/0@41"]);
  });

  it("keeps partitions apart", () => {
    const t = new OffsetTracker();
    read(t, 0, 1);
    read(t, 1, 1);
    ok(t, 1, 1);
    expect(positions(t)).toEqual(["orders/1@2"]);
    t.begin("payments", 0, 7n);
    t.settle("payments", 0, 7n, true);
    expect(positions(t)).toEqual(["orders/1@2", "payments/0@8"]);
  });

  it("reports a position once, until it moves again", () => {
    const t = new OffsetTracker();
    read(t, 0, 1, 2);
    ok(t, 0, 1);
    t.committed(t.toCommit());
    expect(positions(t)).toEqual([]);
    ok(t, 0, 2);
    expect(positions(t)).toEqual(["orders/0@3"]);
  });

  it("a refused record blocks its partition: nothing at or after it is committed", () => {
    const t = new OffsetTracker();
    read(t, 0, 1, 2, 3);
    ok(t, 0, 1);
    fail(t, 0, 2);
    ok(t, 0, 3);
    expect(positions(t)).toEqual(["orders/0@2"]);
    expect(t.blocked("orders", 0)).toBe(true);
    expect(t.blocked("orders", 1)).toBe(false);
  });

  it("forgets what was read past a rewind, and never moves a position backwards", () => {
    const t = new OffsetTracker();
    read(t, 0, 1, 2, 3, 4);
    ok(t, 0, 1);
    ok(t, 0, 2);
    fail(t, 0, 3);
    // A rebalance resumed this partition at 3 (its committed offset): 3 and 4 come again.
    read(t, 0, 3, 4);
    expect(t.blocked("orders", 0)).toBe(false);
    ok(t, 0, 3);
    ok(t, 0, 4);
    expect(positions(t)).toEqual(["orders/0@5"]);
    read(t, 0, 2);
    ok(t, 0, 2);
    expect(positions(t)).toEqual(["orders/0@5"]);
  });

  it("ignores settlements of unknown or already settled offsets", () => {
    const t = new OffsetTracker();
    ok(t, 0, 1);
    read(t, 0, 1);
    ok(t, 0, 1);
    fail(t, 0, 1);
    expect(positions(t)).toEqual(["orders/0@2"]);
    expect(t.blocked("orders", 0)).toBe(false);
  });
});
