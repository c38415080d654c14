// One event type through GET and PATCH /api/v1/event-types/{name} on real Postgres: figures from
// rollups (latency merged from histograms), violations with their version, recent samples (hidden
// from viewers when payloads are restricted), the current schema, and operators' edits.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as one from "@/app/api/v1/event-types/[name]/route";
import type { EventTypeDetail } from "@/lib/catalog/api-types";
import {
  channelId,
  link,
  makeType,
  rollup,
  serviceId,
  version,
  violation,
} from "@/lib/catalog/test-factories";
import { pool } from "@/lib/db/client";
import { ingestBody } from "@/lib/ingest/ingest-batch";
import { makeEvent } from "@/lib/ingest/test-factories";
import { bucketLowerMs, bucketUpperMs } from "@/lib/latency/buckets";
import { forgetAccessPolicyForTests } from "@/lib/settings/access-policy";
import { sessionOf } from "@/lib/testing/auth-callers";
import { call, makeUser, type Called, type Caller } from "@/lib/testing/http-client";
import { createTestDatabase, type TestDatabase } from "@/lib/testing/test-db";

let db: TestDatabase;
let viewer: Caller;
let operator: Caller;
const MINUTE = 60_000;
const ago = (minutes: number) => new Date(Date.now() - minutes * MINUTE);

beforeAll(async () => {
  db = await createTestDatabase();
  viewer = await sessionOf(await makeUser("viewer"));
  operator = await sessionOf(await makeUser("operator"));
  const id = await makeType("shop.Order Placed", { description: "An order", owner: "team-a", tags: ["x"] });
  await link(id, { broker: "rabbit", channel: "orders", service: "checkout", role: "produce" });
  await link(id, { broker: "rabbit", channel: "orders", service: null, role: "consume" });
  const orders = await channelId("rabbit", "orders");
  await rollup(id, { minute: ago(3), channel: orders, count: 30 });
  await rollup(id, { minute: ago(33), channel: orders, count: 20 });
  await rollup(id, { minute: ago(300), channel: orders, count: 500 }); // in the day, not the hour
  // Deliveries: 2 failed of 40, every latency in bucket 100; and 3 dead letters.
  const hist = new Array<number>(101).fill(0);
  hist[100] = 40;
  await rollup(id, {
    minute: ago(10),
    edge: "consume",
    channel: orders,
    count: 40,
    errors: 2,
    latency: hist,
  });
  await rollup(id, { minute: ago(10), edge: "dead_letter", channel: orders, count: 3 });
  await version(id, { version: 1, source: "inferred", definition: { type: "object" }, example: { a: 1 } });
  const v2 = await version(id, {
    version: 2,
    source: "registered",
    definition: { type: "object", required: ["id"] },
  });
  await version(id, { version: 3, source: "inferred", definition: { type: "object", properties: {} } });
  await violation(id, v2, {
    path: "",
    keyword: "required",
    message: "must have id",
    count: 4,
    example: { a: 1 },
  });
  await serviceId("checkout");
  await ingestBody(
    JSON.stringify({
      events: [1, 2, 3].map((n) =>
        makeEvent({
          id: `s-${n}`,
          type: "sampled.Type",
          payload: { n },
          publishedAt: ago(5 + n).toISOString(),
        }),
      ),
    }),
  );
});
afterAll(async () => {
  forgetAccessPolicyForTests();
  await db.drop();
});

const get = (name: string, caller: Caller = viewer) =>
  call(one.GET, `/api/v1/event-types/${encodeURIComponent(name)}`, caller, { params: { name } });
const patch = (name: string, body: unknown, caller: Caller = operator) =>
  call(one.PATCH, `/api/v1/event-types/${encodeURIComponent(name)}`, caller, {
    method: "PATCH",
    body,
    params: { name },
  });
const detail = (res: Called) => res.body as unknown as EventTypeDetail;
const message = (res: Called) => (res.body.error as { message: string }).message;

