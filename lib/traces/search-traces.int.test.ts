// Trace search and the trace page over real Postgres, with data through the real ingest path:
// traced messages (no spans, as the demo sends them) make summary rows that every filter finds,
// keyset pages walk them, bad queries are 400s that name the parameter.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as traceRoute from "@/app/api/v1/traces/[traceId]/route";
import * as searchRoute from "@/app/api/v1/traces/route";
import { createCollectorToken } from "@/lib/auth/collector-tokens";
import { pool } from "@/lib/db/client";
import { postIngest } from "@/lib/ingest/ingest-test-client";
import { makeDelivery, makeEvent } from "@/lib/ingest/test-factories";
import { apiTokenOf } from "@/lib/testing/auth-callers";
import { call, makeUser, type Caller } from "@/lib/testing/http-client";
import { createTestDatabase, type TestDatabase } from "@/lib/testing/test-db";
import type { TraceDetail, TraceList } from "@/lib/traces/api-types";

const T1 = "11111111111111111111111111111111";
const T2 = "22222222222222222222222222222222";
const T3 = "33333333333333333333333333333333";
const BASE = Date.now() - 30 * 60_000;
const at = (ms: number) => new Date(BASE + ms).toISOString();

let db: TestDatabase;
let viewer: Caller;
let noPayloads: Caller;
let batch: Record<string, unknown>;
let token: string;

async function search(
  query: string,
): Promise<{ status: number; body: TraceList & { error?: { message: string } } }> {
  const res = await call(searchRoute.GET, `/api/v1/traces${query}`, viewer);
  return { status: res.status, body: res.body as unknown as TraceList & { error?: { message: string } } };
}
const ids = (l: TraceList) => l.items.map((t) => t.traceId);

beforeAll(async () => {
  db = await createTestDatabase();
  token = (await createCollectorToken("search-test")).token;
  const user = await makeUser("viewer");
  viewer = (await apiTokenOf(user, ["events:read", "payloads:read"])).caller;
  noPayloads = (await apiTokenOf(user, ["events:read"])).caller;
  batch = {
    events: [
      makeEvent({
        id: "s-1",
        traceId: T1,
        spanId: "1000000000000001",
        publishedAt: at(0),
        observedAt: at(2),
      }),
      makeEvent({
        id: "s-2",
        traceId: T2,
        spanId: "2000000000000001",
        type: "PaymentFailed",
        producer: "payments",
        channel: "payments",
        publishedAt: at(60_000),
        observedAt: at(60_001),
      }),
      makeEvent({
        id: "s-3",
        traceId: T3,
        spanId: "3000000000000001",
        publishedAt: at(120_000),
        observedAt: at(120_001),
      }),
      makeEvent({ id: "s-untraced", publishedAt: at(130_000), observedAt: at(130_001) }),
    ],
    deliveries: [
      makeDelivery({
        messageId: "s-1",
        consumer: "billing",
        publishedAt: at(0),
        deliveredAt: at(250),
        ackedAt: at(300),
      }),
      makeDelivery({
        messageId: "s-2",
        channel: "payments",
        consumer: "ledger",
        publishedAt: at(60_000),
        deliveredAt: at(60_010),
        outcome: "reject",
      }),
    ],
  };
  expect((await postIngest(batch, { token })).status).toBe(202);
});
afterAll(async () => db.drop());

describe("traced messages make summary rows", () => {
  it("one per trace, with times, services, types, counts and errors; a resent batch changes nothing", async () => {
    expect((await postIngest(batch, { token })).status).toBe(202);
    const { rows } = await pool().query(
      `SELECT trace_id, duration_ms, root_service, root_name, services, span_count, message_count, error_count
       FROM traces ORDER BY trace_id`,
    );
    expect(rows).toEqual([
      {
        trace_id: T1,
        duration_ms: 300,
        root_service: "checkout",
        root_name: "OrderPlaced",
        services: ["billing", "checkout"],
        span_count: 0,
        message_count: 1,
        error_count: 0,
      },
      {
        trace_id: T2,
        duration_ms: 10,
        root_service: "payments",
        root_name: "PaymentFailed",
        services: ["ledger", "payments"],
        span_count: 0,
        message_count: 1,
        error_count: 1,
      },
      {
        trace_id: T3,
        duration_ms: 1,
        root_service: "checkout",
        root_name: "OrderPlaced",
        services: ["checkout"],
        span_count: 0,
        message_count: 1,
        error_count: 0,
      },
    ]);
  });
});

