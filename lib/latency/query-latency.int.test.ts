// GET /api/v1/latency and /api/v1/latency/scopes on real Postgres, with traffic that went in
// through the real ingest path: the window's percentiles are those of every value sent (the
// merge of per-minute histograms is the histogram of all values), each step's are its minute's,
// scope filters and hops pick the right rollups, compare reads the previous period, thresholds
// come from latency alert rules, and every bad query value gets a clear 400.
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as latencyRoute from "@/app/api/v1/latency/route";
import * as scopesRoute from "@/app/api/v1/latency/scopes/route";
import { mulberry32 } from "@/bench/generate-events";
import { pool } from "@/lib/db/client";
import { ingestBody } from "@/lib/ingest/ingest-batch";
import type { DeliveryInput, EventInput } from "@/lib/ingest/schemas";
import { makeDelivery, makeEvent } from "@/lib/ingest/test-factories";
import type { LatencyResult, LatencyScopes } from "@/lib/latency/api-types";
import { addToHistogram, histogramQuantile } from "@/lib/latency/buckets";
import { sessionOf } from "@/lib/testing/auth-callers";
import { call, makeUser, type Caller } from "@/lib/testing/http-client";
import { createTestDatabase, type TestDatabase } from "@/lib/testing/test-db";

const MIN = 60_000;
const MINUTES = 20;
const PER_MINUTE = 25;
const TYPE = "lat.OrderPlaced";
const QUIET_TYPE = "lat.NoAcks";
// Whole minutes, well inside the last day and clear of "now".
const T0 = Math.floor(Date.now() / MIN) * MIN - 90 * MIN;
const iso = (ms: number) => new Date(ms).toISOString();

type Sent = {
  minute: number;
  consumer: string;
  broker: number;
  deliver: number;
  process: number;
  e2e: number;
};
const sent: Sent[] = [];
let db: TestDatabase;
let viewer: Caller;

function exactQuantile(values: number[], q: number): number {
  const s = values.toSorted((a, b) => a - b);
  return s[Math.max(0, Math.ceil(q * s.length) - 1)]!;
}

function histQuantile(values: number[], q: number): number | null {
  const h: number[] = [];
  for (const v of values) addToHistogram(h, v);
  return histogramQuantile(h, q);
}

async function get(query: string, caller: Caller = viewer) {
  return call(latencyRoute.GET, `/api/v1/latency?${query}`, caller);
}

async function latency(query: string): Promise<LatencyResult> {
  const res = await get(query);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body as unknown as LatencyResult;
}

const WINDOW = `from=${iso(T0)}&to=${iso(T0 + MINUTES * MIN)}`;

beforeAll(async () => {
  db = await createTestDatabase();
  viewer = await sessionOf(await makeUser("viewer"));
  const rand = mulberry32(2026);
  const events: EventInput[] = [];
  const deliveries: DeliveryInput[] = [];
  for (let m = 0; m < MINUTES; m++) {
    for (let k = 0; k < PER_MINUTE; k++) {
      const id = randomUUID();
      // Published in the minute's first 25 s; every latency below stays under 30 s, so each row
      // lands in the minute it was published in.
      const published = T0 + m * MIN + k * 1000;
      const broker = 1 + Math.round(rand() * 20);
      events.push(
        makeEvent({
          id,
          type: TYPE,
          channel: "lat.orders",
          producer: "lat-checkout",
          publishedAt: iso(published),
          observedAt: iso(published + broker),
        }),
      );
      for (const [consumer, slow] of [
        ["lat-billing", 1],
        ["lat-shipping", 30 + m], // slower, and slower every minute: the minutes' percentiles differ
      ] as const) {
        const deliver = Math.round(-5 * slow * Math.log(1 - rand())) + 1;
        const process = Math.round(20 * Math.exp(rand() * 3));
        deliveries.push(
          makeDelivery({
            messageId: id,
            channel: "lat.orders",
            consumer,
            deliveredAt: iso(published + deliver),
            ackedAt: iso(published + deliver + process),
          }),
        );
        sent.push({ minute: m, consumer, broker, deliver, process, e2e: deliver + process });
      }
    }
  }
  // A type whose deliveries are never acked: no end-to-end samples.
  const quietId = randomUUID();
  events.push(makeEvent({ id: quietId, type: QUIET_TYPE, channel: "lat.quiet", publishedAt: iso(T0) }));
  deliveries.push(
    makeDelivery({
      messageId: quietId,
      channel: "lat.quiet",
      consumer: "lat-billing",
      deliveredAt: iso(T0 + 40),
    }),
  );
  for (let i = 0; i < events.length; i += 200)
    await ingestBody(JSON.stringify({ events: events.slice(i, i + 200) }));
  for (let i = 0; i < deliveries.length; i += 400)
    await ingestBody(JSON.stringify({ deliveries: deliveries.slice(i, i + 400) }));
});
afterAll(async () => db.drop());

