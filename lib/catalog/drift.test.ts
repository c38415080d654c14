import { describe, expect, it } from "vitest";
import { schemaDrift } from "@/lib/catalog/drift";

const registered = {
  type: "object",
  properties: {
    id: { type: "string" },
    amount: { type: "number" },
    currency: { type: "string" },
    lines: { type: "array", items: { type: "object", properties: { sku: { type: "string" } } } },
  },
  required: ["id", "amount", "currency"],
};

describe("schemaDrift", () => {
  it("finds nothing when live traffic matches (integer is a number)", () => {
    const live = {
      type: "object",
      properties: { id: { type: "string" }, amount: { type: "integer" }, currency: { type: "string" } },
      required: ["id", "amount", "currency"],
    };
    expect(schemaDrift(registered, live)).toEqual([]);
  });

  it("lists new fields, missing required fields and changed types in words", () => {
    const live = {
      type: "object",
      properties: {
        id: { type: "string" },
        amount: { type: "string" },
        coupon: { type: "string" },
        lines: { type: "array", items: { type: "object", properties: { sku: { type: "integer" } } } },
      },
      required: ["id", "amount"],
    };
    expect(schemaDrift(registered, live)).toEqual([
      {
        kind: "added",
        path: "coupon",
        message: "field `coupon` is in live traffic but not in the registered schema",
      },
      {
        kind: "missing",
        path: "currency",
        message: "required field `currency` is missing from live traffic",
      },
      {
        kind: "type",
        path: "amount",
        message: "field `amount` is string in live traffic; registered as number",
      },
      {
        kind: "type",
        path: "lines[].sku",
        message: "field `lines[].sku` is integer in live traffic; registered as string",
      },
    ]);
  });

  it("says a required field is missing only from some events when it is optional in traffic", () => {
    const live = {
      type: "object",
      properties: { id: { type: "string" }, amount: { type: "number" }, currency: { type: "string" } },
      required: ["id", "amount"],
    };
    expect(schemaDrift(registered, live).map((c) => c.message)).toEqual([
      "required field `currency` is missing from some live events",
    ]);
  });
});