describe("GET /api/v1/traces", () => {
  it("lists newest first with the types' names", async () => {
    const res = await search("");
    expect(res.status).toBe(200);
    expect(ids(res.body)).toEqual([T3, T2, T1]);
    expect(res.body.items[1]).toMatchObject({ types: ["PaymentFailed"], errorCount: 1, messageCount: 1 });
  });

  it("filters by type, service, duration, error, trace id, message id and time", async () => {
    expect(ids((await search("?type=OrderPlaced")).body)).toEqual([T3, T1]);
    expect(ids((await search("?type=NoSuchType")).body)).toEqual([]);
    expect(ids((await search("?service=billing")).body)).toEqual([T1]);
    expect(ids((await search("?minDurationMs=200")).body)).toEqual([T1]);
    expect(ids((await search("?error=1")).body)).toEqual([T2]);
    expect(ids((await search(`?traceId=${T2.toUpperCase()}`)).body)).toEqual([T2]);
    expect(ids((await search("?messageId=s-1")).body)).toEqual([T1]);
    expect(ids((await search("?messageId=nope")).body)).toEqual([]);
    expect(ids((await search(`?from=${at(30_000)}&to=${at(90_000)}`)).body)).toEqual([T2]);
    expect(ids((await search("?range=1h&type=OrderPlaced&service=checkout")).body)).toEqual([T3, T1]);
  });

  it("walks keyset pages and refuses a cursor from another search", async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const res = await search(`?limit=1${cursor ? `&cursor=${cursor}` : ""}`);
      expect(res.status).toBe(200);
      seen.push(...ids(res.body));
      cursor = res.body.nextCursor;
    } while (cursor && seen.length < 10);
    expect(seen).toEqual([T3, T2, T1]);
    const first = await search("?limit=1");
    const other = await search(`?limit=1&error=1&cursor=${first.body.nextCursor}`);
    expect(other.status).toBe(400);
  });

  it("names the parameter in a 400", async () => {
    const cases: [string, string][] = [
      ["?limit=0", "limit"],
      ["?traceId=xyz", "traceId"],
      ["?minDurationMs=fast", "minDurationMs"],
      ["?from=yesterday", "from"],
      ["?range=2y", "range"],
      ["?sort=duration", "sort"],
      [`?from=${at(10)}&to=${at(0)}`, "to"],
    ];
    for (const [query, param] of cases) {
      const res = await search(query);
      expect(res.status, query).toBe(400);
      expect(res.body.error?.message, query).toContain(param);
    }
  });
});

describe("GET /api/v1/traces/{traceId}", () => {
  it("returns a collector-only trace's hops with deliveries and payload samples", async () => {
    const res = await call(traceRoute.GET, `/api/v1/traces/${T1}`, viewer, { params: { traceId: T1 } });
    expect(res.status).toBe(200);
    const d = res.body as unknown as TraceDetail;
    expect(d.spans).toEqual([]);
    expect(d.summary).toMatchObject({ traceId: T1, durationMs: 300 });
    expect(d.messages).toHaveLength(1);
    expect(d.messages[0]).toMatchObject({
      messageId: "s-1",
      producer: "checkout",
      payload: { orderId: "s-1" },
      payloadHidden: false,
      deliveries: [{ consumer: "billing", outcome: "ack", deliveredAt: at(250), ackedAt: at(300) }],
    });
  });

  it("hides payload samples from a caller without payloads:read", async () => {
    const res = await call(traceRoute.GET, `/api/v1/traces/${T1}`, noPayloads, { params: { traceId: T1 } });
    const d = res.body as unknown as TraceDetail;
    expect(d.messages[0]).toMatchObject({ payload: null, payloadHidden: true });
  });

  it("answers 404 for an unknown trace and 400 for a malformed id", async () => {
    const unknown = "9".repeat(32);
    expect(
      (await call(traceRoute.GET, `/api/v1/traces/${unknown}`, viewer, { params: { traceId: unknown } }))
        .status,
    ).toBe(404);
    const bad = await call(traceRoute.GET, "/api/v1/traces/nope", viewer, { params: { traceId: "nope" } });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body)).toContain("traceId");
  });
});
