import { describe, expect, it } from "vitest";
import {
  decodeHeaders,
  headerBinaryInt,
  headerBytes,
  headerDecimalInt,
  headerText,
  utf8OrUndefined,
} from "@/collectors/kafka/record-headers";

const b = (s: string) => Buffer.from(s, "utf8");

describe("decodeHeaders", () => {
  it("decodes names as UTF-8 and passes values through as the same Buffers", () => {
    const traceparent = b("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01");
    const binary = Buffer.from([0x00, 0xff, 0x10]);
    const h = decodeHeaders(
      new Map([
        [b("traceparent"), traceparent],
        [b("ünïcode-näme"), binary],
      ]),
    );
    expect(Object.keys(h)).toEqual(["traceparent", "ünïcode-näme"]);
    expect(h.traceparent).toBe(traceparent);
    expect(h["ünïcode-näme"]).toBe(binary);
  });

  it("keeps a null value as null and skips a null name", () => {
    const h = decodeHeaders([
      [b("flag"), undefined],
      [b("empty"), null],
      [null, b("orphan")],
      [undefined, b("orphan")],
    ]);
    expect(h).toEqual({ flag: null, empty: null });
  });

  it("accepts what other deserializers hand over: strings, Uint8Arrays, numbers", () => {
    const u8 = new Uint8Array([1, 2, 3]);
    const h = decodeHeaders([
      ["already-a-string", "text"],
      [new Uint8Array(b("u8-name")), u8],
      [7, 42],
    ]);
    expect(h["already-a-string"]).toBe("text");
    expect(Buffer.isBuffer(h["u8-name"])).toBe(true);
    expect(h["u8-name"]).toEqual(Buffer.from([1, 2, 3]));
    expect(h["7"]).toBe(42);
  });

  it("keeps the last of a repeated name", () => {
    expect(
      decodeHeaders([
        [b("x"), b("1")],
        [b("x"), b("2")],
      ]).x,
    ).toEqual(b("2"));
  });
});

describe("typed header reads", () => {
  const headers = {
    text: b("Connect said so"),
    str: "plain",
    num: 12,
    nul: null,
    obj: { not: "bytes" },
    int4: Buffer.from([0x00, 0x00, 0x00, 0x07]),
    long8: Buffer.from([0x00, 0x00, 0x01, 0x8b, 0xcf, 0xe5, 0x68, 0x00]),
    negative: Buffer.from([0xff, 0xff, 0xff, 0xff]),
    oneByte: Buffer.from([0x03]),
    tooLong: Buffer.alloc(9, 1),
    empty: Buffer.alloc(0),
    decimal: b("1234"),
    spaced: b(" 42 "),
    notDecimal: b("12a"),
  };

  it("reads text from Buffers, strings and numbers; nothing from null or objects", () => {
    expect(headerText(headers, "text")).toBe("Connect said so");
    expect(headerText(headers, "str")).toBe("plain");
    expect(headerText(headers, "num")).toBe("12");
    expect(headerText(headers, "nul")).toBeUndefined();
    expect(headerText(headers, "obj")).toBeUndefined();
    expect(headerText(headers, "absent")).toBeUndefined();
    expect(headerBytes(headers, "str")).toEqual(b("plain"));
    expect(headerBytes(headers, "num")).toBeUndefined();
  });

  it("reads Java's big-endian ints of any width up to 8 bytes", () => {
    expect(headerBinaryInt(headers, "int4")).toBe(7n);
    expect(headerBinaryInt(headers, "long8")).toBe(1_700_000_000_000n);
    expect(headerBinaryInt(headers, "negative")).toBe(-1n);
    expect(headerBinaryInt(headers, "oneByte")).toBe(3n);
    expect(headerBinaryInt(headers, "num")).toBe(12n);
    expect(headerBinaryInt(headers, "oneByte", [4])).toBeUndefined();
    expect(headerBinaryInt(headers, "int4", [4])).toBe(7n);
    for (const name of ["tooLong", "empty", "str", "nul", "obj", "absent"])
      expect(headerBinaryInt(headers, name)).toBeUndefined();
  });

  it("reads decimal text, and nothing from other text", () => {
    expect(headerDecimalInt(headers, "decimal")).toBe(1234n);
    expect(headerDecimalInt(headers, "spaced")).toBe(42n);
    expect(headerDecimalInt(headers, "notDecimal")).toBeUndefined();
    expect(headerDecimalInt(headers, "int4")).toBeUndefined();
  });
});

describe("utf8OrUndefined", () => {
  it("returns text only when it round-trips to the same bytes", () => {
    expect(utf8OrUndefined(b("order-42"))).toBe("order-42");
    expect(utf8OrUndefined(b("\uFEFFbom-kept"))).toBe("\uFEFFbom-kept");
    expect(utf8OrUndefined(Buffer.from([0x00, 0x00, 0x00, 0x2a, 0xc3]))).toBeUndefined();
    expect(utf8OrUndefined(Buffer.from([0xff, 0xfe]))).toBeUndefined();
    expect(utf8OrUndefined(undefined)).toBeUndefined();
  });
});