describe("GET /api/v1/event-types/{name}", () => {
  it("shows the entry, its links, its registered schema as current, and its violations by version", async () => {
    const res = await get("shop.Order Placed");
    expect(res.status).toBe(200);
    const d = detail(res);
    expect(d).toMatchObject({
      name: "shop.Order Placed",
      description: "An order",
      brokers: ["rabbit"],
      producers: ["checkout"],
      consumers: [],
      registeredVersion: 2,
      inferredVersion: 3,
      drift: null,
      drifted: false,
      produces: [{ broker: "rabbit", channel: "orders", service: "checkout" }],
      consumes: [{ broker: "rabbit", channel: "orders", service: null }],
    });
    expect(d.currentSchema).toMatchObject({
      version: 2,
      source: "registered",
      definition: { required: ["id"] },
    });
    expect(d.violations).toEqual([
      expect.objectContaining({ version: 2, path: "", keyword: "required", count: 4, example: { a: 1 } }),
    ]);
  });

  it("takes its figures from the rollups: hour, day, per minute, failures and merged latency", async () => {
    const { stats } = detail(await get("shop.Order Placed"));
    expect(stats.lastHour).toBe(50);
    expect(stats.lastDay).toBe(550);
    expect(stats.throughput).toHaveLength(60);
    expect(stats.throughput.reduce((n, p) => n + p.count, 0)).toBe(50);
    const minutes = stats.throughput.map((p) => Date.parse(p.minute));
    expect(minutes[59]! - minutes[0]!).toBe(59 * MINUTE);
    expect(stats.errors).toBe(5);
    for (const p of [stats.latencyMs.p50, stats.latencyMs.p95, stats.latencyMs.p99]) {
      expect(p).toBeGreaterThanOrEqual(bucketLowerMs(100) - 0.001);
      expect(p).toBeLessThanOrEqual(bucketUpperMs(100) + 0.001);
    }
  });

  it("has up to 10 recent samples, newest first, and null figures where nothing was seen", async () => {
    const d = detail(await get("sampled.Type"));
    expect(d.samples.map((s) => [s.messageId, s.payload, s.channel, s.producer])).toEqual([
      ["s-1", { n: 1 }, "orders", "checkout"],
      ["s-2", { n: 2 }, "orders", "checkout"],
      ["s-3", { n: 3 }, "orders", "checkout"],
    ]);
    expect(d.currentSchema).toBeNull();
    expect(d.stats.latencyMs).toEqual({ p50: null, p95: null, p99: null });
  });

  it("leaves payloads out for a viewer when payloads are hidden from viewers", async () => {
    await pool().query(
      `INSERT INTO app_settings (key, value) VALUES ('access_policy', '{"restrictPayloads": true}')
       ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value`,
    );
    forgetAccessPolicyForTests();
    try {
      const hidden = detail(await get("sampled.Type"));
      expect(hidden.samples.map((s) => s.payload)).toEqual([null, null, null]);
      expect(detail(await get("shop.Order Placed")).violations[0]!.example).toBeNull();
      const shown = detail(await get("sampled.Type", operator));
      expect(shown.samples.map((s) => s.payload)).toEqual([{ n: 1 }, { n: 2 }, { n: 3 }]);
    } finally {
      await pool().query("DELETE FROM app_settings WHERE key = 'access_policy'");
      forgetAccessPolicyForTests();
    }
  });

  it("answers 404 with the name for an unknown type, and 401 to nobody", async () => {
    const res = await get("no.such.Type");
    expect(res.status).toBe(404);
    expect(message(res)).toBe('no event type named "no.such.Type"');
    expect((await get("shop.Order Placed", { kind: "anonymous" })).status).toBe(401);
  });
});

describe("PATCH /api/v1/event-types/{name}", () => {
  it("sets description, owner and tags (trimmed, deduplicated), audited with before and after", async () => {
    const res = await patch("shop.Order Placed", { owner: " team-b ", tags: [" a", "b", "a ", "b"] });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      name: "shop.Order Placed",
      description: "An order",
      owner: "team-b",
      tags: ["a", "b"],
    });
    const { rows } = await pool().query(
      "SELECT details FROM audit_log WHERE action = 'catalog.type_edited' AND target = $1",
      ["event_type:shop.Order Placed"],
    );
    expect(rows.at(-1).details).toEqual({
      owner: { before: "team-a", after: "team-b" },
      tags: { before: ["x"], after: ["a", "b"] },
    });
    const cleared = await patch("shop.Order Placed", { description: null, owner: "" });
    expect(cleared.body).toMatchObject({ description: null, owner: null, tags: ["a", "b"] });
  });

  it.each([
    [{}, "send at least one of description, owner, tags"],
    [{ tags: Array.from({ length: 21 }, (_, i) => `t${i}`) }, "tags: at most 20 tags"],
    [{ tags: ["x".repeat(51)] }, "a tag must be at most 50 characters"],
    [{ tags: [" "] }, "a tag must not be empty"],
    [{ tags: "a,b" }, "tags:"],
    [{ owner: "o".repeat(201) }, "owner: must be at most 200 characters"],
    [{ description: "d".repeat(10_001) }, "description: must be at most 10000 characters"],
    [{ name: "renamed" }, 'Unrecognized key: "name"'],
  ])("refuses %j with 400", async (body, text) => {
    const res = await patch("shop.Order Placed", body);
    expect(res.status).toBe(400);
    expect(message(res)).toContain(text);
  });

  it("answers 404 for an unknown type, 403 to a viewer and 401 to nobody", async () => {
    expect((await patch("no.such.Type", { owner: "x" })).status).toBe(404);
    expect((await patch("shop.Order Placed", { owner: "x" }, viewer)).status).toBe(403);
    expect((await patch("shop.Order Placed", { owner: "x" }, { kind: "anonymous" })).status).toBe(401);
    expect(detail(await get("shop.Order Placed")).owner).toBeNull();
  });
});
