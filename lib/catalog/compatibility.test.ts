import { describe, expect, it } from "vitest";
import { checkCompatibility, type CompatibilityMode } from "@/lib/catalog/compatibility";

const obj = (
  properties: Record<string, unknown>,
  required: string[] = [],
  extra: Record<string, unknown> = {},
) => ({
  type: "object",
  properties,
  ...(required.length ? { required } : {}),
  ...extra,
});
const str = { type: "string" };
const num = { type: "number" };
const int = { type: "integer" };

const baseRequired = ["orderId", "amount", "currency"];
const base = obj({ orderId: str, amount: num, currency: str }, baseRequired);

type Case = {
  name: string;
  next: Record<string, unknown>;
  prev?: Record<string, unknown>[];
  modes: Partial<Record<CompatibilityMode, string[]>>;
};

// Each row: the breaking changes expected under each mode ([] = compatible).
const cases: Case[] = [
  {
    name: "an optional field added",
    next: obj({ ...base.properties, coupon: str }, baseRequired),
    modes: { BACKWARD: [], FORWARD: [], FULL: [], NONE: [] },
  },
  {
    name: "a required field added",
    next: obj({ ...base.properties, region: str }, [...baseRequired, "region"]),
    modes: {
      BACKWARD: ["required field `region` added"],
      FORWARD: [],
      FULL: ["required field `region` added"],
    },
  },
  {
    name: "a required field removed",
    next: obj({ orderId: str, amount: num }, ["orderId", "amount"]),
    modes: {
      BACKWARD: [],
      FORWARD: ["required field `currency` removed"],
      FULL: ["required field `currency` removed"],
      NONE: [],
    },
  },
  {
    name: "a field's type changed",
    next: obj({ ...base.properties, amount: str }, baseRequired),
    modes: {
      BACKWARD: ["field `amount` changed type number → string"],
      FORWARD: ["field `amount` changed type number → string"],
    },
  },
  {
    name: "integer widened to number, and narrowed back",
    prev: [obj({ n: int }, ["n"])],
    next: obj({ n: num }, ["n"]),
    modes: { BACKWARD: [], FORWARD: ["field `n` changed type integer → number"] },
  },
  {
    name: "a field made nullable",
    next: obj({ ...base.properties, currency: { type: ["string", "null"] } }, baseRequired),
    modes: { BACKWARD: [], FORWARD: ["field `currency` changed type string → string | null"] },
  },
  {
    name: "an enum narrowed",
    prev: [obj({ tier: { type: "string", enum: ["basic", "gold", "silver"] } })],
    next: obj({ tier: { type: "string", enum: ["basic", "gold"] } }),
    modes: { BACKWARD: ['field `tier` no longer allows "silver"'], FORWARD: [] },
  },
  {
    name: "a field removed from a closed object",
    prev: [obj({ a: str, b: str }, [], { additionalProperties: false })],
    next: obj({ a: str }, [], { additionalProperties: false }),
    modes: { BACKWARD: ["field `b` removed (no other fields allowed)"], FORWARD: [] },
  },
  {
    name: "a type change inside an array of objects",
    prev: [obj({ lines: { type: "array", items: obj({ qty: int }, ["qty"]) } })],
    next: obj({ lines: { type: "array", items: obj({ qty: str }, ["qty"]) } }),
    modes: { BACKWARD: ["field `lines[].qty` changed type integer → string"] },
  },
];

describe("checkCompatibility", () => {
  for (const c of cases) {
    for (const [mode, expected] of Object.entries(c.modes) as [CompatibilityMode, string[]][]) {
      it(`${c.name}: ${mode} → ${expected.length === 0 ? "compatible" : "refused"}`, () => {
        expect(checkCompatibility(mode, c.next, c.prev ?? [base]).map((b) => b.message)).toEqual(expected);
      });
    }
  }

  it("checks every earlier version under the transitive modes, only the last otherwise", () => {
    const v1 = obj({ id: str });
    const v2 = obj({ id: str, c: str }); // an optional field appears…
    const v3 = obj({ id: str }); // …goes away…
    const v4 = obj({ id: str, c: int }); // …and comes back with another type
    expect(checkCompatibility("BACKWARD", v4, [v1, v2, v3])).toEqual([]);
    expect(checkCompatibility("BACKWARD_TRANSITIVE", v4, [v1, v2, v3]).map((b) => b.message)).toEqual([
      "field `c` changed type string → integer (against version 2)",
    ]);
    expect(checkCompatibility("FULL_TRANSITIVE", v4, [v1, v2, v3]).map((b) => b.message)).toEqual([
      "field `c` changed type string → integer (against version 2)",
    ]);
  });

  it("accepts anything under NONE and a first version under any mode", () => {
    const changed = obj({ amount: str });
    expect(checkCompatibility("NONE", changed, [base])).toEqual([]);
    expect(checkCompatibility("FULL_TRANSITIVE", changed, [])).toEqual([]);
  });
});
