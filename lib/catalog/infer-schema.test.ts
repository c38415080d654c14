import { describe, expect, it } from "vitest";
import { canonicalJson, schemaFingerprint, withoutEnums } from "@/lib/catalog/fingerprint";
import {
  addSample,
  emptySummary,
  inferSchema,
  mergeSummaries,
  toJsonSchema,
} from "@/lib/catalog/infer-schema";

const order = (i: number) => ({
  orderId: `3f2b1c9e-8d4a-4e6b-9f1a-${String(100000000000 + i)}`,
  placedAt: `2026-11-${String(1 + (i % 28)).padStart(2, "0")}T10:00:00Z`,
  customer: {
    email: `c${i}@shop.example`,
    tier: ["gold", "silver", "basic"][i % 3],
    note: i % 2 ? null : "gift",
  },
  lines: [
    { sku: `s-${i}`, qty: 1 + (i % 3), price: 9.5 },
    { sku: `t-${i}`, qty: 2, price: 12 },
  ],
  total: i % 4 === 0 ? 10 : 10.5,
  ...(i % 5 === 0 ? { coupon: `C${i}` } : {}),
});

describe("inferSchema", () => {
  it("infers nested objects, arrays of objects, required, nullable, formats and enums from real-shaped payloads", () => {
    const schema = inferSchema(Array.from({ length: 30 }, (_, i) => order(i)));
    expect(schema).toEqual({
      $schema: "https://json-schema.org/draft/2020-12/schema",
      type: "object",
      required: ["customer", "lines", "orderId", "placedAt", "total"],
      properties: {
        coupon: { type: "string" },
        customer: {
          type: "object",
          required: ["email", "note", "tier"],
          properties: {
            email: { type: "string", format: "email" },
            note: { type: ["string", "null"], enum: ["gift", null] },
            tier: { type: "string", enum: ["basic", "gold", "silver"] },
          },
        },
        lines: {
          type: "array",
          items: {
            type: "object",
            required: ["price", "qty", "sku"],
            properties: { price: { type: "number" }, qty: { type: "integer" }, sku: { type: "string" } },
          },
        },
        orderId: { type: "string", format: "uuid" },
        placedAt: { type: "string", format: "date-time" },
        total: { type: "number" },
      },
    });
  });

  it("keeps a type change and drops a format or enum the data no longer supports", () => {
    const schema = inferSchema([
      { amount: 10, at: "2026-01-01T00:00:00Z", kind: "a" },
      { amount: "10.00", at: "yesterday", kind: "a" },
      { amount: 12, at: "2026-01-02T00:00:00Z", kind: "a" },
    ]);
    expect(schema.properties).toEqual({
      amount: { type: ["string", "integer"] },
      at: { type: "string" },
      kind: { type: "string" }, // one value seen three times: too few to call it an enum
    });
  });

  it("merges summaries as if all samples had been seen together", () => {
    const samples = Array.from({ length: 40 }, (_, i) => order(i));
    const a = emptySummary();
    const b = emptySummary();
    samples.forEach((s, i) => addSample(i < 13 ? a : b, s));
    const merged = JSON.parse(JSON.stringify(mergeSummaries(a, b))) as typeof a; // it survives storage as JSON
    expect(toJsonSchema(merged)).toEqual(inferSchema(samples));
  });

  it("handles top-level arrays, empty arrays, scalars and hostile keys", () => {
    expect(inferSchema([[1, 2], []])).toMatchObject({ type: "array", items: { type: "integer" } });
    expect(inferSchema([{ tags: [] }])).toMatchObject({ properties: { tags: { type: "array", items: {} } } });
    expect(inferSchema([true, false])).toMatchObject({ type: "boolean" });
    const hostile = JSON.parse('{"__proto__": {"x": 1}, "constructor": 2}') as unknown;
    const schema = inferSchema([hostile]);
    expect(Object.keys(schema.properties as object)).toEqual(["__proto__", "constructor"]);
    expect(({} as Record<string, unknown>).x).toBeUndefined();
  });
});

describe("schemaFingerprint", () => {
  it("is the same for the same schema in any key order, and differs otherwise", () => {
    const a = { type: "object", properties: { a: { type: "string" }, b: { type: "integer" } } };
    const b = { properties: { b: { type: "integer" }, a: { type: "string" } }, type: "object" };
    expect(canonicalJson(a)).toBe(canonicalJson(b));
    expect(schemaFingerprint(a)).toBe(schemaFingerprint(b));
    expect(schemaFingerprint(a)).not.toBe(schemaFingerprint({ ...a, required: ["a"] }));
  });
});

describe("withoutEnums", () => {
  it("drops inferred enums at every level but keeps a property named enum", () => {
    const schema = {
      type: "object",
      properties: {
        status: { type: "string", enum: ["a", "b"] },
        enum: { type: "array", items: { type: "string", enum: ["x"] } },
      },
      required: ["status"],
    };
    expect(withoutEnums(schema)).toEqual({
      type: "object",
      properties: { status: { type: "string" }, enum: { type: "array", items: { type: "string" } } },
      required: ["status"],
    });
  });
});
