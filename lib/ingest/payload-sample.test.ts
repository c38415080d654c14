import { describe, expect, it } from "vitest";
import { samplePayload, toJsonb, truncatedSample } from "@/lib/ingest/payload-sample";
import { MAX_DEPTH, shapeHash } from "@/lib/ingest/shape-hash";
import { makeRedactor, redactHeaders } from "@/lib/ingest/redact";

const redactor = makeRedactor(["password", "cardNumber", "authorization", "token"]);

describe("redaction", () => {
  it("replaces matching fields at any depth, case-insensitively, and reports the original size", () => {
    const payload = {
      user: { name: "ann", PASSWORD: "hunter2" },
      items: [{ sku: "a", cardnumber: 4111111111111111 }],
      token: { nested: true },
    };
    const original = JSON.stringify(payload);
    const s = samplePayload(payload, { redactor, maxBytes: 4096 });
    if (typeof s === "string") throw new Error(s);
    expect(JSON.parse(s.json!)).toEqual({
      user: { name: "ann", PASSWORD: "[redacted]" },
      items: [{ sku: "a", cardnumber: "[redacted]" }],
      token: "[redacted]",
    });
    expect(s.json).not.toContain("hunter2");
    expect(s.json).not.toContain("4111");
    expect(s.size).toBe(Buffer.byteLength(original));
  });

  it("redacts headers by name", () => {
    const headers: Record<string, unknown> = {
      Authorization: "Bearer x",
      "content-type": "application/json",
    };
    expect(redactHeaders(headers, redactor)).toBe(true);
    expect(headers).toEqual({ Authorization: "[redacted]", "content-type": "application/json" });
  });
});

describe("truncation", () => {
  it("keeps small payloads whole", () => {
    const s = samplePayload({ a: 1 }, { redactor, maxBytes: 100 });
    expect(s).toMatchObject({ json: '{"a":1}', truncated: false, size: 7 });
  });

  it("stores a valid-JSON preview of the first bytes when over the limit", () => {
    const payload = { text: "x".repeat(5000) };
    const s = samplePayload(payload, { redactor, maxBytes: 512, declaredSize: 9999 });
    if (typeof s === "string") throw new Error(s);
    expect(s.truncated).toBe(true);
    expect(s.size).toBe(9999);
    const stored = JSON.parse(s.json!) as { _truncated: boolean; size: number; preview: string };
    expect(stored._truncated).toBe(true);
    expect(stored.size).toBe(5011);
    expect(stored.preview).toBe(`{"text":"${"x".repeat(512 - 64 - 9)}`);
    expect(Buffer.byteLength(s.json!)).toBeLessThan(600);
  });

  it("cuts multi-byte text on a character boundary", () => {
    const json = JSON.stringify({ t: "é".repeat(100) });
    const out = JSON.parse(truncatedSample(json, Buffer.byteLength(json), 64 + 8)) as { preview: string };
    expect(out.preview).toBe('{"t":"é');
    expect(out.preview).not.toContain("\uFFFD");
  });
});

describe("shape hash", () => {
  it("depends on keys and types, not values or key order", () => {
    expect(shapeHash({ b: 1, a: "x" })).toMatch(/^[0-9a-f]{16}$/);
    expect(shapeHash({ b: 1, a: "x" })).toBe(shapeHash({ a: "y", b: 2 }));
    expect(shapeHash({ a: 1 })).not.toBe(shapeHash({ a: "1" }));
    expect(shapeHash({ a: 1 })).not.toBe(shapeHash({ b: 1 }));
    expect(shapeHash({ a: 1 })).not.toBe(shapeHash({ a: 1, b: null }));
    expect(shapeHash({ a: { b: 1 }, c: "s" })).not.toBe(shapeHash({ a: "s", c: { b: 1 } }));
    expect(shapeHash({ a: { b: 1 } })).not.toBe(shapeHash({ a: [{ b: 1 }] }));
    expect(shapeHash({})).not.toBe(shapeHash([]));
  });

  it("treats arrays as the set of their elements' shapes", () => {
    expect(shapeHash({ items: [{ x: 1 }, { y: 2 }, { x: 3 }] })).toBe(
      shapeHash({ items: [{ y: 0 }, { x: 0 }] }),
    );
    expect(shapeHash([1, 2, 3])).toBe(shapeHash([7]));
    expect(shapeHash([1, "a"])).toBe(shapeHash(["b", 2, 3]));
    expect(shapeHash([1, "a"])).not.toBe(shapeHash([1]));
    expect(shapeHash([])).not.toBe(shapeHash([1]));
  });

  it("is the shape of what is stored: a redacted field counts as a string", () => {
    const s = samplePayload({ password: 42, n: 1 }, { redactor, maxBytes: 4096 });
    if (typeof s === "string") throw new Error(s);
    expect(s.shapeHash).toBe(shapeHash({ password: "x", n: 1 }));
    expect(s.shapeHash).not.toBe(shapeHash({ password: 1, n: 1 }));
  });

  it("refuses payloads nested deeper than the limit", () => {
    let deep: unknown = 1;
    for (let i = 0; i < MAX_DEPTH + 1; i++) deep = { d: deep };
    expect(samplePayload(deep, { redactor, maxBytes: 4096 })).toBe(
      `payload: is nested deeper than ${MAX_DEPTH} levels`,
    );
    expect(shapeHash(deep)).toBeNull();
  });
});

describe("jsonb safety", () => {
  it("replaces NUL and lone surrogates that jsonb refuses, leaving escaped backslashes alone", () => {
    expect(toJsonb({ a: "x\u0000y", b: "\ud800", c: "😀" })).toBe('{"a":"x\uFFFDy","b":"\uFFFD","c":"😀"}');
    expect(toJsonb({ a: "\\u0000" })).toBe(JSON.stringify({ a: "\\u0000" }));
  });
});