describe("GET /api/v1/latency", () => {
  it("defaults to end to end and reads the window's percentiles from merged minute histograms", async () => {
    const r = await latency(`type=${TYPE}&${WINDOW}`);
    expect(r.hop).toBe("e2e");
    expect(r.hopDefaulted).toBe(true);
    expect(r.scope).toMatchObject({ type: TYPE, edge: "consume", channel: null, service: null });
    expect(r.stepSeconds).toBe(60);
    expect(r.live).toBe(false);
    expect(r.summary.count).toBe(sent.length);
    expect(r.summary.samples).toBe(sent.length);
    const e2e = sent.map((s) => s.e2e);
    for (const [key, q] of [
      ["p50", 0.5],
      ["p95", 0.95],
      ["p99", 0.99],
    ] as const) {
      // Exactly what one histogram of every value gives, and within 5 % of the true percentile.
      expect(r.summary[key]).toBeCloseTo(histQuantile(e2e, q)!, 3);
      const truth = exactQuantile(e2e, q);
      expect(Math.abs(r.summary[key]! - truth) / truth).toBeLessThan(0.05);
    }
    expect(r.histogram.reduce((a, b) => a + b.count, 0)).toBe(sent.length);
  });

  it("gives each step its own minute's count and percentiles", async () => {
    const r = await latency(`type=${TYPE}&hop=deliver&${WINDOW}`);
    expect(r.series).toHaveLength(MINUTES);
    for (const [m, point] of r.series.entries()) {
      const inMinute = sent.filter((s) => s.minute === m);
      expect(point.t).toBe(iso(T0 + m * MIN));
      expect(point.count).toBe(inMinute.length);
      expect(point.p99).toBeCloseTo(
        histQuantile(
          inMinute.map((s) => s.deliver),
          0.99,
        )!,
        3,
      );
    }
  });

  it("filters by service and channel, and reads processing and broker time from their own rollups", async () => {
    const scopes = (await call(scopesRoute.GET, "/api/v1/latency/scopes", viewer))
      .body as unknown as LatencyScopes;
    expect(scopes.types).toEqual(expect.arrayContaining([TYPE, QUIET_TYPE]));
    expect(scopes.services).toEqual(expect.arrayContaining(["lat-billing", "lat-shipping", "lat-checkout"]));
    const channel = scopes.channels.find((c) => c.name === "lat.orders")!;
    expect(channel.broker).toBe("rabbit");

    const billing = sent.filter((s) => s.consumer === "lat-billing");
    const r = await latency(`channel=${channel.id}&service=lat-billing&hop=process&${WINDOW}`);
    expect(r.scope.channel).toEqual({ id: channel.id, name: "lat.orders", broker: "rabbit" });
    expect(r.summary.count).toBe(billing.length);
    expect(r.summary.p95).toBeCloseTo(
      histQuantile(
        billing.map((s) => s.process),
        0.95,
      )!,
      3,
    );

    const broker = await latency(`type=${TYPE}&edge=produce&${WINDOW}`);
    expect(broker.hop).toBe("broker");
    expect(broker.summary.count).toBe(MINUTES * PER_MINUTE);
    const producedBroker = sent.filter((s) => s.consumer === "lat-billing").map((s) => s.broker);
    expect(broker.summary.p50).toBeCloseTo(histQuantile(producedBroker, 0.5)!, 3);
  });

  it("falls back to publish → deliver where nothing was acked", async () => {
    const r = await latency(`type=${QUIET_TYPE}&${WINDOW}`);
    expect(r.hop).toBe("deliver");
    expect(r.summary).toMatchObject({ count: 1, samples: 1 });
    expect(r.summary.p50).toBeCloseTo(histQuantile([40], 0.5)!, 3);
  });

  it("compares with the previous period of the same length", async () => {
    const from = T0 + 10 * MIN;
    const r = await latency(`type=${TYPE}&from=${iso(from)}&to=${iso(from + 10 * MIN)}&compare=1`);
    expect(r.previous).not.toBeNull();
    expect(r.previous!.from).toBe(iso(T0));
    expect(r.previous!.to).toBe(iso(from));
    expect(r.previous!.series).toHaveLength(10);
    expect(r.previous!.summary.count).toBe(sent.filter((s) => s.minute < 10).length);
    expect(r.summary.count).toBe(sent.filter((s) => s.minute >= 10).length);
    expect((await latency(`type=${TYPE}&${WINDOW}`)).previous).toBeNull();
  });

  it("follows a preset range up to now, with coarser steps for longer ranges", async () => {
    const r = await latency(`type=${TYPE}&range=24h`);
    expect(r.range).toBe("24h");
    expect(r.live).toBe(true);
    expect(r.stepSeconds).toBe(300);
    expect(r.series).toHaveLength(288);
    expect(r.summary.count).toBe(sent.length);
    expect((await latency(`type=${TYPE}&range=7d`)).stepSeconds).toBe(3600);
  });

  it("draws thresholds of latency alert rules that match the scope", async () => {
    await pool().query(
      `INSERT INTO alert_rules (id, name, kind, scope, params, severity) VALUES
       (gen_random_uuid(), 'orders e2e p99', 'latency', $1, '{"threshold": 800, "percentile": "p99"}', 'critical'),
       (gen_random_uuid(), 'other type', 'latency', '{"kind": "event_type", "type": "something.Else"}', '{"threshold": 5}', 'warning'),
       (gen_random_uuid(), 'process hop', 'latency', $1, '{"threshold": 7, "hop": "process"}', 'warning'),
       (gen_random_uuid(), 'not latency', 'error_rate', '{"kind": "all"}', '{"threshold": 9}', 'warning')`,
      [JSON.stringify({ kind: "event_type", type: TYPE })],
    );
    const r = await latency(`type=${TYPE}&${WINDOW}`);
    expect(r.thresholds).toEqual([
      expect.objectContaining({
        name: "orders e2e p99",
        percentile: "p99",
        thresholdMs: 800,
        severity: "critical",
      }),
    ]);
    expect((await latency(`type=${QUIET_TYPE}&${WINDOW}`)).thresholds).toEqual([]);
  });

  it("answers 400 with what is wrong, and 404 for a scope that does not exist", async () => {
    const bad = async (query: string, words: RegExp) => {
      const res = await get(query);
      expect(res.status, query).toBe(400);
      expect((res.body as { error: { message: string } }).error.message).toMatch(words);
    };
    await bad("hop=fast", /hop: must be one of "e2e", "deliver", "process", "broker"/);
    await bad("range=2h", /range: must be one of 15m, 1h, 6h, 24h, 7d/);
    await bad(`range=1h&${WINDOW}`, /either range or from\/to/);
    await bad(`from=${iso(T0)}`, /from and to go together/);
    await bad(`from=${iso(T0)}&to=${iso(T0 - MIN)}`, /to: must be after from/);
    await bad(`from=${iso(T0 - 40 * 24 * 60 * MIN)}&to=${iso(T0)}`, /at most 31 days/);
    await bad("from=yesterday&to=today", /from: must be an ISO 8601/);
    await bad("edge=produce&hop=e2e", /hop "e2e" is measured on the consume edge/);
    await bad("channel=abc", /channel: must be a channel id/);
    await bad("percentile=99", /percentile/);
    await bad("type=a&type=b", /type: must be given once/);
    await bad("step=7", /step: must be one of 1, 5, 10/);
    await bad(
      `from=${iso(T0 - 8 * 24 * 60 * MIN)}&to=${iso(T0)}&step=1`,
      /step: gives more than 10080 points/,
    );
    const missing = await get("type=no.such.Type");
    expect(missing.status).toBe(404);
    expect((await get("service=nobody")).status).toBe(404);
    expect((await get("channel=999999")).status).toBe(404);
  });
});
