// The flow graph of the demo shop, fed through the real ingest path: the right services, channels,
// DLQs and edges; rates and counts agree with what was ingested; filters, the edge details and
// the API's validation. Real Postgres, no hand-written rollups.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GET as flowsGET } from "@/app/api/v1/flows/route";
import { GET as edgeGET } from "@/app/api/v1/flows/edge/route";
import { ShopModel } from "@/collectors/demo/shop-model";
import { BROKERS, CONSUMERS, ROUTES } from "@/collectors/demo/shop-catalog";
import { pool } from "@/lib/db/client";
import type { FlowEdgeDetail, FlowGraph } from "@/lib/flows/api-types";
import { getFlowEdge } from "@/lib/flows/get-flow-edge";
import { getFlowGraph } from "@/lib/flows/get-flow-graph";
import { ingestBody } from "@/lib/ingest/ingest-batch";
import type { ShopOutput } from "@/collectors/demo/shop-model";
import { sessionOf } from "@/lib/testing/auth-callers";
import { call, makeUser, type Caller } from "@/lib/testing/http-client";
import { createTestDatabase, type TestDatabase } from "@/lib/testing/test-db";

let db: TestDatabase;
let viewer: Caller;
const sent: ShopOutput = { events: [], deliveries: [], deadLetters: [] };

beforeAll(async () => {
  db = await createTestDatabase();
  viewer = await sessionOf(await makeUser("viewer"));
  // Eight minutes of the demo shop (a high failure rate so every channel dead-letters), in 5 s steps.
  const model = new ShopModel({ seed: "flows", failureRate: 0.08 });
  const end = Date.now() - 5_000;
  for (let t = end - 8 * 60_000; t <= end; t += 5_000) {
    const out = model.produce(t, 25);
    sent.events.push(...out.events);
    sent.deliveries.push(...out.deliveries);
    sent.deadLetters.push(...out.deadLetters);
    await ingestBody(JSON.stringify(out));
  }
});
afterAll(async () => {
  await db.drop();
});

const ids = async (table: "services" | "channels") => {
  const { rows } = await pool().query<{ id: number; name: string }>(`SELECT id, name FROM ${table}`);
  return new Map(rows.map((r) => [r.name, r.id]));
};

