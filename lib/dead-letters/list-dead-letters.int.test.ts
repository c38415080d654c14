// The DLQ list, groups and facets over real Postgres, on dead letters stored by real ingest: every
// filter, every sort, keyset pages without duplicates or gaps (even when timestamps are equal), and
// a 400 naming the field for every bad parameter.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as facetsRoute from "@/app/api/v1/dead-letters/facets/route";
import * as groupsRoute from "@/app/api/v1/dead-letters/groups/route";
import * as listRoute from "@/app/api/v1/dead-letters/route";
import { pool } from "@/lib/db/client";
import type { DeadLetterFacets, DeadLetterGroups, DeadLetterList } from "@/lib/dead-letters/api-types";
import { ingestBody } from "@/lib/ingest/ingest-batch";
import { makeDeadLetter, recentIso } from "@/lib/ingest/test-factories";
import { apiTokenOf } from "@/lib/testing/auth-callers";
import type { GuardedHandler } from "@/lib/http/handler";
import { call, makeUser, type Caller } from "@/lib/testing/http-client";
import { createTestDatabase, type TestDatabase } from "@/lib/testing/test-db";

let db: TestDatabase;
let viewer: Caller;
const SAME_TIME = recentIso(1000);

beforeAll(async () => {
  db = await createTestDatabase();
  viewer = (await apiTokenOf(await makeUser("viewer"), ["events:read"])).caller;
  await ingestBody(
    JSON.stringify({
      deadLetters: [
        // 23 with one failure time: the cursor must page through ties by id.
        ...Array.from({ length: 23 }, (_, i) =>
          makeDeadLetter({
            id: `tie-${i}`,
            reason: "error",
            error: `Order ${i} failed: timeout after ${i * 100} ms`,
            failedAt: SAME_TIME,
            firstFailedAt: recentIso(i),
            attempts: 1 + (i % 4),
          }),
        ),
        makeDeadLetter({
          id: "exp-1",
          reason: "expired",
          failedAt: recentIso(2000),
          payload: '{"sku":"needle-77"}',
        }),
        makeDeadLetter({
          id: "nats-1",
          broker: "nats",
          channel: "payments.dlq",
          originalChannel: "payments",
          type: "PaymentFailed",
          reason: "max_deliveries",
          error: "card declined",
          attempts: 9,
          failedAt: recentIso(3000),
        }),
        makeDeadLetter({ id: "untyped-1", type: undefined, reason: "rejected", failedAt: recentIso(4000) }),
        makeDeadLetter({ id: "gone-1", reason: "rejected", failedAt: recentIso(5000) }),
      ],
    }),
  );
  await pool().query("UPDATE dead_letters SET state = 'discarded' WHERE dedupe_key = 'gone-1'");
  await pool().query("UPDATE dead_letters SET state = 'reprocessed' WHERE dedupe_key = 'tie-0'");
});
afterAll(async () => db.drop());

async function get<T>(handler: GuardedHandler, path: string): Promise<{ status: number; body: T }> {
  const res = await call(handler, path, viewer);
  return { status: res.status, body: res.body as unknown as T };
}

async function list(query: string): Promise<DeadLetterList> {
  const res = await get<DeadLetterList>(listRoute.GET, `/api/v1/dead-letters?${query}`);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body;
}

async function keys(query: string): Promise<string[]> {
  const l = await list(`${query}&limit=200`);
  const { rows } = await pool().query<{ id: string; dedupe_key: string }>(
    "SELECT id, dedupe_key FROM dead_letters WHERE id = ANY($1::uuid[])",
    [l.items.map((i) => i.id)],
  );
  const by = new Map(rows.map((r) => [r.id, r.dedupe_key]));
  return l.items.map((i) => by.get(i.id)!);
}

/** Every page of a walk, following nextCursor. */
async function walk(query: string): Promise<string[]> {
  const seen: string[] = [];
  let cursor: string | null = null;
  let pages = 0;
  do {
    const page: DeadLetterList = await list(
      `${query}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`,
    );
    if (pages > 0) expect(page.total).toBeNull();
    seen.push(...page.items.map((i) => i.id));
    cursor = page.nextCursor;
    pages++;
  } while (cursor && pages < 50);
  return seen;
}

