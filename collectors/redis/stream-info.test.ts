import { describe, expect, it } from "vitest";
import { isStreamPattern, literalStreamKey, redisConfig } from "@/collectors/redis/config";
import {
  groupLag,
  parseGroups,
  parsePending,
  streamGauges,
  type GroupInfo,
} from "@/collectors/redis/stream-info";

const group = (over: Partial<GroupInfo>): GroupInfo => ({
  name: "g",
  consumers: 2,
  pending: 7,
  lastDeliveredId: "1-0",
  entriesRead: 10,
  lag: 3,
  ...over,
});

describe("parseGroups", () => {
  it("reads XINFO GROUPS as Redis 7 sends it, null lag included", () => {
    const reply = [
      [
        "name",
        "billing",
        "consumers",
        1,
        "pending",
        2,
        "last-delivered-id",
        "5-0",
        "entries-read",
        5,
        "lag",
        null,
      ],
      ["name", "old", "consumers", 0, "pending", 0, "last-delivered-id", "0-0"],
    ];
    expect(parseGroups(reply)).toEqual([
      { name: "billing", consumers: 1, pending: 2, lastDeliveredId: "5-0", entriesRead: 5, lag: null },
      {
        name: "old",
        consumers: 0,
        pending: 0,
        lastDeliveredId: "0-0",
        entriesRead: undefined,
        lag: undefined,
      },
    ]);
  });
});

describe("groupLag", () => {
  it("uses Redis's lag when it reports one", () => {
    expect(groupLag(group({ lag: 3 }), 100)).toBe(3);
  });
  it("computes entries-added minus entries-read when Redis reports null", () => {
    expect(groupLag(group({ lag: null, entriesRead: 10 }), 25)).toBe(15);
  });
  it("falls back to pending before Redis 7", () => {
    expect(groupLag(group({ lag: undefined, entriesRead: undefined }), undefined)).toBe(7);
  });
});

describe("streamGauges", () => {
  it("reports depth and, per group, pending, lag and consumers", () => {
    expect(streamGauges("s", 42, [group({})], undefined)).toEqual([
      { channel: "s", name: "depth", value: 42 },
      { channel: "s", consumer: "g", name: "pending", value: 7 },
      { channel: "s", consumer: "g", name: "lag", value: 3 },
      { channel: "s", consumer: "g", name: "consumers", value: 2 },
    ]);
  });
});

describe("parsePending", () => {
  it("reads XPENDING's extended form", () => {
    expect(parsePending([["1-0", "app-1", 1500, 4], ["bad"]])).toEqual([
      { id: "1-0", consumer: "app-1", idleMs: 1500, deliveries: 4 },
    ]);
  });
});

describe("config", () => {
  it("fills the defaults", () => {
    const c = redisConfig.parse({ kind: "redis", url: "redis://127.0.0.1:6379", streams: ["orders"] });
    expect(c).toMatchObject({ name: "redis", pollIntervalMs: 5000, blockMs: 1000, count: 500 });
    expect(c.deadLetters).toEqual({ streams: [], claim: [] });
    const d = redisConfig.parse({
      kind: "redis",
      url: "rediss://h:6380",
      deadLetters: { streams: [{ stream: "dlq" }], claim: [{ stream: "s", group: "g", maxDeliveries: 3 }] },
    }).deadLetters;
    expect(d.streams[0]).toMatchObject({
      originalStreamField: "originalStream",
      reasonField: "reason",
      deleteAfterStore: true,
    });
    expect(d.claim[0]?.minIdleMs).toBe(60_000);
  });

  it("refuses bad input with messages that name the field and never the password", () => {
    const r = redisConfig.safeParse({
      kind: "redis",
      url: "http://user:secret@h",
      streams: ["s"],
      blockMs: 0,
    });
    expect(r.success).toBe(false);
    const text = JSON.stringify(r.error?.issues);
    expect(text).toContain("redis:// or rediss://");
    expect(text).toContain("blockMs must be at least 1");
    expect(text).not.toContain("secret");
    const empty = redisConfig.safeParse({ kind: "redis", url: "redis://h" });
    expect(JSON.stringify(empty.error?.issues)).toContain("at least one of streams");
    const unknown = redisConfig.safeParse({ kind: "redis", url: "redis://h", streams: ["s"], stream: "x" });
    expect(unknown.success).toBe(false);
  });

  it("tells globs from keys; a backslash makes a glob character literal", () => {
    expect(isStreamPattern("orders:*")).toBe(true);
    expect(isStreamPattern("orders:[ab]")).toBe(true);
    expect(isStreamPattern("orders")).toBe(false);
    expect(isStreamPattern("orders\\*")).toBe(false);
    expect(literalStreamKey("orders\\*")).toBe("orders*");
  });
});
