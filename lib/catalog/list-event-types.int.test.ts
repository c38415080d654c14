// The catalog list through GET /api/v1/event-types on real Postgres: each filter, each sort,
// keyset pages that neither skip nor repeat, facets, the page's links and sparklines, and a clear
// 400 for every bad query value.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as list from "@/app/api/v1/event-types/route";
import type { EventTypeList } from "@/lib/catalog/api-types";
import { link, makeType, rollup, version, violation } from "@/lib/catalog/test-factories";
import { sessionOf } from "@/lib/testing/auth-callers";
import { call, makeUser, type Caller } from "@/lib/testing/http-client";
import { createTestDatabase, type TestDatabase } from "@/lib/testing/test-db";

let db: TestDatabase;
let viewer: Caller;

const MINUTE = 60_000;
// Minutes ago that stay in the same five-minute bucket if the clock crosses a minute mid-test.
const ago = (minutes: number) => new Date(Date.now() - minutes * MINUTE);
const FILLERS = ["zeta.F1", "zeta.F2", "zeta.F3", "zeta.F4", "zeta.F5"];

beforeAll(async () => {
  db = await createTestDatabase();
  viewer = await sessionOf(await makeUser("viewer"));
  const placed = await makeType("orders.Placed", {
    owner: "team-orders",
    tags: ["orders", "core"],
    drift: { registeredVersion: 1, inferredVersion: 2, changes: [] },
    lastSeenAt: ago(1),
  });
  const cancelled = await makeType("orders.Cancelled", {
    owner: "team-orders",
    tags: ["orders"],
    lastSeenAt: ago(2),
  });
  const captured = await makeType("payments.Captured", {
    owner: "team-pay",
    tags: ["payments"],
    description: "Money taken from the card",
    lastSeenAt: ago(3),
  });
  const signedUp = await makeType("users.SignedUp", { lastSeenAt: ago(600) });
  for (const [i, name] of FILLERS.entries()) await makeType(name, { lastSeenAt: ago(700 + i) });

  await link(placed, { broker: "rabbit", channel: "orders", service: "checkout", role: "produce" });
  await link(placed, { broker: "rabbit", channel: "orders", service: "billing", role: "consume" });
  await link(cancelled, { broker: "rabbit", channel: "orders", service: "checkout", role: "produce" });
  await link(captured, { broker: "nats", channel: "payments", service: "payments", role: "produce" });
  await link(captured, { broker: "nats", channel: "payments", service: "ledger", role: "consume" });
  await link(signedUp, { broker: "redis", channel: "users", service: null, role: "produce" });

  await rollup(placed, { minute: ago(3), count: 60 });
  await rollup(placed, { minute: ago(33), count: 40 });
  await rollup(placed, { minute: ago(3), edge: "consume", count: 999 }); // not produce: not counted
  await rollup(placed, { minute: ago(90), count: 1000 }); // before the hour
  await rollup(cancelled, { minute: ago(3), count: 10 });
  await rollup(captured, { minute: ago(33), count: 50 });

  const v1 = await version(placed, { version: 1, source: "registered", definition: { type: "object" } });
  await violation(placed, v1, { path: "/amount", keyword: "type", message: "must be number", count: 7 });
  await violation(placed, v1, { path: "", keyword: "required", message: "must have id", count: 2 });
});
afterAll(async () => db.drop());

async function get(query: string, caller: Caller = viewer) {
  return call(list.GET, `/api/v1/event-types${query}`, caller);
}

async function names(query: string): Promise<string[]> {
  const res = await get(query);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return (res.body as unknown as EventTypeList).items.map((i) => i.name);
}

