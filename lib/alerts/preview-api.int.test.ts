// POST /api/v1/alert-rules/preview on real ingest data: a slow stretch of traffic half an hour ago
// shows as pending for the for-duration and then firing, until the window has slid past it; fast
// traffic later reads under the threshold; an invalid rule is refused field by field, as on create.
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { POST as previewRoute } from "@/app/api/v1/alert-rules/preview/route";
import type { RulePreview } from "@/lib/alerts/preview-rule";
import { ingestBody } from "@/lib/ingest/ingest-batch";
import type { DeliveryInput, EventInput } from "@/lib/ingest/schemas";
import { sessionOf } from "@/lib/testing/auth-callers";
import { call, makeUser, type Caller } from "@/lib/testing/http-client";
import { createTestDatabase, type TestDatabase } from "@/lib/testing/test-db";

const MIN = 60_000;
/** A minute half an hour ago: the slow traffic's. */
const T = Math.floor((Date.now() - 30 * MIN) / MIN) * MIN;
const TYPE = `PreviewType.${randomBytes(3).toString("hex")}`;
const iso = (ms: number) => new Date(ms).toISOString();

let db: TestDatabase;
let viewer: Caller;
beforeAll(async () => {
  db = await createTestDatabase();
  viewer = await sessionOf(await makeUser("viewer"));
  await traffic(T + 1000, 900);
  await traffic(T + 20 * MIN + 1000, 50);
});
afterAll(async () => db.drop());

/** 30 events of TYPE from `atMs` on, each consumed and acked `e2eMs` after publishing. */
async function traffic(atMs: number, e2eMs: number) {
  const events: EventInput[] = [];
  const deliveries: DeliveryInput[] = [];
  for (let k = 0; k < 30; k++) {
    const pub = atMs + k * 100;
    const id = `${TYPE}-${atMs}-${k}`;
    const base = { broker: "rabbit", channel: "orders", type: TYPE, publishedAt: iso(pub) };
    events.push({ id, ...base, producer: "checkout", observedAt: iso(pub + 5), payload: { k } });
    deliveries.push({
      messageId: id,
      ...base,
      consumer: "billing",
      deliveredAt: iso(pub + 10),
      ackedAt: iso(pub + e2eMs),
      outcome: "ack",
    });
  }
  expect((await ingestBody(JSON.stringify({ events, deliveries }))).rejected).toEqual([]);
}

const latencyRule = {
  name: "preview",
  kind: "latency",
  scope: { kind: "event_type", type: TYPE },
  params: { percentile: "p99", hop: "e2e", threshold: 500, resolveThreshold: 400 },
  window: "5m",
  for: "2m",
};
const preview = (body: unknown, range = "1h") =>
  call(previewRoute, `/api/v1/alert-rules/preview?range=${range}`, viewer, { method: "POST", body });

describe("alert rule preview", () => {
  it("replays the state machine over the rule's metric from the rollups", async () => {
    const res = await preview(latencyRule);
    expect(res.status).toBe(200);
    const p = res.body as unknown as RulePreview;
    expect(p).toMatchObject({ range: "1h", stepSeconds: 60, op: "above", threshold: 500 });
    expect(p.resolveThreshold).toBe(400);
    expect(p.points).toHaveLength(60);
    const at = (ms: number) => p.points.find((x) => x.t === iso(ms))!;
    // The first window holding the slow minute ends a minute after it.
    expect(at(T + MIN).value).toBeGreaterThan(800);
    expect(at(T + MIN).state).toBe("pending");
    const live = p.episodes.filter((e) => e.state === "pending" || e.state === "firing");
    expect(live).toEqual([
      { state: "pending", from: iso(T + MIN), to: iso(T + 3 * MIN) },
      { state: "firing", from: iso(T + 3 * MIN), to: iso(T + 6 * MIN) },
    ]);
    // No traffic once the window slid past the slow minute: the rule's no-data state.
    expect(at(T + 6 * MIN)).toMatchObject({ value: null, state: "nodata" });
    // The fast traffic reads under the threshold.
    expect(at(T + 21 * MIN).value).toBeLessThan(100);
    expect(at(T + 21 * MIN).state).toBe("normal");
  });

  it("takes the same rule over 24 h at a coarser step", async () => {
    const res = await preview(latencyRule, "24h");
    expect(res.status).toBe(200);
    const p = res.body as unknown as RulePreview;
    expect(p.stepSeconds).toBe(900);
    expect(p.points).toHaveLength(96);
  });

  it("refuses an invalid rule with a message per field, and an unknown range", async () => {
    const res = await preview({ ...latencyRule, params: { threshold: "fast" }, window: "-5m" });
    expect(res.status).toBe(400);
    expect((res.body.error as { details: { path: string }[] }).details.map((d) => d.path).sort()).toEqual([
      "params.threshold",
      "window",
    ]);
    expect((await preview(latencyRule, "2d")).status).toBe(400);
  });
});