describe("GET /api/v1/dead-letters", () => {
  it("lists newest failure first, with every field, and a capped count on the first page", async () => {
    const l = await list("");
    expect(l.total).toEqual({ count: 26, capped: false });
    expect(l.items).toHaveLength(26);
    expect(l.items[0]).toMatchObject({
      broker: "rabbit",
      dlq: { name: "orders.dlq" },
      originalDestination: "orders",
      eventType: null,
      reason: "rejected",
      state: "pending",
      payloadSize: 15,
    });
    const nats = l.items.find((i) => i.broker === "nats")!;
    expect(nats).toMatchObject({
      dlq: { name: "payments.dlq" },
      eventType: "PaymentFailed",
      reason: "max_deliveries",
      error: "card declined",
      errorTruncated: false,
      attempts: 9,
    });
    expect(nats.groupId).toMatch(/^[0-9a-f]{32}$/);
    const times = l.items.map((i) => i.lastFailedAt);
    expect([...times].sort().reverse()).toEqual(times);
  });

  it("narrows by every filter", async () => {
    expect(await keys("reason=expired")).toEqual(["exp-1"]);
    expect(await keys("broker=nats")).toEqual(["nats-1"]);
    expect(await keys("type=PaymentFailed")).toEqual(["nats-1"]);
    expect(await keys("untyped=1")).toEqual(["untyped-1"]);
    expect(await keys("state=discarded")).toEqual(["gone-1"]);
    expect(await keys("state=reprocessed,discarded")).toEqual(expect.arrayContaining(["tie-0", "gone-1"]));
    expect(await keys("q=NEEDLE-77")).toEqual(["exp-1"]);
    expect(await keys(`from=${encodeURIComponent(recentIso(2500))}`)).toEqual(["untyped-1", "nats-1"]);
    expect(await keys(`to=${encodeURIComponent(recentIso(1500))}`)).toHaveLength(23);
    const dlq = (await list("broker=nats")).items[0]!.dlq.id;
    expect(await keys(`dlq=${dlq}`)).toEqual(["nats-1"]);
    const group = (await list("q=Order%201%20failed&reason=error")).items[0]!.groupId;
    expect(await keys(`groupId=${group}`)).toHaveLength(23);
  });

  it("sorts by first failure and attempts, both ways", async () => {
    const first = await list("sort=firstFailedAt&order=asc&limit=200");
    const f = first.items.map((i) => i.firstFailedAt);
    expect([...f].sort()).toEqual(f);
    const att = await list("sort=attempts&order=desc&limit=200");
    const a = att.items.map((i) => i.attempts);
    expect(a[0]).toBe(9);
    expect([...a].sort((x, y) => y - x)).toEqual(a);
    const asc = await list("sort=lastFailedAt&order=asc&limit=200");
    expect(asc.items[0]!.lastFailedAt).toBe(SAME_TIME);
  });

  it("pages with the cursor through equal timestamps without duplicates or gaps, in every sort", async () => {
    const all = (await list("limit=200")).items.map((i) => i.id);
    for (const q of [
      "limit=4",
      "limit=5&order=asc",
      "limit=3&sort=attempts",
      "limit=6&sort=attempts&order=asc",
      "limit=7&sort=firstFailedAt",
      "limit=2&reason=error",
    ]) {
      const seen = await walk(q);
      expect(new Set(seen).size, q).toBe(seen.length);
      const want = q.includes("reason=error") ? 23 : all.length;
      expect(seen, q).toHaveLength(want);
    }
  });

  it("answers 400 naming the field for a bad cursor, limit, sort, order or filter", async () => {
    const bad = async (query: string, field: string) => {
      const res = await get<{ error: { message: string } }>(listRoute.GET, `/api/v1/dead-letters?${query}`);
      expect(res.status, query).toBe(400);
      expect(res.body.error.message, query).toContain(field);
    };
    await bad("cursor=garbage", "cursor");
    await bad("limit=0", "limit");
    await bad("limit=201", "limit");
    await bad("limit=abc", "limit");
    await bad("sort=size", "sort");
    await bad("order=up", "order");
    await bad("state=lost", "state");
    await bad("groupId=xyz", "groupId");
    await bad("dlq=x", "dlq");
    await bad("nope=1", "nope");
    await bad("from=2021-01-01T00:00:00Z&to=2020-01-01T00:00:00Z", "to");
    const first = await list("limit=2");
    await bad(`limit=2&sort=attempts&cursor=${first.nextCursor}`, "cursor");
    await bad(`limit=2&reason=error&cursor=${first.nextCursor}`, "cursor");
  });
});