describe("GET /api/v1/event-types", () => {
  it("lists by name with totals, facets, links, violations and the hour's sparkline", async () => {
    const res = await get("");
    const body = res.body as unknown as EventTypeList;
    expect(body.total).toBe(9);
    expect(body.nextCursor).toBeNull();
    expect(body.items.map((i) => i.name)).toEqual([
      "orders.Cancelled",
      "orders.Placed",
      "payments.Captured",
      "users.SignedUp",
      ...FILLERS,
    ]);
    expect(body.facets).toEqual({
      brokers: ["nats", "rabbit", "redis"],
      channels: ["orders", "payments", "users"],
      producers: ["checkout", "payments"],
      owners: ["team-orders", "team-pay"],
      tags: ["core", "orders", "payments"],
    });
    const placed = body.items.find((i) => i.name === "orders.Placed")!;
    expect(placed).toMatchObject({
      owner: "team-orders",
      tags: ["orders", "core"],
      brokers: ["rabbit"],
      channels: ["orders"],
      producers: ["checkout"],
      consumers: ["billing"],
      registeredVersion: 1,
      inferredVersion: null,
      compatibility: "BACKWARD",
      drifted: true,
      violations: 9,
      lastHour: 100,
    });
    // 12 buckets of 5 minutes, oldest first, in events per minute.
    expect(placed.throughput).toEqual([0, 0, 0, 0, 0, 8, 0, 0, 0, 0, 0, 12]);
    const signedUp = body.items.find((i) => i.name === "users.SignedUp")!;
    expect(signedUp).toMatchObject({ producers: [], brokers: ["redis"], lastHour: 0, violations: 0 });
    expect(signedUp.throughput).toEqual(new Array(12).fill(0));
  });

  it.each([
    ["?q=money", ["payments.Captured"]],
    ["?q=ORDERS.", ["orders.Cancelled", "orders.Placed"]],
    ["?q=%25", []],
    ["?q=_", []],
    ["?broker=nats", ["payments.Captured"]],
    ["?channel=orders", ["orders.Cancelled", "orders.Placed"]],
    ["?broker=nats&channel=orders", []],
    ["?producer=checkout", ["orders.Cancelled", "orders.Placed"]],
    ["?consumer=ledger", ["payments.Captured"]],
    ["?producer=ledger", []],
    ["?owner=team-pay", ["payments.Captured"]],
    ["?tag=core", ["orders.Placed"]],
    ["?drifted=true", ["orders.Placed"]],
    ["?violations=1", ["orders.Placed"]],
    ["?violations=false&owner=team-orders", ["orders.Cancelled"]],
  ])("filters %s", async (query, expected) => {
    expect(await names(query)).toEqual(expected);
    expect(((await get(query)).body as unknown as EventTypeList).total).toBe(expected.length);
  });

  it("sorts by throughput (busiest first by default) and by last seen", async () => {
    expect((await names("?sort=throughput")).slice(0, 4)).toEqual([
      "orders.Placed",
      "payments.Captured",
      "orders.Cancelled",
      "zeta.F5", // zero: ties by name, in the same direction
    ]);
    expect((await names("?sort=throughput&order=asc")).slice(-3)).toEqual([
      "orders.Cancelled",
      "payments.Captured",
      "orders.Placed",
    ]);
    expect((await names("?sort=lastSeen")).slice(0, 4)).toEqual([
      "orders.Placed",
      "orders.Cancelled",
      "payments.Captured",
      "users.SignedUp",
    ]);
    expect(await names("?order=desc&limit=2")).toEqual(["zeta.F5", "zeta.F4"]);
  });

  it.each(["sort=name", "sort=name&order=desc", "sort=throughput", "sort=lastSeen&order=asc", "tag=orders"])(
    "walks every page of %s in order, each type once",
    async (query) => {
      const whole = await names(`?${query}`);
      const walked: string[] = [];
      let cursor: string | null = null;
      for (let pages = 0; pages < 20; pages++) {
        const res = await get(`?${query}&limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`);
        const body = res.body as unknown as EventTypeList;
        expect(body.items.length).toBeLessThanOrEqual(2);
        expect(body.total).toBe(whole.length);
        walked.push(...body.items.map((i) => i.name));
        cursor = body.nextCursor;
        if (!cursor) break;
      }
      expect(walked).toEqual(whole);
    },
  );

  it.each([
    ["?sort=size", 'sort: must be one of "name", "throughput", "lastSeen"'],
    ["?order=up", 'order: must be "asc" or "desc"'],
    ["?limit=0", "limit: must be at least 1"],
    ["?limit=10000", "limit: must be at most 200"],
    ["?limit=ten", "limit: must be a number"],
    ["?limit=2.5", "limit: must be a whole number"],
    ["?drifted=maybe", 'drifted: must be "true" or "false"'],
    ["?q=", "q: q must not be empty"],
    ["?colour=red", 'Unrecognized key: "colour"'],
    ["?tag=a&tag=b", "tag: must be given once"],
    ["?cursor=garbage", "cursor: not a cursor this API made"],
    [`?cursor=${Buffer.from('{"s":1}').toString("base64url")}`, "cursor: not a cursor this API made"],
  ])("refuses %s with 400 and says why", async (query, message) => {
    const res = await get(query);
    expect(res.status).toBe(400);
    expect((res.body.error as { message: string }).message).toContain(message);
  });

  it("refuses a cursor made for another sort or other filters", async () => {
    const first = (await get("?limit=2")).body as unknown as EventTypeList;
    const cursor = encodeURIComponent(first.nextCursor!);
    for (const query of [`?sort=lastSeen&limit=2&cursor=${cursor}`, `?tag=orders&limit=2&cursor=${cursor}`]) {
      const res = await get(query);
      expect(res.status).toBe(400);
      expect((res.body.error as { message: string }).message).toContain("another sort, order or filters");
    }
    // A cursor of the name sort carrying a number as its value is refused, not cast.
    const decoded = JSON.parse(Buffer.from(first.nextCursor!, "base64url").toString()) as { v: unknown };
    const forged = Buffer.from(JSON.stringify({ ...decoded, v: 5 })).toString("base64url");
    expect((await get(`?limit=2&cursor=${forged}`)).status).toBe(400);
  });

  it("answers nobody with 401", async () => {
    expect((await get("", { kind: "anonymous" })).status).toBe(401);
  });
});