describe("the demo topology", () => {
  let g: FlowGraph;
  beforeAll(async () => {
    g = await getFlowGraph("15m");
  });

  it("has a node per service, channel and dead-letter queue", async () => {
    const services = new Set([
      ...Object.values(ROUTES).map((r) => r.producer),
      ...Object.values(CONSUMERS).flat(),
    ]);
    const channels = new Set(Object.values(ROUTES).map((r) => r.channel));
    const dlqs = new Set(sent.deadLetters.map((d) => d.channel));
    expect(dlqs.size).toBe(channels.size); // every channel dead-lettered something at 8 %
    const names = (kind: string) =>
      g.nodes
        .filter((n) => n.kind === kind)
        .map((n) => n.name)
        .sort();
    expect(names("service")).toEqual([...services].sort());
    expect(names("channel")).toEqual([...channels].sort());
    expect(names("dlq")).toEqual([...dlqs].sort());
    const brokers = Object.fromEntries(
      g.nodes.filter((n) => n.kind !== "service").map((n) => [n.name, n.broker]),
    );
    expect(brokers["shop.orders"]).toBe(BROKERS.rabbit);
    expect(brokers["shipping.shipments.dlq"]).toBe(BROKERS.nats);
  });

  it("has the produce, consume and dead-letter edges of the shop's routes", async () => {
    const svc = await ids("services");
    const ch = await ids("channels");
    const expected = [
      ...new Set(Object.values(ROUTES).map((r) => `produce:${svc.get(r.producer)}:${ch.get(r.channel)}`)),
      ...Object.entries(CONSUMERS).flatMap(([c, consumers]) =>
        consumers.map((s) => `consume:${ch.get(c)}:${svc.get(s)}`),
      ),
      ...Object.keys(CONSUMERS).map((c) => `dead_letter:${ch.get(c)}`),
    ].sort();
    expect(g.edges.map((e) => e.id)).toEqual(expected);
    const dl = g.edges.find((e) => e.id === `dead_letter:${ch.get("shop.orders")}`);
    expect(dl?.target).toBe(`ch:${ch.get("shop.orders.dlq")}`);
  });

  it("counts what was ingested: per-edge counts, errors, types, rates over the window", async () => {
    const svc = await ids("services");
    const ch = await ids("channels");
    const orders = g.edges.find((e) => e.id === `produce:${svc.get("storefront")}:${ch.get("shop.orders")}`)!;
    expect(orders.count).toBe(sent.events.filter((e) => e.type === "OrderPlaced").length);
    expect(orders.types).toEqual(["OrderPlaced"]);
    expect(orders.rate).toBeCloseTo(orders.count / g.seconds, 6);
    const pay = g.edges.find((e) => e.id === `consume:${ch.get("shop.orders")}:${svc.get("payments")}`)!;
    const payDeliveries = sent.deliveries.filter(
      (d) => d.channel === "shop.orders" && d.consumer === "payments",
    );
    expect(pay.count).toBe(payDeliveries.length);
    expect(pay.errors).toBe(payDeliveries.filter((d) => d.outcome !== "ack").length);
    expect(pay.errors).toBeGreaterThan(0);
    expect(pay.errorRate).toBeCloseTo(pay.errors / pay.count, 6);
    // The slow consumer stands out: analytics waits seconds, payments milliseconds.
    const analytics = g.edges.find(
      (e) => e.id === `consume:${ch.get("shop.orders")}:${svc.get("analytics")}`,
    )!;
    expect(analytics.latency.p50!).toBeGreaterThan(1_000);
    expect(pay.latency.p50!).toBeLessThan(100);
    expect(analytics.health).toBe("danger");
    expect(g.edges.every((e) => e.live)).toBe(true);
    expect(g.facets.brokers).toEqual([BROKERS.nats, BROKERS.rabbit].sort());
  });

  it("keeps a service's neighbourhood under a service filter", async () => {
    const f = await getFlowGraph("15m", { service: "inventory" });
    const names = f.nodes.map((n) => n.name).sort();
    // inventory consumes shop.payments and produces shop.inventory: their other ends stay.
    expect(names).toEqual(
      [
        "analytics",
        "inventory",
        "notifications",
        "orders",
        "payments",
        "shipping",
        "shop.inventory",
        "shop.inventory.dlq",
        "shop.payments",
        "shop.payments.dlq",
      ].sort(),
    );
  });

  it("gives an edge's details: the same figures, a zero-filled series, its types and the channel's latest events", async () => {
    const svc = await ids("services");
    const ch = await ids("channels");
    const ref = {
      kind: "consume" as const,
      channelId: ch.get("shop.payments")!,
      serviceId: svc.get("notifications")!,
    };
    const d: FlowEdgeDetail = await getFlowEdge(ref, "15m");
    const inGraph = g.edges.find((e) => e.id === d.edge.id)!;
    expect(d.edge.count).toBe(inGraph.count);
    expect(d.series).toHaveLength(15);
    expect(d.series.reduce((s, p) => s + p.count, 0)).toBe(d.edge.count);
    expect(d.types.map((t) => t.name).sort()).toEqual(["PaymentAuthorized", "PaymentFailed"]);
    expect(d.recent).toHaveLength(10);
    const newest = sent.events
      .filter((e) => e.channel === "shop.payments")
      .map((e) => e.publishedAt)
      .sort()
      .at(-1);
    expect(d.recent[0]!.publishedAt).toBe(newest);
    expect(d).toMatchObject({
      channel: { name: "shop.payments", broker: BROKERS.rabbit },
      service: "notifications",
    });
  });
});

describe("GET /api/v1/flows and /flows/edge", () => {
  it("answers the graph with filters, and refuses bad input with a readable 400", async () => {
    const ok = await call(flowsGET, "/api/v1/flows?window=1h&broker=nats-demo", viewer);
    expect(ok.status).toBe(200);
    expect(
      (ok.body as unknown as FlowGraph).nodes.every((n) => n.kind === "service" || n.broker === "nats-demo"),
    ).toBe(true);
    const bad = await call(flowsGET, "/api/v1/flows?window=2h", viewer);
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body)).toContain('window: must be one of \\"live\\", \\"15m\\"');
    expect((await call(flowsGET, "/api/v1/flows?colour=red", viewer)).status).toBe(400);
    expect((await call(flowsGET, "/api/v1/flows?service=", viewer)).status).toBe(400);
  });

  it("answers an edge, 404s an edge without traffic and 400s a malformed id", async () => {
    const ch = await ids("channels");
    const ok = await call(
      edgeGET,
      `/api/v1/flows/edge?id=dead_letter:${ch.get("shop.orders")}&window=15m`,
      viewer,
    );
    expect(ok.status).toBe(200);
    expect((ok.body as unknown as FlowEdgeDetail).target.name).toBe("shop.orders.dlq");
    expect((await call(edgeGET, "/api/v1/flows/edge?id=consume:999999:1", viewer)).status).toBe(404);
    const bad = await call(edgeGET, "/api/v1/flows/edge?id=produce:1", viewer);
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body)).toContain("must be an edge id");
  });
});