describe("GET /api/v1/dead-letters/groups", () => {
  it("counts per failure signature with states, first/last seen and DLQs", async () => {
    const res = await get<DeadLetterGroups>(groupsRoute.GET, "/api/v1/dead-letters/groups");
    expect(res.status).toBe(200);
    const { groups, totalGroups } = res.body;
    expect(totalGroups).toBe(4); // timeouts, expired, card declined, untyped rejected (discarded not counted)
    expect(groups[0]).toMatchObject({
      eventType: "OrderPlaced",
      reason: "error",
      errorPattern: "Order <n> failed: timeout after <n> ms",
      count: 23,
      states: { pending: 22, reprocessed: 1 },
      firstSeen: recentIso(0),
      lastSeen: SAME_TIME,
    });
    expect(groups[0]!.dlqs).toEqual([
      { id: expect.any(Number) as number, name: "orders.dlq", broker: "rabbit" },
    ]);
    const byLast = await get<DeadLetterGroups>(
      groupsRoute.GET,
      "/api/v1/dead-letters/groups?sort=lastSeen&limit=2",
    );
    expect(byLast.body.groups.map((g) => g.reason)).toEqual(["rejected", "max_deliveries"]);
    expect(byLast.body.totalGroups).toBe(4);
    const narrowed = await get<DeadLetterGroups>(groupsRoute.GET, "/api/v1/dead-letters/groups?broker=nats");
    expect(narrowed.body.groups.map((g) => g.count)).toEqual([1]);
  });

  it("answers 400 naming the field", async () => {
    for (const [q, field] of [
      ["sort=size", "sort"],
      ["limit=501", "limit"],
      ["state=x", "state"],
      ["cursor=x", "cursor"],
    ]) {
      const res = await get<{ error: { message: string } }>(
        groupsRoute.GET,
        `/api/v1/dead-letters/groups?${q}`,
      );
      expect(res.status).toBe(400);
      expect(res.body.error.message).toContain(field);
    }
  });
});

describe("GET /api/v1/dead-letters/facets", () => {
  it("gives brokers, DLQs, types and reasons with counts, under the filter", async () => {
    const res = await get<DeadLetterFacets>(facetsRoute.GET, "/api/v1/dead-letters/facets");
    expect(res.status).toBe(200);
    expect(res.body.brokers).toEqual([
      { name: "rabbit", count: 25 },
      { name: "nats", count: 1 },
    ]);
    expect(res.body.dlqs.map((d) => [d.name, d.broker, d.count])).toEqual([
      ["orders.dlq", "rabbit", 25],
      ["payments.dlq", "nats", 1],
    ]);
    expect(res.body.types).toEqual([
      { name: "OrderPlaced", count: 24 },
      { name: "PaymentFailed", count: 1 },
      { name: null, count: 1 },
    ]);
    expect(res.body.reasons[0]).toEqual({ name: "error", count: 23 });
    const discarded = await get<DeadLetterFacets>(
      facetsRoute.GET,
      "/api/v1/dead-letters/facets?state=discarded",
    );
    expect(discarded.body.reasons).toEqual([{ name: "rejected", count: 1 }]);
    const bad = await get<{ error: { message: string } }>(
      facetsRoute.GET,
      "/api/v1/dead-letters/facets?sort=x",
    );
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toContain("sort");
  });
});
