import { describe, expect, it } from "vitest";
import { addSample, emptySummary, toJsonSchema, type Summary } from "@/lib/catalog/infer-schema";
import { selectShapes, shapesConflict } from "@/lib/catalog/select-shapes";

function summary(...samples: unknown[]): Summary {
  const s = emptySummary();
  for (const v of samples) addSample(s, v);
  return s;
}

describe("shapesConflict", () => {
  it("sees a changed type at any depth, in objects and in arrays of objects", () => {
    expect(shapesConflict(summary({ amount: 1.5 }), summary({ amount: "1.5" }))).toBe(true);
    expect(shapesConflict(summary({ a: { b: true } }), summary({ a: { b: 1 } }))).toBe(true);
    expect(shapesConflict(summary({ items: [{ qty: 1 }] }), summary({ items: [{ qty: "1" }] }))).toBe(true);
    expect(shapesConflict(summary({ total: 1 }), summary({ total: { amount: 1 } }))).toBe(true);
  });

  it("accepts integer within number, null beside anything, and keys one side lacks", () => {
    expect(shapesConflict(summary({ amount: 1 }), summary({ amount: 1.5 }))).toBe(false);
    expect(shapesConflict(summary({ amount: null }), summary({ amount: "x" }))).toBe(false);
    expect(shapesConflict(summary({ a: 1 }), summary({ b: "x" }))).toBe(false);
    expect(shapesConflict(summary({ tags: [] }), summary({ tags: ["x"] }))).toBe(false);
  });

  it("accepts a side whose types include the other's (a wider shape)", () => {
    expect(shapesConflict(summary({ v: 1 }, { v: "x" }), summary({ v: "y" }))).toBe(false);
  });
});

describe("selectShapes", () => {
  it("takes the newest shape and drops an older one that contradicts it", () => {
    const { taken, merged } = selectShapes([summary({ amount: "12.50" }), summary({ amount: 12.5 })]);
    expect(taken).toEqual([0]);
    expect(toJsonSchema(merged).properties).toEqual({ amount: { type: "string" } });
  });

  it("merges shapes that differ by a key into one schema with the key optional", () => {
    const { taken, merged } = selectShapes([summary({ id: 1, coupon: "x" }), summary({ id: 2 })]);
    expect(taken).toEqual([0, 1]);
    expect(toJsonSchema(merged).required).toEqual(["id"]);
  });

  it("checks each older shape against everything taken so far, not only the newest", () => {
    const { taken } = selectShapes([summary({ a: 1 }), summary({ a: 1, b: "x" }), summary({ b: true })]);
    expect(taken).toEqual([0, 1]);
  });

  it("does not change its inputs and takes nothing from nothing", () => {
    const newest = summary({ a: 1 });
    const before = JSON.stringify(newest);
    selectShapes([newest, summary({ b: 2 })]);
    expect(JSON.stringify(newest)).toBe(before);
    expect(selectShapes([]).taken).toEqual([]);
  });
});
