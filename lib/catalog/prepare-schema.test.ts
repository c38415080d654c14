import { describe, expect, it } from "vitest";
import { AppError } from "@/lib/errors";
import { DIALECT_2020, prepareSchema, SCHEMA_MAX_BYTES } from "@/lib/catalog/prepare-schema";

function refusal(
  raw: unknown,
  opts?: Parameters<typeof prepareSchema>[1],
): { code: string; message: string } {
  try {
    prepareSchema(raw, opts);
  } catch (err) {
    if (err instanceof AppError) return { code: err.code, message: err.message };
    throw err;
  }
  throw new Error("expected a refusal");
}

describe("prepareSchema", () => {
  it("stores a 2020-12 schema as given, with $schema naming 2020-12", () => {
    const out = prepareSchema({ type: "object", properties: { id: { type: "string", format: "uuid" } } });
    expect(out).toEqual({
      $schema: DIALECT_2020,
      type: "object",
      properties: { id: { type: "string", format: "uuid" } },
    });
  });

  it("accepts draft-07 and rewrites tuple items and dependencies in 2020-12 terms", () => {
    const out = prepareSchema({
      $schema: "http://json-schema.org/draft-07/schema#",
      type: "object",
      properties: {
        point: { type: "array", items: [{ type: "number" }, { type: "number" }], additionalItems: false },
        tags: { type: "array", items: { type: "string" } },
      },
      dependencies: { card: ["billing"], vat: { required: ["country"] } },
      definitions: { id: { type: "string" } },
    });
    expect(out).toEqual({
      $schema: DIALECT_2020,
      type: "object",
      properties: {
        point: { type: "array", prefixItems: [{ type: "number" }, { type: "number" }], items: false },
        tags: { type: "array", items: { type: "string" } },
      },
      dependentRequired: { card: ["billing"] },
      dependentSchemas: { vat: { required: ["country"] } },
      definitions: { id: { type: "string" } },
    });
  });

  it("treats a schema without $schema as the given default dialect", () => {
    const out = prepareSchema({ type: "array", items: [{ type: "string" }] }, { defaultDialect: "draft-07" });
    expect(out).toEqual({ $schema: DIALECT_2020, type: "array", prefixItems: [{ type: "string" }] });
    expect(refusal({ type: "array", items: [{ type: "string" }] }).message).toContain("/items must be");
  });

  it.each([
    [[{ type: "string" }], "must be a JSON object (a JSON Schema), not an array"],
    ["{}", "must be a JSON object (a JSON Schema), not string"],
    [
      { type: "strng" },
      "is not a valid JSON Schema (2020-12): /type must be equal to one of the allowed values",
    ],
    [{ properties: { a: { minimum: "1" } }, required: "a" }, "/properties/a/minimum must be number"],
    [
      { type: "string", pattern: "(" },
      "does not compile as JSON Schema (2020-12): Invalid regular expression",
    ],
    [{ $ref: "#/$defs/missing" }, "can't resolve reference #/$defs/missing"],
    [{ $schema: 7 }, '"$schema" must be a string'],
    [{ $schema: "http://json-schema.org/draft-04/schema#" }, "is not supported: use JSON Schema 2020-12"],
  ])("refuses %j with a clear message", (raw, message) => {
    const r = refusal(raw);
    expect(r.code).toBe("bad_request");
    expect(r.message).toContain(message);
  });

  it("refuses remote $refs, naming where they are, but not data that looks like one", () => {
    const r = refusal({
      type: "object",
      properties: { a: { $ref: "https://example.com/a.json" }, b: { $ref: "common.json#/x" } },
      examples: [{ $ref: "https://example.com/not-a-ref" }],
    });
    expect(r.message).toContain("refers outside itself at");
    expect(r.message).toContain('/properties/a/$ref ("https://example.com/a.json")');
    expect(r.message).toContain('/properties/b/$ref ("common.json#/x")');
    expect(r.message).not.toContain("not-a-ref");
    expect(() => prepareSchema({ const: { $ref: "http://x" } })).not.toThrow();
  });

  it("refuses a schema nested deeper than 64 levels before walking it", () => {
    let deep: Record<string, unknown> = { type: "string" };
    for (let i = 0; i < 100_000; i++) deep = { items: deep };
    expect(refusal(deep).message).toContain("nested more than 64 levels deep");
  });

  it("refuses more than 1 MiB with payload_too_large", () => {
    const big = { type: "string", description: "x".repeat(SCHEMA_MAX_BYTES) };
    expect(refusal(big)).toMatchObject({ code: "payload_too_large" });
  });

  it("lets two schemas with the same $id be checked one after the other", () => {
    const s = { $id: "https://example.com/order", type: "object" };
    expect(prepareSchema(s)).toMatchObject({ $id: "https://example.com/order" });
    expect(prepareSchema(s)).toMatchObject({ $id: "https://example.com/order" });
  });
});
