// The flow model from rollup sums: node and edge ids, rates over the window, error rates,
// percentiles from merged histograms, lag from gauges, dead-letter edges, and filters that keep
// a neighbourhood.
import { describe, expect, it } from "vitest";
import { buildFlowGraph, type Dimensions, type RollupSum } from "@/lib/flows/build-graph";
import { addToHistogram } from "@/lib/latency/buckets";

const dims: Dimensions = {
  channels: new Map([
    [1, { id: 1, name: "orders", broker: "rabbit", isDeadLetter: false, deadLetterOfId: null }],
    [2, { id: 2, name: "orders.dlq", broker: "rabbit", isDeadLetter: true, deadLetterOfId: 1 }],
    [3, { id: 3, name: "clicks", broker: "nats", isDeadLetter: false, deadLetterOfId: null }],
  ]),
  services: new Map([
    [10, "shop"],
    [11, "billing"],
    [12, "analytics"],
  ]),
  types: new Map([
    [100, "OrderPlaced"],
    [101, "OrderCancelled"],
    [102, "Clicked"],
  ]),
};

function hist(...ms: number[]): number[] {
  const h: number[] = [];
  for (const m of ms) addToHistogram(h, m);
  return h;
}

const row = (
  r: Partial<RollupSum> & Pick<RollupSum, "edge" | "channelId" | "serviceId" | "typeId" | "count">,
): RollupSum => ({
  errors: 0,
  bytes: 0,
  latency: [],
  e2e: [],
  live: false,
  ...r,
});

const rows: RollupSum[] = [
  row({
    edge: "produce",
    channelId: 1,
    serviceId: 10,
    typeId: 100,
    count: 60,
    bytes: 6000,
    latency: hist(5, 5, 5),
    live: true,
  }),
  row({ edge: "produce", channelId: 1, serviceId: 10, typeId: 101, count: 30 }),
  row({
    edge: "consume",
    channelId: 1,
    serviceId: 11,
    typeId: 100,
    count: 60,
    errors: 6,
    latency: hist(10, 10, 10, 10),
    e2e: hist(20, 20, 20, 20),
  }),
  row({ edge: "dead_letter", channelId: 1, serviceId: 0, typeId: 100, count: 6 }),
  row({ edge: "produce", channelId: 3, serviceId: 0, typeId: 102, count: 120 }),
  row({ edge: "consume", channelId: 3, serviceId: 12, typeId: 102, count: 120, e2e: hist(8000) }),
  row({ edge: "consume", channelId: 1, serviceId: 12, typeId: 100, count: 60 }),
];

describe("buildFlowGraph", () => {
  const g = buildFlowGraph(
    rows,
    dims,
    [
      { channelId: 1, consumerId: 11, name: "lag", value: 42 },
      { channelId: 1, consumerId: 0, name: "depth", value: 7 },
    ],
    60,
  );

  it("has one node per service and channel, the DLQ included, and one edge per (kind, channel, service)", () => {
    expect(g.nodes.map((n) => `${n.id} ${n.kind} ${n.name}`)).toEqual([
      "ch:1 channel orders",
      "ch:2 dlq orders.dlq",
      "ch:3 channel clicks",
      "svc:0 service unknown service",
      "svc:10 service shop",
      "svc:11 service billing",
      "svc:12 service analytics",
    ]);
    expect(g.edges.map((e) => `${e.id} ${e.source}→${e.target}`)).toEqual([
      "consume:1:11 ch:1→svc:11",
      "consume:1:12 ch:1→svc:12",
      "consume:3:12 ch:3→svc:12",
      "dead_letter:1 ch:1→ch:2",
      "produce:0:3 svc:0→ch:3",
      "produce:10:1 svc:10→ch:1",
    ]);
  });

  it("sums types into an edge: rate per second over the window, error rate, percentiles, lag", () => {
    const produce = g.edges.find((e) => e.id === "produce:10:1")!;
    expect(produce).toMatchObject({
      count: 90,
      rate: 1.5,
      bytes: 6000,
      errorRate: 0,
      types: ["OrderCancelled", "OrderPlaced"],
      live: true,
      e2e: null,
      lag: null,
    });
    expect(produce.latency.p50).toBeCloseTo(5, -0.5);
    const consume = g.edges.find((e) => e.id === "consume:1:11")!;
    expect(consume).toMatchObject({
      count: 60,
      errors: 6,
      rate: 1,
      errorRate: 0.1,
      lag: 42,
      health: "danger",
      live: false,
    });
    expect(consume.e2e?.p95).toBeGreaterThan(19);
    expect(consume.e2e?.p95).toBeLessThan(21.5);
    expect(g.edges.find((e) => e.id === "consume:1:12")!.health).toBe("ok");
    expect(g.edges.find((e) => e.id === "consume:3:12")!.health).toBe("danger"); // p95 8 s
    expect(g.nodes.find((n) => n.id === "ch:1")).toMatchObject({
      inRate: 1.5,
      outRate: 2.1,
      depth: 7,
      live: true,
    });
  });

  it("draws dead letters to a synthetic DLQ node when the channel has no known dead-letter queue", () => {
    const noDlq = { ...dims, channels: new Map([...dims.channels].filter(([id]) => id !== 2)) };
    const h = buildFlowGraph(rows, noDlq, [], 60);
    expect(h.edges.find((e) => e.kind === "dead_letter")).toMatchObject({
      source: "ch:1",
      target: "dlq:1",
      count: 6,
    });
    expect(h.nodes.find((n) => n.id === "dlq:1")).toMatchObject({
      kind: "dlq",
      name: "orders (dead letters)",
      broker: "rabbit",
    });
  });

  it("a service filter keeps its channels with their other producers, consumers and DLQ", () => {
    const f = buildFlowGraph(rows, dims, [], 60, { service: "billing" });
    expect(f.edges.map((e) => e.id)).toEqual([
      "consume:1:11",
      "consume:1:12",
      "dead_letter:1",
      "produce:10:1",
    ]);
    expect(f.nodes.map((n) => n.id)).not.toContain("ch:3");
    expect(f.facets.services).toEqual(["analytics", "billing", "shop"]); // facets ignore the filters
  });

  it("filters by broker, channel and event type (and an unknown name keeps nothing)", () => {
    expect(buildFlowGraph(rows, dims, [], 60, { broker: "nats" }).edges.map((e) => e.id)).toEqual([
      "consume:3:12",
      "produce:0:3",
    ]);
    expect(buildFlowGraph(rows, dims, [], 60, { channel: "clicks" }).nodes.map((n) => n.id)).toEqual([
      "ch:3",
      "svc:0",
      "svc:12",
    ]);
    const typed = buildFlowGraph(rows, dims, [], 60, { type: "OrderCancelled" });
    expect(typed.edges).toHaveLength(1);
    expect(typed.edges[0]).toMatchObject({ id: "produce:10:1", count: 30, types: ["OrderCancelled"] });
    expect(buildFlowGraph(rows, dims, [], 60, { service: "nobody" }).nodes).toEqual([]);
    expect(buildFlowGraph(rows, dims, [], 60, { type: "Nope" }).edges).toEqual([]);
  });
});
